import Foundation
import SQLKit
import Testing
import TollgateCore
import TollgateStore
import TollgateTestSupport

@testable import TollgateServices

/// The dashboard's 30-day chart: tokens spent per UTC day, the past read once a day, today always live.
@Suite struct SpendingTests {
    /// A settled generation of `tokens` created at `time`.
    func spend(_ app: TestApp, account: Int64, tokens: Int64, at time: Int64) async throws {
        try await app.services.store.statement { db in
            try await db.raw(
                """
                INSERT INTO generations (account_id, model_slug, category, status, price, tokens_spent, hold_open,
                    deadline_at, created_at)
                VALUES (\(bind: account), 'gpt-5-nano', 'text', 'completed', \(bind: tokens), \(bind: tokens), 0,
                    \(bind: time), \(bind: time))
                """
            ).run()
        }
    }

    @Test(arguments: TestDatabase.available)
    func daysAreSummedAndTodayStaysLive(_ database: TestDatabase) async throws {
        let clock = TestClock()
        let app = try await TestApp.make(database, clock: clock)
        let account = try await app.services.accounts.create(email: "a@example.com", planCode: "free")
        let other = try await app.services.accounts.create(email: "b@example.com", planCode: "free")
        let now = clock.nowMilliseconds()
        // In the order they were made (ids grow with time), another account's in between.
        for day in stride(from: 60, to: 1, by: -1) {
            try await spend(app, account: other.id, tokens: 1000, at: now - Int64(day) * 86_400_000)
            if day == 40 { try await spend(app, account: account.id, tokens: 100, at: now - 40 * 86_400_000) }
        }
        try await spend(app, account: account.id, tokens: 3, at: now - 86_400_000)
        try await spend(app, account: other.id, tokens: 1000, at: now - 86_400_000)
        try await spend(app, account: account.id, tokens: 4, at: now - 86_400_000)
        try await spend(app, account: account.id, tokens: 5, at: now)
        let first = try await app.services.users.spending(accountID: account.id)
        #expect(first.count == 30 && first.last?.tokens == 5 && first[28].tokens == 7)
        #expect(first.reduce(0) { $0 + $1.tokens } == 12)
        // Today moves at once; the past is the one read earlier today.
        try await spend(app, account: account.id, tokens: 2, at: now)
        let second = try await app.services.users.spending(accountID: account.id)
        #expect(second.last?.tokens == 7 && second[28].tokens == 7)
        // The next day, yesterday is read again.
        clock.advance(days: 1)
        let third = try await app.services.users.spending(accountID: account.id)
        #expect(third[28].tokens == 7 && third[27].tokens == 7 && third.last?.tokens == 0)
        await app.close()
    }

    @Test(arguments: TestDatabase.available)
    func theFirstGenerationOfAPeriodIsFoundByBisection(_ database: TestDatabase) async throws {
        let clock = TestClock()
        let app = try await TestApp.make(database, clock: clock)
        let account = try await app.services.accounts.create(email: "a@example.com", planCode: "free")
        let other = try await app.services.accounts.create(email: "b@example.com", planCode: "free")
        let now = clock.nowMilliseconds()
        for minute in 0..<200 {
            try await spend(
                app, account: minute % 3 == 0 ? other.id : account.id, tokens: 1, at: now + Int64(minute) * 60_000)
        }
        let store = app.services.store
        let ids = try await store.read { db in
            try await db.raw(
                "SELECT id, created_at FROM generations WHERE account_id = \(bind: account.id) ORDER BY id"
            ).all().map {
                (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "created_at", as: Int64.self))
            }
        }
        for since in [now - 1, now + 60_000, now + 61 * 60_000, now + 150 * 60_000 + 1, now + 199 * 60_000] {
            let found = try await store.read { db in
                try await store.history.firstID(accountID: account.id, since: since, on: db)
            }
            #expect(found == ids.first { $0.1 >= since }?.0, "since \(since - now)")
        }
        let none = try await store.read { db in
            try await store.history.firstID(accountID: account.id, since: now + 300 * 60_000, on: db)
        }
        #expect(none == nil)
        await app.close()
    }
}
