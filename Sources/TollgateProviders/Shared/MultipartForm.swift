/// A `multipart/form-data` body built in memory: text fields and file parts, in the order added.
/// Pure: the boundary is chosen from the content (the first candidate that occurs in no part), so the
/// same form always encodes to the same bytes.
struct MultipartForm: Sendable {
    private enum Part: Sendable {
        case field(name: String, value: String)
        case file(name: String, filename: String, contentType: String, bytes: [UInt8])
    }

    private var parts: [Part] = []

    init() {}

    /// Adds a text field.
    mutating func add(_ name: String, _ value: String) {
        parts.append(.field(name: name, value: value))
    }

    /// Adds a text field when `value` is present.
    mutating func add(_ name: String, _ value: String?) {
        if let value { add(name, value) }
    }

    /// Adds a file part.
    mutating func addFile(_ name: String, bytes: [UInt8], contentType: String, filename: String) {
        parts.append(.file(name: name, filename: filename, contentType: contentType, bytes: bytes))
    }

    /// The `POST` request carrying this form, with its `Content-Type` (boundary included).
    func request(path: String) -> UpstreamRequest {
        let (body, contentType) = encoded()
        return UpstreamRequest(path: path, headers: [("Content-Type", contentType)], body: body)
    }

    /// The encoded body and the `Content-Type` header value naming its boundary.
    func encoded() -> (body: [UInt8], contentType: String) {
        let boundary = self.boundary()
        var body: [UInt8] = []
        for part in parts {
            body += Array("--\(boundary)\r\n".utf8)
            switch part {
            case .field(let name, let value):
                body += Array("Content-Disposition: form-data; name=\"\(Self.quoted(name))\"\r\n\r\n".utf8)
                body += Array(value.utf8)
            case .file(let name, let filename, let contentType, let bytes):
                body += Array(
                    "Content-Disposition: form-data; name=\"\(Self.quoted(name))\"; filename=\"\(Self.quoted(filename))\"\r\n"
                        .utf8)
                body += Array("Content-Type: \(Self.headerSafe(contentType))\r\n\r\n".utf8)
                body += bytes
            }
            body += Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return (body, "multipart/form-data; boundary=\(boundary)")
    }

    /// The first candidate boundary that occurs in no part's content.
    private func boundary() -> String {
        var attempt = 0
        while true {
            let candidate = attempt == 0 ? "tollgate-form-7f3a9c" : "tollgate-form-7f3a9c-\(attempt)"
            let needle = Array(candidate.utf8)
            let clash = parts.contains { part in
                switch part {
                case .field(_, let value): Self.contains(Array(value.utf8), needle)
                case .file(_, _, _, let bytes): Self.contains(bytes, needle)
                }
            }
            if !clash { return candidate }
            attempt += 1
        }
    }

    /// Whether `needle` occurs in `haystack`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// A name or filename safe inside a quoted header parameter (the HTML form-encoding escapes).
    private static func quoted(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "%22"
            case "\r": escaped += "%0D"
            case "\n": escaped += "%0A"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// A header value with any line break removed.
    private static func headerSafe(_ text: String) -> String {
        // By scalar: "\r\n" is one Character, equal to neither "\r" nor "\n".
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" }))
    }
}
