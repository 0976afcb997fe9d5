import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TollgateSimulator

/// Request helpers for the media routes.
enum MediaRequests {
    /// `Authorization: Bearer …` with a JSON body.
    static let bearer: HTTPFields = [.authorization: "Bearer sk-test", .contentType: "application/json"]

    /// ElevenLabs' `xi-api-key`.
    static var elevenLabs: HTTPFields {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[.init("xi-api-key")!] = "xi-test"
        return headers
    }

    /// LegNext's `x-api-key`.
    static var legNext: HTTPFields {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[.init("x-api-key")!] = "legnext-test"
        return headers
    }

    /// A JSON body.
    static func json(_ object: JSONObject) -> ByteBuffer {
        Requests.buffer(object)
    }

    /// A `multipart/form-data` body of text `fields` and `files` (name, filename, type, bytes), and
    /// `headers` with its content type added.
    static func form(
        _ fields: [(String, String)], files: [(String, String, String, [UInt8])] = [], headers: HTTPFields
    ) -> (body: ByteBuffer, headers: HTTPFields) {
        let boundary = "sim-test-boundary-42"
        var bytes: [UInt8] = []
        for (name, value) in fields {
            bytes += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, filename, type, data) in files {
            bytes += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n"
                    .utf8)
            bytes += data + Array("\r\n".utf8)
        }
        bytes += Array("--\(boundary)--\r\n".utf8)
        var fields = headers
        fields[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return (ByteBuffer(bytes: bytes), fields)
    }

    /// The path (and query) of an absolute link to the simulator.
    static func path(of url: String) -> String {
        guard let components = URLComponents(string: url) else { return url }
        return components.path + (components.query.map { "?" + $0 } ?? "")
    }
}

extension ByteBuffer {
    /// The readable bytes.
    var bytes: [UInt8] { Array(readableBytesView) }
}

/// Whether `bytes` start with `prefix`.
func starts(_ bytes: [UInt8], with prefix: [UInt8]) -> Bool {
    bytes.count >= prefix.count && Array(bytes.prefix(prefix.count)) == prefix
}

/// Magic numbers of the generated formats.
enum Magic {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF]
    static let riff = Array("RIFF".utf8)
    static let ogg = Array("OggS".utf8)
    static let mp3: [UInt8] = [0xFF, 0xFB]

    /// `RIFF....WEBP`.
    static func isWebP(_ bytes: [UInt8]) -> Bool {
        starts(bytes, with: riff) && bytes.count > 12 && Array(bytes[8..<12]) == Array("WEBP".utf8)
    }

    /// `RIFF....WAVE`.
    static func isWAV(_ bytes: [UInt8]) -> Bool {
        starts(bytes, with: riff) && bytes.count > 12 && Array(bytes[8..<12]) == Array("WAVE".utf8)
    }

    /// `....ftyp` first.
    static func isMP4(_ bytes: [UInt8]) -> Bool {
        bytes.count > 8 && Array(bytes[4..<8]) == Array("ftyp".utf8)
    }
}

/// Knobs for quick jobs.
func quickJobs(_ milliseconds: Int = 0) -> SimulatorKnobs {
    var knobs = SimulatorKnobs()
    knobs.jobMs = milliseconds
    return knobs
}
