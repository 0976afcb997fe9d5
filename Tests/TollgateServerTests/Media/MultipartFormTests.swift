import NIOCore
import Testing
import TollgateCore

@testable import TollgateServer
@testable import TollgateServices

/// The boundary is checked before MultipartKit's parser, whose precondition stops the process on an empty one.
struct MultipartFormTests {
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
