import Testing
import TollgateCore

@testable import TollgateProviders

@Suite("Gemini request mapping")
struct GeminiRequestTests {
    @Test(
        "a conversation maps to the recorded generateContent body: systemInstruction, model role, inline and file images"
    )
    func bufferedRequest() throws {
        let request = try GeminiChatMapping.request(
            SampleConversation.request(model: "gemini-2.5-flash"), stream: false)
        #expect(request.method == "POST")
        #expect(request.path == "/v1beta/models/gemini-2.5-flash:generateContent")
        #expect(request.headers.isEmpty)
        #expect(try request.json() == Fixture.json("gemini/request.json"))
        #expect(GeminiChatMapping.auth == .header("x-goog-api-key"))
    }

    @Test("a stream uses streamGenerateContent with alt=sse and the same body")
    func streamRequest() throws {
        let request = try GeminiChatMapping.request(
            SampleConversation.request(model: "models/gemini-2.5-pro"), stream: true)
        #expect(request.path == "/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse")
        #expect(try request.json() == Fixture.json("gemini/request.json"))
    }

    @Test("no parameters, no generationConfig; no system message, no systemInstruction")
    func minimalRequest() throws {
        let chat = ChatRequest(model: "gemini-2.5-flash", messages: [ChatMessage(role: .user, text: "Hi")])
        let body = try GeminiChatMapping.request(chat, stream: false).json()
        #expect(body == ["contents": [["role": "user", "parts": [["text": "Hi"]]]]])
    }

    @Test(
        "remote image mime types come from the file extension",
        arguments: [
            ("https://example.com/a/cat.PNG", "image/png"), ("https://example.com/cat.webp?size=2", "image/webp"),
            ("https://example.com/cat.gif#frame", "image/gif"), ("https://example.com/cat.heic", "image/heic"),
            ("https://example.com/cat", "image/jpeg"), ("https://example.com/photo.jpg", "image/jpeg"),
        ])
    func mimeTypes(_ url: String, _ mimeType: String) throws {
        let chat = ChatRequest(model: "gemini-2.5-flash", messages: [ChatMessage(role: .user, parts: [.imageURL(url)])])
        let body = try GeminiChatMapping.request(chat, stream: false).json()
        let expected: JSONValue = [
            "contents": [
                ["role": "user", "parts": [["fileData": ["mimeType": .string(mimeType), "fileUri": .string(url)]]]]
            ]
        ]
        #expect(body == expected)
    }

    @Test("the top_k option goes in generationConfig")
    func topK() throws {
        let chat = ChatRequest(
            model: "gemini-2.5-flash", messages: [ChatMessage(role: .user, text: "Hi")], options: ["top_k": 20])
        let body = try GeminiChatMapping.request(chat, stream: false).json()
        #expect(body == ["contents": [["role": "user", "parts": [["text": "Hi"]]]], "generationConfig": ["topK": 20]])
    }
}
