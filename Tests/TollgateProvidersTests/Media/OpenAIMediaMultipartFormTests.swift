import Testing

@testable import TollgateProviders

@Suite("Multipart form bodies (OpenAI and ElevenLabs uploads)")
struct OpenAIMediaMultipartFormTests {
    @Test("fields and files encode in order, byte for byte, with a closing boundary")
    func exactBytes() {
        var form = MultipartForm()
        form.add("model", "whisper-1")
        form.addFile("file", bytes: [0x01, 0x02], contentType: "audio/mpeg", filename: "a.mp3")
        let (body, contentType) = form.encoded()
        #expect(contentType == "multipart/form-data; boundary=tollgate-form-7f3a9c")
        let expected =
            Array(
                """
                --tollgate-form-7f3a9c\r
                Content-Disposition: form-data; name="model"\r
                \r
                whisper-1\r
                --tollgate-form-7f3a9c\r
                Content-Disposition: form-data; name="file"; filename="a.mp3"\r
                Content-Type: audio/mpeg\r
                \r

                """.utf8) + [0x01, 0x02] + Array("\r\n--tollgate-form-7f3a9c--\r\n".utf8)
        #expect(body == expected)
    }

    @Test("a boundary that occurs in the content is never used; the parts still read back intact")
    func boundaryAvoidsContent() throws {
        let tricky = Array("audio--tollgate-form-7f3a9c--more and tollgate-form-7f3a9c-1 too".utf8)
        var form = MultipartForm()
        form.addFile("file", bytes: tricky, contentType: "audio/wav", filename: "t.wav")
        form.add("note", "tollgate-form-7f3a9c-2")
        let request = form.request(path: "/upload")
        #expect(request.header("Content-Type") == "multipart/form-data; boundary=tollgate-form-7f3a9c-3")
        let parts = try MultipartReader(request)
        #expect(parts["file"]?.body == tricky)
        #expect(parts.fields == ["note": "tollgate-form-7f3a9c-2"])
    }

    @Test("the same form always encodes to the same bytes")
    func deterministic() {
        func make() -> [UInt8] {
            var form = MultipartForm()
            form.add("a", "1")
            form.addFile("f", bytes: Array(0...255), contentType: "application/octet-stream", filename: "x.bin")
            return form.encoded().body
        }
        #expect(make() == make())
    }

    @Test("quotes and line breaks in a filename cannot forge headers")
    func filenameEscaped() throws {
        var form = MultipartForm()
        form.addFile("file", bytes: [1], contentType: "audio/mpeg\r\nX-Evil: 1", filename: "a\"b\r\nX-Evil: 1.mp3")
        let text = String(decoding: form.encoded().body, as: UTF8.self)
        #expect(text.contains(#"filename="a%22b%0D%0AX-Evil: 1.mp3""#))
        #expect(text.contains("Content-Type: audio/mpegX-Evil: 1\r\n"))
        #expect(!text.contains("\r\nX-Evil"))
    }

    @Test("absent optional fields are left out")
    func optionalFields() throws {
        var form = MultipartForm()
        form.add("language", nil as String?)
        form.add("model", "m")
        #expect(try MultipartReader(form.request(path: "/x")).fields == ["model": "m"])
    }
}
