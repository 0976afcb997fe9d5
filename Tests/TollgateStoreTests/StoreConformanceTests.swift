import Foundation
import SQLKit
import Testing
import TollgateStore
import TollgateTestSupport

/// One suite, run against every available database: the store must behave the same on both.
@Suite struct StoreConformanceTests {
    static let databases = TestDatabase.available

    func withStore(_ database: TestDatabase, _ body: (Store) async throws -> Void) async throws {
        let (store, scratch) = try await database.makeStore()
        do {
            try await body(store)
        } catch {
            await store.engine.shutdown()
            await scratch.remove()
            throw error
        }
        await store.engine.shutdown()
        await scratch.remove()
    }

    func makeAccount(_ store: Store, email: String = "a@example.com") async throws -> AccountRecord {
        try await store.transaction { db in
            try await store.accounts.insert(NewAccount(email: email, plan: "vip", createdAt: 1_000), on: db)
        }
    }

    @Test(arguments: databases)
    func migrationsRunOnceAndAreRecorded(_ database: TestDatabase) async throws {
        try await withStore(database) { store in
            let again = try await store.migrate(logger: TestDatabase.logger)
            #expect(again.isEmpty)
            let versions = try await store.read { db in
                try await db.raw("SELECT version FROM schema_migrations ORDER BY version").all()
                    .map { try $0.decode(column: "version", as: Int.self) }
            }
            #expect(versions == Migration.all.map(\.version))
        }
    }

    @Test(arguments: databases)
    func accountsInsertFindAndRejectDuplicates(_ database: TestDatabase) async throws {
        try await withStore(database) { store in
            let account = try await makeAccount(store)
            #expect(account.plan == "vip")
            #expect(account.availableTokens == 0)
            let byEmail = try await store.read { db in try await store.accounts.find(email: "a@example.com", on: db) }
            #expect(byEmail == account)
            await #expect(throws: StoreError.self) {
                _ = try await makeAccount(store)
            }
            let missing = try await store.read { db in try await store.accounts.find(id: 999_999, on: db) }
            #expect(missing == nil)
        }
    }

    @Test(arguments: databases)
    func bucketsNeverGoNegative(_ database: TestDatabase) async throws {
        try await withStore(database) { store in
            let account = try await makeAccount(store)
            let up = try await store.transaction { db in
                try await store.accounts.adjust(accountID: account.id, bucket: .package, delta: 5, on: db)
            }
            #expect(up?.packageTokens == 5)
            let tooFar = try await store.transaction { db in
                try await store.accounts.adjust(accountID: account.id, bucket: .package, delta: -6, on: db)
            }
            #expect(tooFar == nil)
        }
    }

    @Test(arguments: databases)
    func concurrentConditionalUpdatesAreExact(_ database: TestDatabase) async throws {
        try await withStore(database) { store in
            let account = try await makeAccount(store)
            _ = try await store.transaction { db in
                try await store.accounts.adjust(accountID: account.id, bucket: .package, delta: 10, on: db)
            }
            let successes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<60 {
                    group.addTask {
                        try await store.transaction { db in
                            try await store.accounts.adjust(accountID: account.id, bucket: .package, delta: -1, on: db)
                                != nil
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(successes == 10)
            let final = try await store.read { db in try await store.accounts.find(id: account.id, on: db) }
            #expect(final?.packageTokens == 0)
        }
    }

    @Test(arguments: databases)
    func failedTransactionsLeaveNothingBehind(_ database: TestDatabase) async throws {
        struct Boom: Error {}
        try await withStore(database) { store in
            let account = try await makeAccount(store)
            await #expect(throws: Boom.self) {
                try await store.transaction { db in
                    _ = try await store.accounts.adjust(accountID: account.id, bucket: .package, delta: 7, on: db)
                    try await store.ledger.append(
                        [
                            LedgerEntry(
                                accountID: account.id, kind: .grant, bucket: .package, amount: 7, reason: "t",
                                createdAt: 1)
                        ], on: db)
                    throw Boom()
                }
            }
            let after = try await store.read { db in try await store.accounts.find(id: account.id, on: db) }
            #expect(after?.packageTokens == 0)
            let entries = try await store.read { db in try await store.ledger.entries(accountID: account.id, on: db) }
            #expect(entries.isEmpty)
        }
    }

    @Test(arguments: databases)
    func ledgerAppendsAndSumsPerBucket(_ database: TestDatabase) async throws {
        try await withStore(database) { store in
            let account = try await makeAccount(store)
            let other = try await makeAccount(store, email: "b@example.com")
            try await store.transaction { db in
                try await store.ledger.append(
                    [
                        LedgerEntry(
                            accountID: account.id, kind: .grant, bucket: .package, amount: 50, reason: "signup",
                            createdAt: 1),
                        LedgerEntry(
                            accountID: account.id, kind: .cycleReset, bucket: .subscription, amount: 300,
                            reason: "cycle", createdAt: 2),
                        LedgerEntry(
                            accountID: account.id, kind: .hold, bucket: .subscription, amount: -4, reason: "gen",
                            generationID: 9, createdAt: 3),
                        LedgerEntry(
                            accountID: other.id, kind: .purchase, bucket: .package, amount: 100, reason: "pkg",
                            paymentRef: "yk_1", createdAt: 4),
                    ], on: db)
            }
            let sums = try await store.read { db in try await store.ledger.sums(on: db) }
            #expect(sums[account.id]?[.package] == 50)
            #expect(sums[account.id]?[.subscription] == 296)
            #expect(sums[other.id]?[.package] == 100)
            let entries = try await store.read { db in try await store.ledger.entries(accountID: other.id, on: db) }
            #expect(entries.count == 1)
            #expect(entries.first?.paymentRef == "yk_1")
            #expect(entries.first?.kind == .purchase)
        }
    }

    @Test(arguments: databases)
    func apiKeysLifecycle(_ database: TestDatabase) async throws {
        try await withStore(database) { store in
            let account = try await makeAccount(store)
            let key = try await store.transaction { db in
                try await store.keys.insert(
                    accountID: account.id, name: "ci", keyHash: "h1", keyPrefix: "nb_abcd", createdAt: 5, on: db)
            }
            #expect(key.lastUsedAt == nil)
            let found = try await store.read { db in try await store.keys.findActive(hash: "h1", on: db) }
            #expect(found?.id == key.id)

            try await store.transaction { db in try await store.keys.touch([key.id: 42], on: db) }
            try await store.transaction { db in try await store.keys.touch([key.id: 41], on: db) }
            let touched = try await store.read { db in try await store.keys.list(accountID: account.id, on: db) }
            #expect(touched.first?.lastUsedAt == 42)

            let renamed = try await store.transaction { db in
                try await store.keys.rename(id: key.id, accountID: account.id, name: "prod", on: db)
            }
            #expect(renamed?.name == "prod")
            let notMine = try await store.transaction { db in
                try await store.keys.revoke(id: key.id, accountID: account.id + 1, at: 6, on: db)
            }
            #expect(notMine == nil)
            let revoked = try await store.transaction { db in
                try await store.keys.revoke(id: key.id, accountID: account.id, at: 6, on: db)
            }
            #expect(revoked == "h1")
            let gone = try await store.read { db in try await store.keys.findActive(hash: "h1", on: db) }
            #expect(gone == nil)
            let twice = try await store.transaction { db in
                try await store.keys.revoke(id: key.id, accountID: account.id, at: 7, on: db)
            }
            #expect(twice == nil)
        }
    }
}
