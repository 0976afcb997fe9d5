import SQLKit
import Synchronization
import Testing
import TollgateCore
import TollgateStore
import TollgateTestSupport

@testable import TollgateServices

/// The key cache: callers that miss together share one lookup, and neither a failure nor a lookup an
/// invalidation overtook is kept.
@Suite struct AuthenticatorTests {
    /// The real engine, counting the reads that go through it.
    final class CountingEngine: DatabaseEngine {
        let inner: any DatabaseEngine
        let reads = Atomic<Int>(0)
        var kind: DatabaseKind { inner.kind }

        init(_ inner: any DatabaseEngine) {
            self.inner = inner
        }

        func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
            reads.add(1, ordering: .relaxed)
            // Slow enough that every caller of a burst arrives while the first lookup is under way.
            try await Task.sleep(for: .milliseconds(50))
            return try await inner.read(body)
        }

        func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
            try await inner.transaction(body)
        }

        func statement<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
            try await inner.statement(body)
        }

        func shutdown() async {}
    }

    func burst(_ authenticator: Authenticator, _ credential: String, count: Int = 40) async -> [Result<
        Principal, any Error
    >] {
        await withTaskGroup(of: Result<Principal, any Error>.self) { group in
            for _ in 0..<count {
                group.addTask {
                    do { return .success(try await authenticator.authenticate(credential: credential[...])) } catch {
                        return .failure(error)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test(arguments: TestDatabase.available)
    func aBurstOfMissesSharesOneLookup(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        let (account, key) = try await app.account()
        let engine = CountingEngine(app.services.store.engine)
        let authenticator = Authenticator(store: Store(engine: engine), clock: SystemClock(), ttlSeconds: 60)

        let found = await burst(authenticator, key)
        #expect(try found.map { try $0.get().accountID } == Array(repeating: account.id, count: 40))
        #expect(engine.reads.load(ordering: .relaxed) == 1)
        _ = try await authenticator.authenticate(credential: key[...])
        #expect(engine.reads.load(ordering: .relaxed) == 1)

        // An unknown key: one lookup for the burst, every caller refused, and the refusal not kept.
        let unknown = ApiKeySecret.generate()
        let refused = await burst(authenticator, unknown)
        #expect(
            refused.allSatisfy {
                if case .failure(let error as APIError) = $0 { error.httpStatus == 401 } else { false }
            })
        #expect(engine.reads.load(ordering: .relaxed) == 2)
        _ = await burst(authenticator, unknown, count: 1)
        #expect(engine.reads.load(ordering: .relaxed) == 3)

        // Invalidated while its lookup is under way: the late answer is not cached.
        let hash = ApiKeySecret.hash(key[...])
        authenticator.invalidate(keyHash: hash)
        async let late = authenticator.authenticate(credential: key[...])
        while engine.reads.load(ordering: .relaxed) < 4 { try await Task.sleep(for: .milliseconds(1)) }
        authenticator.invalidate(accountID: account.id)
        _ = try await late
        _ = try await authenticator.authenticate(credential: key[...])
        #expect(engine.reads.load(ordering: .relaxed) == 5)
        await app.close()
    }
}
