import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServices

/// The SSRF table of issue 24: every address form the guard refuses, written every way a URL can write it, as
/// an input (`image_url`) and as a webhook (`callback_url`): 422 before anything is admitted or charged. Then
/// what happens after the check: no redirect is followed (inputs and webhooks), and both connect to the
/// address the check resolved, never to a second lookup's.
@Suite struct SSRFTableTests {
    static let hosts = [
        // Loopback, private, link-local (cloud metadata), CGNAT, unspecified, multicast, broadcast.
        "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
        "0.0.0.0", "224.0.0.1", "255.255.255.255",
        // Reserved, documentation and benchmark ranges.
        "240.0.0.1", "192.0.2.1", "198.51.100.7", "203.0.113.9", "198.18.0.1", "192.0.0.8",
        // IPv4 written as one number, in octal, in hex, shortened: the resolver reads them as 127.0.0.1.
        "2130706433", "0177.0.0.1", "0x7f.0.0.1", "127.1",
        // IPv6: loopback, unspecified, link-local, unique-local, site-local, mapped, compatible, NAT64, 6to4,
        // Teredo, documentation, discard, multicast.
        "[::1]", "[::]", "[fe80::1]", "[fd00::1]", "[fec0::1]", "[::ffff:127.0.0.1]", "[::ffff:a00:1]",
        "[::127.0.0.1]", "[64:ff9b::7f00:1]", "[2002:7f00:1::1]", "[2001:0:4136:e378:8000:63bf:3fff:fdd2]",
        "[2001:db8::1]", "[100::1]", "[ff02::1]",
        // Names.
        "localhost", "LOCALHOST", "localhost.",
    ]

    /// Each host in a few URL shapes: a port, a path, credentials in front (`user@host`).
    static let urls = hosts.flatMap { host in
        ["http://\(host)/a.png", "https://\(host):8443/a.png", "http://user:pass@\(host)/a.png"]
    }

    @Test func everyFormIsRefusedAsAnInputAndAsAWebhook() async throws {
        let app = try await TestApp.make(.sqlite)
        let (_, key) = try await app.account(tokens: 1_000)
        try await app.test { client in
            for url in Self.urls {
                let input = try await client.call(
                    .post, "/api/v2/generate", bearer: key,
                    json: #"{"model": "remove-bg", "params": {"image_url": "\#(url)"}}"#)
                #expect(input.status == .unprocessableContent, "image_url \(url): \(String(buffer: input.body))")
                #expect(String(buffer: input.body).contains("image_url"))
                let hook = try await client.call(
                    .post, "/api/v2/generate", bearer: key,
                    json: #"{"model": "gpt-5-nano", "prompt": "hi", "callback_url": "\#(url)"}"#)
                #expect(hook.status == .unprocessableContent, "callback_url \(url): \(String(buffer: hook.body))")
                #expect(String(buffer: hook.body).contains("callback_url"))
            }
            // Nothing was admitted.
            let count = try await app.services.store.read { db in
                try await db.raw("SELECT count(*) AS n FROM generations").first()?.decode(column: "n", as: Int.self)
            }
            #expect(count == 0)
        }
        await app.close()
    }

    /// A local server: `/hook` and `/probe.png` record the Host they were asked for; `/moved` redirects to
    /// `/probe.png`.
    final class Target: Sendable {
        let hosts = Mutex<[String]>([])

        func start() async throws -> (port: Int, service: RunningService) {
            let router = Router()
            router.get("probe.png") { request, _ in
                self.hosts.withLock { $0.append(request.head.authority ?? "") }
                return Response(
                    status: .ok, headers: [.contentType: "image/png"],
                    body: .init(byteBuffer: ByteBuffer(bytes: [0x89, 0x50, 0x4E, 0x47])))
            }
            router.post("hook") { request, _ in
                self.hosts.withLock { $0.append(request.head.authority ?? "") }
                return Response(status: .ok)
            }
            router.get("moved") { _, _ in Response(status: .found, headers: [.location: "/probe.png"]) }
            router.post("moved") { _, _ in Response(status: .temporaryRedirect, headers: [.location: "/hook"]) }
            let (ports, continuation) = AsyncStream<Int>.makeStream()
            let app = Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
            let service = RunningService(app)
            guard let port = await ports.first(where: { _ in true }) else { throw CancellationError() }
            return (port, service)
        }
    }

    /// `pinned.test` exists only in this guard's resolver, which answers loopback once and would answer
    /// anything else after: a request can reach the target only through the address the check resolved.
    static func pinnedGuard() -> InputGuard {
        let lookups = Mutex(0)
        return InputGuard(
            allowPrivate: false,
            resolver: { host, port in
                guard host == "pinned.test" else { return [] }
                let first = lookups.withLock { count -> Bool in
                    count += 1
                    return count == 1
                }
                return [try SocketAddress(ipAddress: first ? "127.0.0.1" : "8.8.8.8", port: port)]
            }, forbidden: [])
    }

    @Test func anInputFetchFollowsNoRedirect() async throws {
        let target = Target()
        let (port, service) = try await target.start()
        await #expect(throws: (any Error).self) {
            _ = try await Self.pinnedGuard().fetch(
                "http://pinned.test:\(port)/moved", field: "image_url", maxBytes: 1024, types: ["image/"])
        }
        #expect(target.hosts.withLock { $0 }.isEmpty)
        await service.stop()
    }

    @Test func aWebhookConnectsToTheCheckedAddressAndFollowsNoRedirect() async throws {
        let target = Target()
        let (port, service) = try await target.start()
        let fixture = try await GatewayFixture.start(.sqlite) {
            $0.allowPrivateInputs = true
            $0.jobIdleMilliseconds = 3_600_000  // no delivery by the instance's own dispatcher
        }
        let services = fixture.app.services
        for path in ["hook", "moved"] {
            let reply = try await fixture.post(
                "/api/v2/generate",
                #"{"model": "gpt-5-nano", "prompt": "hi", "callback_url": "http://127.0.0.1:\#(port)/\#(path)"}"#)
            #expect(reply.status == 200)
        }
        // The deliveries now name a host only the test's guard knows.
        try await services.store.statement { db in
            try await db.raw(
                "UPDATE webhook_deliveries SET url = replace(url, \(bind: "127.0.0.1"), \(bind: "pinned.test"))"
            ).run()
        }
        for _ in 0..<2 {
            let dispatcher = WebhookDispatcher(
                store: services.store, clock: services.clock, logger: services.logger, publicURL: "http://tollgate",
                inputs: Self.pinnedGuard(), idle: .seconds(1))
            _ = try await dispatcher.deliverDue(limit: 1)
        }
        // The hook was reached under its name through the checked address; the redirect was not followed.
        #expect(target.hosts.withLock { $0 } == ["pinned.test:\(port)"])
        await fixture.stop()
        await service.stop()
    }
}
