import Crypto
import Foundation
import TollgateCore

/// API key secrets (SPEC §2): `nb_` followed by 45 random base62 characters; stored only as SHA-256.
/// A fast hash is right here: the secret carries ~268 bits of entropy, so it cannot be guessed offline.
public enum ApiKeySecret {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    /// The fixed prefix of every key.
    public static let prefix = "nb_"
    /// The total length of a key.
    public static let length = 48

    /// A new random key.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        var characters: [UInt8] = Array(prefix.utf8)
        characters.reserveCapacity(length)
        while characters.count < length {
            // Rejection sampling keeps every character equally likely.
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            if byte < 248 { characters.append(alphabet[Int(byte % 62)]) }
        }
        return String(decoding: characters, as: UTF8.self)
    }

    /// Whether `text` has the shape of a key (prefix, length, alphabet).
    public static func isWellFormed(_ text: Substring) -> Bool {
        text.utf8.count == length && text.hasPrefix(prefix)
            && text.utf8.dropFirst(prefix.utf8.count).allSatisfy { alphabet.contains($0) }
    }

    /// The hex SHA-256 of a key, as stored.
    public static func hash(_ key: Substring) -> String {
        Hex.lowercase(SHA256.hash(data: Array(key.utf8)))
    }

    /// The part of a key safe to show again: the prefix and the first four random characters.
    public static func displayPrefix(_ key: String) -> String {
        String(key.prefix(prefix.count + 4))
    }

    /// Compares two hashes in time independent of where they differ.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
