import Foundation
import HTTPTypes
import MultipartKit
import NIOCore
import TollgateCore
import TollgateServices

/// A parsed `multipart/form-data` body: its fields and files by name.
struct MultipartForm {
    struct Part {
        var name: String
        var filename: String?
        var contentType: String?
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
    }

    var parts: [Part]

    func part(_ name: String) -> Part? { parts.first { $0.name == name } }
    func field(_ name: String) -> String? { part(name).map(\.text) }

    /// Parses `buffer` with the boundary from `contentType`; 400 if it is not multipart form data.
    static func parse(_ buffer: ByteBuffer, contentType: String?) throws -> MultipartForm {
        guard let contentType, let boundary = boundary(contentType) else {
            throw APIError.badRequest("Content-Type must be multipart/form-data with a boundary of 1 to 70 characters.")
        }
        let parser = MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var headers: [(String, String)] = []
        var body: [UInt8] = []
        var controlled = false
        parser.onHeader = { name, value in
            // A NUL or other control byte in a part's header (a file name, say) would reach the provider's request.
            if value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) {
                controlled = true
            }
            headers.append((name.lowercased(), value))
        }
        parser.onBody = { chunk in body += chunk.readableBytesView }
        parser.onPartComplete = {
            let disposition = headers.first { $0.0 == "content-disposition" }?.1 ?? ""
            if let name = Self.parameter("name", in: disposition) {
                parts.append(
                    Part(
                        name: name, filename: Self.parameter("filename", in: disposition),
                        contentType: headers.first { $0.0 == "content-type" }?.1, body: body))
            }
            headers = []
            body = []
        }
        do {
            try parser.execute(buffer)
        } catch {
            throw APIError.badRequest("The multipart body could not be parsed.")
        }
        guard !controlled else {
            throw APIError.badRequest("A part's headers (its file name, say) contain control characters.")
        }
        return MultipartForm(parts: parts)
    }

    /// The boundary of a `multipart/form-data` content type, if it is one RFC 2046 allows: 1 to 70
    /// characters from its set, quoted or not. (The parser's precondition stops the process on an empty one.)
    static func boundary(_ contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        guard
            let raw = contentType.split(separator: ";").lazy
                .map({ $0.trimmingCharacters(in: .whitespaces) })
                .first(where: { $0.lowercased().hasPrefix("boundary=") })?
                .dropFirst("boundary=".count)
        else { return nil }
        var boundary = Substring(raw)
        if boundary.count >= 2, boundary.hasPrefix("\""), boundary.hasSuffix("\"") {
            boundary = boundary.dropFirst().dropLast()
        }
        guard (1...70).contains(boundary.utf8.count), boundary.last != " ",
            boundary.unicodeScalars.allSatisfy({ boundaryCharacters.contains($0) })
        else { return nil }
        return String(boundary)
    }

    private static let boundaryCharacters = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'()+_,-./:=? ")

    static func parameter(_ name: String, in disposition: String) -> String? {
        for piece in disposition.split(separator: ";") {
            let pair = piece.trimmingCharacters(in: .whitespaces)
            guard pair.lowercased().hasPrefix(name + "=") else { continue }
            return String(pair.dropFirst(name.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }
}
