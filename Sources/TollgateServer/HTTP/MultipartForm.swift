import Foundation
import HTTPTypes
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

    /// Parses `buffer` with the boundary from `contentType`; 400 if it is not multipart form data (RFC 7578 over
    /// RFC 2046's framing). Our own reader: MultipartKit's traps on input (an empty boundary; a byte ≥ 0x80 in a
    /// part's header name indexes past its table), which would let one request stop the process.
    static func parse(_ buffer: ByteBuffer, contentType: String?) throws -> MultipartForm {
        guard let contentType, let boundary = boundary(contentType) else {
            throw APIError.badRequest("Content-Type must be multipart/form-data with a boundary of 1 to 70 characters.")
        }
        guard let parts = try Self.parts(Array(buffer.readableBytesView), delimiter: Array(("--" + boundary).utf8))
        else {
            throw APIError.badRequest("The multipart body could not be parsed.")
        }
        return MultipartForm(parts: parts)
    }

    static let maxParts = 64
    static let maxHeaderBytes = 8192

    /// The parts of `body` delimited by `delimiter` (`--` and the boundary); nil if the framing is broken.
    static func parts(_ body: [UInt8], delimiter: [UInt8]) throws -> [Part]? {
        let crlf: [UInt8] = [13, 10]
        // The first delimiter opens the body or follows the preamble's CRLF.
        guard var position = find(delimiter, in: body, from: 0, atLineStart: true) else { return nil }
        var parts: [Part] = []
        while true {
            position += delimiter.count
            if body[position...].starts(with: [45, 45]) { return parts }  // the close delimiter
            while position < body.count, body[position] == 32 || body[position] == 9 { position += 1 }
            guard body[position...].starts(with: crlf), parts.count < maxParts else { return nil }
            position += 2
            guard let headerEnd = find([13, 10, 13, 10], in: body, from: position - 2, atLineStart: false),
                headerEnd + 2 - position <= maxHeaderBytes
            else { return nil }
            guard let headers = self.headers(body[position..<max(position, headerEnd)]) else { return nil }
            let content = headerEnd + 4
            guard let next = find(crlf + delimiter, in: body, from: content - 2, atLineStart: false),
                next >= content - 2
            else { return nil }
            let disposition = headers.first { $0.0 == "content-disposition" }?.1 ?? ""
            if let name = parameter("name", in: disposition) {
                let part = Part(
                    name: name, filename: parameter("filename", in: disposition),
                    contentType: headers.first { $0.0 == "content-type" }?.1,
                    body: next >= content ? Array(body[content..<next]) : [])
                // A file name or type with a NUL or other control byte would reach the provider's request.
                if [part.filename, part.contentType].contains(where: { $0.map(hasControlBytes) ?? false }) {
                    throw APIError.badRequest("A part's file name or type contains control characters.")
                }
                parts.append(part)
            }
            position = next + 2
        }
    }

    /// A part's header lines; nil if one is not `token: value`.
    static func headers(_ block: ArraySlice<UInt8>) -> [(String, String)]? {
        var headers: [(String, String)] = []
        for line in block.split(separator: 10, omittingEmptySubsequences: true) {
            let line = line.last == 13 ? line.dropLast() : line
            guard let colon = line.firstIndex(of: 58), colon > line.startIndex,
                line[..<colon].allSatisfy(isTokenByte)
            else { return nil }
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            headers.append((String(decoding: line[..<colon], as: UTF8.self).lowercased(), value))
        }
        return headers
    }

    static func hasControlBytes(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 32 && $0 != "\t") || $0.value == 127 }
    }

    /// RFC 9110's `tchar`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 48...57, 65...90, 97...122: true
        case 33, 35, 36, 37, 38, 39, 42, 43, 45, 46, 94, 95, 96, 124, 126: true
        default: false
        }
    }

    /// Where `needle` next occurs in `haystack` from `start` (and, with `atLineStart`, only at the very start
    /// or right after a CRLF).
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int, atLineStart: Bool) -> Int? {
        guard let first = needle.first, start >= 0, needle.count <= haystack.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle),
                !atLineStart || index == 0 || (index >= 2 && haystack[index - 2] == 13 && haystack[index - 1] == 10)
            {
                return index
            }
            index += 1
        }
        return nil
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
