import Foundation
import Testing
import TollgateCore

@testable import TollgateProviders

/// Media requests built as the gateway builds them: params resolved against the bundled catalog
/// (checked, defaults filled), the catalog's `upstream_model` as the model.
enum CatalogMediaRequest {
    static let catalog: Catalog = {
        do { return try Catalog.bundled() } catch { fatalError("the bundled catalog does not load: \(error)") }
    }()

    static func make(
        _ slug: String, prompt: String? = nil, params: [String: JSONValue] = [:], inputs: [String: MediaInput] = [:]
    ) throws -> MediaRequest {
        let entry = try #require(catalog.model(slug), "no catalog entry \(slug)")
        return MediaRequest(
            slug: slug, model: entry.upstreamModel, category: entry.category.rawValue, prompt: prompt,
            params: try entry.resolveParams(params), inputs: inputs)
    }

    /// A few bytes that start like an MP3 frame.
    static let mp3: [UInt8] = [0xFF, 0xFB, 0x90, 0x64, 0x00, 0x0F, 0xF0, 0x00]

    /// An uploaded audio file.
    static func audio(_ bytes: [UInt8] = mp3, filename: String = "meeting.mp3") -> MediaInput {
        .data(bytes: bytes, contentType: "audio/mpeg", filename: filename)
    }

    /// A 2xx binary answer.
    static func binary(_ bytes: [UInt8], contentType: String) -> UpstreamResponse {
        UpstreamResponse(status: 200, headers: [("Content-Type", contentType)], body: bytes)
    }

    /// A JSON answer from a fixture.
    static func json(_ fixture: String, status: Int = 200, headers: [(String, String)] = []) throws -> UpstreamResponse
    {
        UpstreamResponse(
            status: status, headers: [("Content-Type", "application/json")] + headers, body: try Fixture.bytes(fixture))
    }
}

extension JSONValue {
    /// This value with every integer as a fractional number, so `1` and `1.0` compare equal.
    var mediaNormalized: JSONValue {
        switch self {
        case .int(let value): .double(Double(value))
        case .array(let items): .array(items.map(\.mediaNormalized))
        case .object(let fields): .object(fields.mapValues(\.mediaNormalized))
        default: self
        }
    }
}

/// A `multipart/form-data` body read back into its parts, to check what a mapping sent.
struct MultipartReader {
    struct Part: Equatable {
        var name: String
        var filename: String?
        var contentType: String?
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
    }

    var parts: [Part]

    /// Reads the body of `request`, whose `Content-Type` must name the boundary.
    init(_ request: UpstreamRequest) throws {
        let contentType = try #require(request.header("Content-Type"))
        let prefix = "multipart/form-data; boundary="
        try #require(contentType.hasPrefix(prefix), "not multipart: \(contentType)")
        let boundary = Array(("--" + contentType.dropFirst(prefix.count)).utf8)
        let body = request.body ?? []
        var parts: [Part] = []
        var sections = Self.split(body, by: boundary)
        let last = sections.popLast()
        let closing = try #require(last, "no closing boundary")
        #expect(closing == Array("--\r\n".utf8), "the body must end with the closing boundary")
        #expect(sections.first == [], "nothing may precede the first boundary")
        for section in sections.dropFirst() {
            // Each section is "\r\n<headers>\r\n\r\n<body>\r\n".
            let text = Array(section.dropFirst(2).dropLast(2))
            let separator = Array("\r\n\r\n".utf8)
            let split = Self.split(text, by: separator, limit: 1)
            let headers = String(decoding: split[0], as: UTF8.self).components(separatedBy: "\r\n")
            var part = Part(name: "", body: split.count > 1 ? split[1] : [])
            for header in headers {
                let lower = header.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    part.name = Self.parameter("name", in: header) ?? ""
                    part.filename = Self.parameter("filename", in: header)
                } else if lower.hasPrefix("content-type:") {
                    part.contentType = header.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
                }
            }
            parts.append(part)
        }
        self.parts = parts
    }

    /// The part named `name` (the first, if several).
    subscript(name: String) -> Part? { parts.first { $0.name == name } }

    /// The text fields by name.
    var fields: [String: String] {
        Dictionary(
            parts.filter { $0.filename == nil }.map { ($0.name, $0.text) }, uniquingKeysWith: { first, _ in first })
    }

    private static func parameter(_ name: String, in header: String) -> String? {
        guard let range = header.range(of: "; \(name)=\"") else { return nil }
        let rest = header[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    private static func split(_ bytes: [UInt8], by separator: [UInt8], limit: Int = .max) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var start = 0
        var index = 0
        while index + separator.count <= bytes.count, pieces.count < limit {
            if bytes[index..<(index + separator.count)].elementsEqual(separator) {
                pieces.append(Array(bytes[start..<index]))
                index += separator.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(Array(bytes[start...]))
        return pieces
    }
}
