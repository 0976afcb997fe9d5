import NIOCore
import Testing
import TollgateCore

@testable import TollgateServer
@testable import TollgateServices

/// The multipart reader of uploads: the boundary is checked first (MultipartKit's precondition stopped the process
/// on an empty one), and the reader is our own (MultipartKit's trapped on a byte ≥ 0x80 in a header name, found by
/// scripts/fuzz): every malformed body is a 400, never a crash.
struct MultipartFormTests {
    static let contentType = "multipart/form-data; boundary=b0undary"

    static func parse(_ body: String) throws -> MultipartForm {
        try MultipartForm.parse(ByteBuffer(string: body), contentType: contentType)
    }

    @Test func fieldsAndFilesAreRead() throws {
        let form = try Self.parse(
            "preamble\r\n--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"запись.mp3\"\r\n"
                + "Content-Type: audio/mpeg\r\n\r\nID3\r\n--b0undary\r\nContent-Disposition: form-data; name=\"empty\"\r\n"
                + "\r\n\r\n--b0undary  \r\ncontent-disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n"
                + "--b0undary--\r\nepilogue")
        #expect(form.parts.map(\.name) == ["file", "empty", "model"])
        #expect(form.part("file")?.filename == "запись.mp3" && form.part("file")?.contentType == "audio/mpeg")
        #expect(form.part("file")?.text == "ID3" && form.field("empty") == "" && form.field("model") == "whisper-1")
        // A body holding the boundary's text, but not after a line break, is content.
        let inner = try Self.parse(
            "--b0undary\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx--b0undary y\r\n--b0undary--")
        #expect(inner.field("a") == "x--b0undary y")
    }

    @Test(arguments: [
        "", "--b0undary", "--b0undary\r\n", "no delimiter at all",
        "--b0undary\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated",
        "--b0undary\r\nBad Header\r\n\r\nx\r\n--b0undary--",
        "--b0undary\r\nContent-Disposio\u{BC}n: form-data; name=\"a\"\r\n\r\nx\r\n--b0undary--",
        "--b0undary\r\n: empty name\r\n\r\nx\r\n--b0undary--", "--b0undaryX\r\n\r\n\r\n--b0undary--",
    ])
    func malformedBodiesAreRefused(_ body: String) {
        let error = #expect(throws: APIError.self) { try Self.parse(body) }
        #expect(error?.httpStatus == 400)
    }

    @Test(arguments: [
        ("multipart/form-data; boundary=abc", "abc"),
        ("multipart/form-data; boundary=\"a b:c\"", "a b:c"),
        ("Multipart/Form-Data;boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW", "----WebKitFormBoundary7MA4YWxkTrZu0gW"),
    ])
    func boundariesRFC2046Allows(_ contentType: String, _ boundary: String) {
        #expect(MultipartForm.boundary(contentType) == boundary)
    }

    @Test(arguments: [
        "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"", "multipart/form-data; boundary=;",
        "multipart/form-data; boundary=\"", "multipart/form-data",
        "multipart/form-data; boundary=" + String(repeating: "a", count: 71),
        "multipart/form-data; boundary=a\u{0}b", "multipart/form-data; boundary=\"ab \"",
        "application/json; boundary=abc",
    ])
    func boundariesItRefuses(_ contentType: String) throws {
        #expect(MultipartForm.boundary(contentType) == nil)
        let error = #expect(throws: APIError.self) {
            try MultipartForm.parse(ByteBuffer(string: "--\r\n"), contentType: contentType)
        }
        #expect(error?.httpStatus == 400)
    }
}
