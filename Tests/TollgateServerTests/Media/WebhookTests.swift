import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// `callback_url` (SPEC §7): the final generation object is POSTed once, signed, and retried on failure.
@Suite struct WebhookTests {
    static let databases = TestDatabase.available

    /// A local receiver that records deliveries and refuses the first `failFirst` of them.
    final class Receiver: Sendable {
        let received = Mutex<[(signature: String, body: [UInt8])]>([])
        let failFirst: Int
        let calls = Mutex(0)

        init(failFirst: Int) { self.failFirst = failFirst }

        func start() async throws -> (url: String, service: RunningService) {
            let router = Router()
            router.post("hook") { request, _ -> Response in
                let body = try await request.body.collect(upTo: 1 << 20)
                let call = self.calls.withLock { count -> Int in
                    count += 1
                    return count
                }
                if call <= self.failFirst { return Response(status: .serviceUnavailable) }
                let signature = request.headers[HTTPField.Name("X-Tollgate-Signature")!] ?? ""
                self.received.withLock { $0.append((signature, Array(body.readableBytesView))) }
                return Response(status: .ok)
            }
            let (ports, continuation) = AsyncStream<Int>.makeStream()
            let app = Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
            let service = RunningService(app)
            guard let port = await ports.first(where: { _ in true }) else { throw CancellationError() }
            return ("http://127.0.0.1:\(port)/hook", service)
        }
    }

    @Test(arguments: databases)
    func finalStatusIsDeliveredOnceSignedAndRetried(_ database: TestDatabase) async throws {
        let receiver = Receiver(failFirst: 1)
        let (hook, service) = try await receiver.start()
        let fixture = try await GatewayFixture.start(database) {
            $0.allowPrivateInputs = true
            $0.jobIdleMilliseconds = 50
        }
        let reply = try await fixture.post(
            "/api/v2/generate", #"{"model": "flux-1.1-pro", "prompt": "a cat", "callback_url": "\#(hook)"}"#)
        let id = try #require(reply.json["id"]?.intValue)
        #expect(reply.json["status"] == "pending")
        // First attempt refused (503), the retry (after ~5 s) delivered.
        let delivered = try await fixture.eventually(seconds: 45) { receiver.received.withLock { $0.count } >= 1 }
        #expect(delivered)
        try await Task.sleep(for: .milliseconds(500))
        let deliveries = receiver.received.withLock { $0 }
        #expect(deliveries.count == 1)
        #expect(receiver.calls.withLock { $0 } == 2)
        let delivery = try #require(deliveries.first)
        let payload = try JSONDecoder().decode(JSONValue.self, from: Data(delivery.body))
        #expect(payload["id"] == .int(id) && payload["status"] == "completed")

        // Verify the signature from its definition, with the secret the API hands the account.
        let secret = try #require(try await fixture.get("/api/v2/webhooks/secret").json["secret"]?.stringValue)
        let parts = Dictionary(
            uniqueKeysWithValues: delivery.signature.split(separator: ",").map {
                let pair = $0.split(separator: "=", maxSplits: 1)
                return (String(pair[0]), String(pair[1]))
            })
        let timestamp = try #require(parts["t"])
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array("\(timestamp).".utf8) + delivery.body, using: SymmetricKey(data: Array(secret.utf8)))
        #expect(parts["v1"] == mac.map { String(format: "%02x", $0) }.joined())
        #expect(abs((Int64(timestamp) ?? 0) - Int64(Date().timeIntervalSince1970)) < 120)
        await fixture.stop()
        await service.stop()
    }

    /// A webhook answered with a redirect is not followed there (issue 24: a 307 from an outside host delivered
    /// the signed body to a private address): the target gets nothing and the delivery is not counted done.
    @Test func redirectsAreNotFollowed() async throws {
        let target = Receiver(failFirst: 0)
        let (targetURL, targetService) = try await target.start()
        let router = Router()
        router.post("hook") { _, _ -> Response in
            Response(status: .temporaryRedirect, headers: [.location: targetURL])
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let redirector = RunningService(
            Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }))
        guard let port = await ports.first(where: { _ in true }) else { throw CancellationError() }
        let fixture = try await GatewayFixture.start(.sqlite) {
            $0.allowPrivateInputs = true
            $0.jobIdleMilliseconds = 50
        }
        let reply = try await fixture.post(
            "/api/v2/generate",
            #"{"model": "gpt-5-nano", "prompt": "hi", "callback_url": "http://127.0.0.1:\#(port)/hook"}"#)
        #expect(reply.status == 200)
        let attempted = try await fixture.eventually {
            let rows = try await fixture.app.services.store.read { db in
                try await db.raw("SELECT attempts, delivered_at FROM webhook_deliveries").all()
            }
            return try rows.first.map { try $0.decode(column: "attempts", as: Int.self) >= 1 } ?? false
        }
        #expect(attempted)
        try await Task.sleep(for: .milliseconds(300))
        #expect(target.calls.withLock { $0 } == 0)
        let delivered = try await fixture.app.services.store.read { db in
            try await db.raw("SELECT delivered_at FROM webhook_deliveries").first()?.decode(
                column: "delivered_at", as: Int64?.self)
        }
        #expect(delivered == nil)
        await fixture.stop()
        await redirector.stop()
        await targetService.stop()
    }
}

extension GatewayFixture {
    func eventually(seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }
}
