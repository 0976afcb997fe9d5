import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import TollgateCore
import TollgateStore

/// Delivers queued webhooks (SPEC §7): POSTs the generation object to its `callback_url`, signed, and
/// retries failures with backoff for 24 hours. Deliveries are leased, so several instances never send the
/// same one at once; a delivery is queued once per final status, in the transaction that sets it.
struct WebhookDispatcher: Service {
    let store: Store
    let clock: any WallClock
    let logger: Logger
    let publicURL: String
    let inputs: InputGuard
    let idle: Duration

    /// How long deliveries are retried.
    static let retryWindow: Int64 = 24 * 3_600_000

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let delivered = (try? await deliverDue()) ?? 0
                if delivered == 0 { try? await Task.sleep(for: idle) }
            }
        }
    }

    /// Sends every due delivery once; returns how many were attempted.
    func deliverDue(limit: Int = 20) async throws -> Int {
        let now = clock.nowMilliseconds()
        guard try await store.read({ db in try await store.webhooks.hasDue(now: now, on: db) }) else { return 0 }
        let due = try await store.transaction { db in
            try await store.webhooks.claimDue(now: now, leaseUntil: now + 60_000, limit: limit, on: db)
        }
        await withTaskGroup(of: Void.self) { group in
            for delivery in due { group.addTask { await attempt(delivery) } }
        }
        return due.count
    }

    /// One delivery attempt. A redirect is never followed: the address was checked, the redirect's target would
    /// not be (a 307 from an outside host would deliver the signed body to a private address); it counts as a
    /// failed attempt.
    func attempt(_ delivery: WebhookDelivery) async {
        var status: Int?
        do {
            let (generation, account) = try await store.read { db in
                (
                    try await store.generations.find(id: delivery.generationID, on: db),
                    try await store.accounts.find(id: delivery.accountID, on: db)
                )
            }
            guard let generation, let account else { return }
            let secret =
                try await store.transaction { db in
                    try await store.accounts.webhookSecret(
                        accountID: account.id, candidate: WebhookSignature.newSecret(), on: db)
                } ?? ""
            let body = Array(
                (JSONText.encode(GenerationView.json(generation, balance: account.availableTokens, baseURL: publicURL))
                    ?? "{}").utf8)
            let checked = try await inputs.check(delivery.url, field: "callback_url")
            var request = HTTPClientRequest(url: delivery.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "Tollgate-Webhooks/1")
            request.headers.add(
                name: "X-Tollgate-Signature",
                value: WebhookSignature.header(body: body, secret: secret, timestamp: clock.nowMilliseconds() / 1000))
            request.body = .bytes(ByteBuffer(bytes: body))
            // Its own client per attempt, pinned to the address just checked (DNS rebinding), no redirects.
            let code = try await inputs.withClient(for: checked, readTimeout: .seconds(10)) { client in
                let response = try await client.execute(request, timeout: .seconds(10))
                _ = try? await response.body.collect(upTo: 64 << 10)
                return Int(response.status.code)
            }
            status = code
            if (200..<300).contains(code) {
                try await store.transaction { db in
                    try await store.webhooks.delivered(
                        id: delivery.id, status: code, at: clock.nowMilliseconds(), on: db)
                }
                return
            }
        } catch {
            logger.notice(
                "webhook attempt failed",
                metadata: ["generation": "\(delivery.generationID)", "error_type": "\(type(of: error))"])
        }
        let next = Self.nextAttempt(
            after: delivery.attempts + 1, now: clock.nowMilliseconds(), createdAt: delivery.createdAt)
        let lastStatus = status
        try? await store.transaction { db in
            try await store.webhooks.failed(id: delivery.id, status: lastStatus, nextAttemptAt: next, on: db)
        }
    }

    /// When to retry after `attempts` failures: 5 s, 10 s, 20 s … capped at an hour, never past 24 h.
    static func nextAttempt(after attempts: Int, now: Int64, createdAt: Int64) -> Int64? {
        let delay = min(5_000 * Int64(1 << min(attempts - 1, 20)), 3_600_000)
        let next = now + delay
        return next <= createdAt + retryWindow ? next : nil
    }
}
