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
        let now = clock.nowMilliseconds()
        try await spend(app, account: account.id, tokens: 3, at: now - 86_400_000)
        try await spend(app, account: account.id, tokens: 4, at: now - 86_400_000)
        try await spend(app, account: account.id, tokens: 5, at: now)
        try await spend(app, account: account.id, tokens: 100, at: now - 40 * 86_400_000)
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
}
