import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// Media models end to end against the simulator: sync and async generations, re-hosted files,
/// transcription uploads, failures and deadlines.
@Suite struct MediaGenerationTests {
    static let databases = TestDatabase.available

    /// Polls a generation until it leaves `pending`.
    static func waitFinished(_ fixture: GatewayFixture, _ id: Int64, seconds: Double = 20) async throws -> JSONValue {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < deadline {
            let reply = try await fixture.get("/api/v2/generate/\(id)")
            if reply.json["status"] != "pending" { return reply.json }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await fixture.get("/api/v2/generate/\(id)").json
    }

    static func fetch(_ url: String) async throws -> TestHTTP.Reply {
        try await TestHTTP.request(.GET, url)
    }

    @Test(arguments: databases)
    func asyncImageIsPendingThenCompletedWithAKeptFile(_ database: TestDatabase) async throws {
        try await Self.asyncImage(database)
    }

    /// The same with results kept in a live S3-compatible bucket (moto).
    @Test(.enabled(if: MotoServer.available), arguments: databases)
    func asyncImageIsKeptInS3(_ database: TestDatabase) async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        try await Self.asyncImage(database, s3: try await moto.makeBucket())
    }

    static func asyncImage(_ database: TestDatabase, s3: S3Settings? = nil) async throws {
        let fixture = try await GatewayFixture.start(database) { $0.s3 = s3 }
        let before = try await fixture.balance()
        let reply = try await fixture.post("/api/v2/generate", #"{"model": "flux-1.1-pro", "prompt": "a red fox"}"#)
        #expect(reply.status == 200)
        #expect(
            reply.json["status"] == "pending" && reply.json["tokens_spent"] == 0 && reply.json["processing_ms"] == .null
        )
        let id = try #require(reply.json["id"]?.intValue)
        let done = try await Self.waitFinished(fixture, id)
        #expect(done["status"] == "completed", "\(done)")
        #expect(done["tokens_spent"] == 4)
        let url = try #require(done["result_url"]?.stringValue)
        #expect(url.hasPrefix(fixture.gateway.url + "/files/"))
        let file = try await Self.fetch(url)
        #expect(file.status == 200)
        #expect(file.headers.first(name: "content-type")?.hasPrefix("image/") == true)
        if let s3 {
            // The served bytes are the bucket's object under the file's storage key.
            let bucket = S3FileStorage(s3)
            let token = String(url.dropFirst((fixture.gateway.url + "/files/").count).prefix { $0 != "." })
            let object = try #require(try await bucket.get(key: token))
            #expect(!object.isEmpty && String(decoding: object, as: UTF8.self) == file.body)
            await bucket.shutdown()
        }
        #expect(try await fixture.balance() == before - 4)
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    @Test(arguments: databases)
    func syncImageAndSpeechCompleteInTheRequest(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database)
        let image = try await fixture.post(
            "/api/v2/generate",
            #"{"model": "dall-e-3", "prompt": "a lighthouse", "size": "1792x1024", "quality": "hd"}"#)
        #expect(image.status == 200 && image.json["status"] == "completed", "\(image.body)")
        #expect(image.json["tokens_spent"] == 13)
        #expect(image.json["result_metadata"]?["width"] == 1792)
        let file = try await Self.fetch(try #require(image.json["result_url"]?.stringValue))
        #expect(file.status == 200 && file.headers.first(name: "content-type")?.hasPrefix("image/") == true)

        let speech = try await fixture.post(
            "/api/v2/generate", #"{"model": "openai-tts", "text": "Hello there", "voice_id": "alloy"}"#)
        #expect(speech.status == 200 && speech.json["status"] == "completed", "\(speech.body)")
        let audio = try await Self.fetch(try #require(speech.json["result_url"]?.stringValue))
        #expect(audio.headers.first(name: "content-type")?.hasPrefix("audio/") == true)
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    @Test(arguments: databases)
    func failedJobsAreNotChargedAndDeadlinesRelease(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database) { configuration in
            configuration.catalogFile = try? InstancesTests.catalog(
                deadlineSeconds: 2, slug: "recraft-v3", in: configuration.dataDirectory)
        }
        let before = try await fixture.balance()
        let failing = try await fixture.post(
            "/api/v2/generate", #"{"model": "flux-1.1-pro", "prompt": "x [[sim job_fail=nsfw]]"}"#)
        let failed = try await Self.waitFinished(fixture, try #require(failing.json["id"]?.intValue))
        #expect(failed["status"] == "failed" && failed["tokens_spent"] == 0)
        #expect(failed["error"]?.stringValue?.isEmpty == false)

        let slow = try await fixture.post(
            "/api/v2/generate", #"{"model": "recraft-v3", "prompt": "x [[sim job_ms=60000]]"}"#)
        let expired = try await Self.waitFinished(fixture, try #require(slow.json["id"]?.intValue), seconds: 15)
        #expect(expired["status"] == "failed")
        #expect(try await fixture.balance() == before)
        #expect(try await fixture.ledgerProblems().isEmpty)
        await fixture.stop()
    }

    @Test(arguments: databases)
    func transcriptionUploads(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database)
        func upload(
            _ fields: [(String, String)], audio: [UInt8], filename: String = "note.wav", type: String = "audio/wav"
        ) async throws -> TestHTTP.Reply {
            let boundary = "tollgate-test-boundary"
            var body = ""
            for (name, value) in fields {
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
            }
            var bytes = Array(body.utf8)
            bytes += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n"
                    .utf8)
            bytes += audio
            bytes += Array("\r\n--\(boundary)--\r\n".utf8)
            var request = HTTPClientRequest(url: fixture.gateway.url + "/api/v2/stt")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(fixture.key)")
            request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(boundary)")
            request.body = .bytes(ByteBuffer(bytes: bytes))
            let response = try await TestHTTP.client.execute(request, timeout: .seconds(60))
            let collected = try await response.body.collect(upTo: 1 << 20)
            return TestHTTP.Reply(
                status: Int(response.status.code), headers: response.headers, body: String(buffer: collected))
        }
        let wav = Array("RIFF....WAVEfmt ".utf8) + [UInt8](repeating: 0, count: 2000)
        let ok = try await upload([("model", "whisper"), ("language", "en")], audio: wav)
        #expect(ok.status == 200, "\(ok.body)")
        #expect(ok.json["status"] == "completed" && ok.json["tokens_spent"] == 2)
        #expect(ok.json["result_text"]?.stringValue?.contains("simulated") == true)

        let diarized = try await upload([("model", "elevenlabs-scribe"), ("diarize", "true")], audio: wav)
        #expect(diarized.status == 200, "\(diarized.body)")
        #expect(diarized.json["result_text"]?.stringValue?.contains("Speaker 1") == true)

        let notScribe = try await upload([("model", "whisper"), ("diarize", "true")], audio: wav)
        #expect(notScribe.status == 422 && notScribe.json["error"] == "validation_error")
        let wrongType = try await upload([], audio: wav, filename: "notes.txt", type: "text/plain")
        #expect(wrongType.status == 422)
        let huge = try await upload([], audio: [UInt8](repeating: 1, count: 26 << 20))
        #expect(huge.status == 413 && huge.json["error"] == "payload_too_large")
        await fixture.stop()
    }

    /// An empty or malformed multipart boundary once stopped the process (MultipartKit's precondition):
    /// each is a 400 on both upload endpoints, and the server answers afterwards.
    @Test
    func emptyBoundariesAreRefusedAndTheServerLives() async throws {
        let fixture = try await GatewayFixture.start(.sqlite)
        for path in ["/api/v2/stt", "/v1/audio/transcriptions"] {
            for contentType in [
                "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"",
                "multipart/form-data; boundary=;",
            ] {
                var request = HTTPClientRequest(url: fixture.gateway.url + path)
                request.method = .POST
                request.headers.add(name: "Authorization", value: "Bearer \(fixture.key)")
                request.headers.add(name: "Content-Type", value: contentType)
                request.body = .bytes(
                    ByteBuffer(string: "--\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n----\r\n"))
                let response = try await TestHTTP.client.execute(request, timeout: .seconds(30))
                _ = try await response.body.collect(upTo: 1 << 20)
                #expect(response.status.code == 400, "\(path) \(contentType)")
            }
        }
        #expect(try await fixture.get("/api/v2/user/balance").status == 200)
        await fixture.stop()
    }

    @Test(arguments: databases)
    func privateInputURLsAreRefused(_ database: TestDatabase) async throws {
        let fixture = try await GatewayFixture.start(database)
        let before = try await fixture.balance()
        let reply = try await fixture.post(
            "/api/v2/generate", #"{"model": "upscale", "image_url": "http://169.254.169.254/latest/meta-data/x.png"}"#)
        #expect(reply.status == 422)
        #expect(reply.json["details"]?["fields"]?["params.image_url"] != nil)
        let callback = try await fixture.post(
            "/api/v2/generate", #"{"model": "flux-1.1-pro", "prompt": "x", "callback_url": "http://127.0.0.1:9/hook"}"#)
        #expect(callback.status == 422 && callback.json["details"]?["fields"]?["callback_url"] != nil)
        // A text model's callback too (it was admitted, charged, then retried against the address for a day),
        // streamed or not.
        for stream in [false, true] {
            let text = try await fixture.post(
                "/api/v2/generate",
                #"{"model": "gpt-5-nano", "prompt": "x", "stream": \#(stream), "callback_url": "http://127.0.0.1:9/hook"}"#
            )
            #expect(text.status == 422 && text.json["details"]?["fields"]?["callback_url"] != nil, "\(text.body)")
        }
        #expect(try await fixture.balance() == before)
        await fixture.stop()
    }
}
