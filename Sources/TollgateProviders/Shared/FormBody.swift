/// An `application/x-www-form-urlencoded` body (OAuth token requests, SMS.ru): fields in the order given,
/// everything but RFC 3986's unreserved characters percent-encoded.
enum FormBody {
    /// The `POST` request carrying `fields` to `path`.
    static func request(path: String, _ fields: [(String, String)]) -> UpstreamRequest {
        UpstreamRequest(
            method: "POST", path: path, headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array(encode(fields).utf8))
    }

    /// `name=value&…`, percent-encoded.
    static func encode(_ fields: [(String, String)]) -> String {
        fields.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }
}
