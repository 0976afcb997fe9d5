/// A `multipart/form-data` request body read into its parts (RFC 7578): text fields and files.
struct MultipartBody: Sendable {
    /// One part of the form.
    struct Part: Sendable {
        /// The field name (`name=` of `Content-Disposition`).
        var name: String
        /// The file name, for file parts.
        var filename: String?
        /// The part's own `Content-Type`, if it sent one.
        var contentType: String?
        /// The part's bytes.
        var bytes: [UInt8]

        /// Whether the part is a file upload rather than a text field.
        var isFile: Bool { filename != nil }
        /// The bytes as UTF-8 text.
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// The parts, in order.
    var parts: [Part]

    /// The first part named `name`.
    func part(_ name: String) -> Part? {
        parts.first { $0.name == name }
    }

    /// The text of the first non-file part named `name`.
    func field(_ name: String) -> String? {
        parts.first { $0.name == name && !$0.isFile }?.text
    }

    /// Every text field's value, in order (where a directive may hide).
    var textFields: [String] {
        parts.filter { !$0.isFile }.map(\.text)
    }

    /// The boundary named by a `multipart/form-data; boundary=…` content type, if it is one.
    static func boundary(contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingSpaces.lowercased() == "boundary" else { continue }
            var value = pair[1].trimmingSpaces
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = value.dropFirst().dropLast()
            }
            return value.isEmpty ? nil : String(value)
        }
        return nil
    }

    /// Reads `bytes` split by `boundary`; `nil` when the body is not a well-formed form.
    init?(bytes: [UInt8], boundary: String) {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [Part] = []
        guard var position = Self.find(delimiter, in: bytes, from: 0) else { return nil }
        while true {
            position += delimiter.count
            // `--` after a delimiter closes the form.
            if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "-"),
                bytes[position + 1] == UInt8(ascii: "-")
            {
                break
            }
            guard let headerStart = Self.skipLineEnd(bytes, position) else { return nil }
            guard let headerEnd = Self.find(Array("\r\n\r\n".utf8), in: bytes, from: headerStart) else { return nil }
            let bodyStart = headerEnd + 4
            guard let next = Self.find(Array("\r\n".utf8) + delimiter, in: bytes, from: bodyStart) else { return nil }
            let headers = String(decoding: bytes[headerStart..<headerEnd], as: UTF8.self)
            guard let part = Self.part(headers: headers, body: Array(bytes[bodyStart..<next])) else { return nil }
            parts.append(part)
            position = next + 2
        }
        self.parts = parts
    }

    private static func part(headers: String, body: [UInt8]) -> Part? {
        var name: String?
        var filename: String?
        var contentType: String?
        for line in headers.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let field = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaces
            if field == "content-type" {
                contentType = String(value)
            } else if field == "content-disposition" {
                for parameter in value.split(separator: ";").dropFirst() {
                    let pair = parameter.split(separator: "=", maxSplits: 1)
                    guard pair.count == 2 else { continue }
                    var text = pair[1].trimmingSpaces
                    if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 {
                        text = text.dropFirst().dropLast()
                    }
                    switch pair[0].trimmingSpaces.lowercased() {
                    case "name": name = String(text)
                    case "filename": filename = String(text)
                    default: break
                    }
                }
            }
        }
        guard let name else { return nil }
        return Part(name: name, filename: filename, contentType: contentType, bytes: body)
    }

    private static func skipLineEnd(_ bytes: [UInt8], _ position: Int) -> Int? {
        var index = position
        // Transport padding (spaces) may follow a delimiter before its line end.
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") {
            index += 1
        }
        guard index + 1 < bytes.count, bytes[index] == 13, bytes[index + 1] == 10 else { return nil }
        return index + 2
    }

    /// The first index of `needle` in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count, start <= haystack.count - needle.count else {
            return nil
        }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}
