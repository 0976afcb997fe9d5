import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer

/// Text a client cannot mean (found by bench/fuzz.sh): a NUL in a JSON string reached PostgreSQL, which cannot
/// store one (500), and in an upload's file name reached the provider's request (500). Both are a 400 on either
/// database, before anything is admitted or charged.
@Suite struct HostileTextTests {
    static let databases = TestDatabase.available

    @Test(arguments: databases)
    func aNULInAJSONStringIsRefused(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        let (_, key) = try await app.account(tokens: 100)
        try await app.test { client in
            for (method, path, json) in [
                (HTTPRequest.Method.post, "/api/v2/generate", #"{"model": "gpt-5-nano", "prompt": "a\u0000b"}"#),
                (
                    .post, "/v1/chat/completions",
                    #"{"model": "gpt-5-nano", "messages": [{"role": "user", "content": "\u0000"}]}"#
                ),
                (.post, "/api/v2/keys", #"{"name": "\u0000nul"}"#),
                (.post, "/api/v2/auth/login", #"{"email": "a\u0000@example.com", "password": "12345678"}"#),
            ] {
                let answer = try await client.call(method, path, bearer: key, json: json)
                #expect(answer.status == .badRequest, "\(path): \(String(buffer: answer.body))")
                #expect(String(buffer: answer.body).contains("NUL"), "\(path)")
            }
            // An escaped backslash before "u0000" is text, not a NUL (this app has no provider: 503, not 400).
            let fine = try await client.call(
                .post, "/api/v2/generate", bearer: key, json: #"{"model": "gpt-5-nano", "prompt": "\\u0000"}"#)
            #expect(fine.status == .serviceUnavailable, "\(String(buffer: fine.body))")
        }
        await app.close()
    }

    @Test func aControlCharacterInAnUploadsFileNameIsRefused() async throws {
        let app = try await TestApp.make(.sqlite)
        let (_, key) = try await app.account(tokens: 100)
        try await app.test { client in
            let boundary = "b0undary"
            var body = ByteBuffer()
            body.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp3\u{0}.exe\"\r\n"
                    + "Content-Type: audio/mpeg\r\n\r\nID3\r\n--\(boundary)\r\n"
                    + "Content-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n--\(boundary)--\r\n")
            for path in ["/v1/audio/transcriptions", "/api/v2/stt"] {
                let answer = try await client.execute(
                    uri: path, method: .post,
                    headers: [
                        .authorization: "Bearer \(key)", .contentType: "multipart/form-data; boundary=\(boundary)",
                    ], body: body
                ) { $0 }
                #expect(answer.status == .badRequest, "\(path): \(String(buffer: answer.body))")
                #expect(String(buffer: answer.body).contains("control characters"), "\(path)")
            }
        }
        await app.close()
    }
}
