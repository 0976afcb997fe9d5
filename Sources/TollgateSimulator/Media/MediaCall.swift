import Foundation
import Hummingbird

/// One media request being answered: its body read as JSON or as a form, the knobs in force, and
/// where result files are linked from.
struct MediaCall: Sendable {
    /// The request (its body already read into `body`).
    let request: Request
    /// The raw body.
    let body: [UInt8]
    /// The body as JSON, when it is JSON.
    let json: AnyJSON?
    /// The body as a form, when it is `multipart/form-data`.
    let form: MultipartBody?
    /// The knobs after the request's (and, for polls, its job's) overrides.
    let knobs: SimulatorKnobs
    /// The overrides the request set for itself (kept with a job it creates, for that job's polls).
    let overrides: KnobOverrides
    /// The request's sequence number, for ids.
    let sequence: Int
    /// `http://host:port` to link result files from.
    let baseURL: String
    /// When the answer is made.
    let now = Date()

    /// The query parameter `name`.
    func query(_ name: String) -> String? {
        request.uri.queryParameters.get(name)
    }

    /// The string field `name`: a JSON member or a form field.
    func string(_ name: String) -> String? {
        json?[name]?.stringValue ?? form?.field(name)
    }

    /// The JSON member or form field `name` as a whole number.
    func int(_ name: String) -> Int? {
        json?[name]?.intValue ?? form?.field(name).flatMap { Int($0) }
    }

    /// The JSON member or form field `name` as a number.
    func double(_ name: String) -> Double? {
        json?[name]?.doubleValue ?? form?.field(name).flatMap { Double($0) }
    }

    /// The link to a generated file.
    func link(_ file: ResultFile) -> String {
        file.url(base: baseURL)
    }

    /// A deterministic id of `length` lowercase base-32 characters for this request, as Replicate's.
    func base32ID(length: Int = 26) -> String {
        var random = SeededRandom(seed: UInt64(sequence) &* 0x9E37_79B9_7F4A_7C15 ^ SeededRandom.seed(request.uri.path))
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        return String((0..<length).map { _ in alphabet[Int(random.next() % 32)] })
    }

    /// A deterministic UUID (version 4 layout) for this request, as Luma's and LegNext's ids.
    func uuid() -> String {
        var random = SeededRandom(seed: UInt64(sequence) &* 0xD6E8_FEB8_6659_FD93 ^ SeededRandom.seed(request.uri.path))
        let high = random.next(), low = random.next()
        let hex = String(format: "%016llx%016llx", high, low)
        let characters = Array(hex)
        func slice(_ range: Range<Int>) -> String { String(characters[range]) }
        return "\(slice(0..<8))-\(slice(8..<12))-4\(slice(13..<16))-a\(slice(17..<20))-\(slice(20..<32))"
    }

    /// A deterministic lowercase hex id of `length` digits for this request.
    func hexID(length: Int = 32) -> String {
        var random = SeededRandom(seed: UInt64(sequence) &* 0xA076_1D64_78BD_642F ^ SeededRandom.seed(request.uri.path))
        var text = ""
        while text.count < length { text += String(format: "%016llx", random.next()) }
        return String(text.prefix(length))
    }
}
