import PostgresNIO
import SQLKit

/// Calls of one write statement that arrive together, run as one execution of a statement written for
/// many (a group commit; PostgreSQL's admissions and settlements, BENCHMARKS.md): a call waits while a
/// batch runs, then goes with every call that gathered meanwhile, up to `limit`. What a batch shares is
/// the statement's start-up, its round trip, its commit and the row locks it takes once for all.
///
/// A batch is all or nothing. When `all` refuses it (a balance short, a window full, anything the
/// statement for many does not decide call by call) or the database aborted it to break a deadlock, each
/// call runs on its own with `one`, which decides exactly as if there had been no batch; a lone call runs
/// with `one` at once (again if it too is aborted for a deadlock). Any other failure of the batch is every
/// call's failure.
final class StatementBatch<Item: Sendable, Answer: Sendable>: Sendable {
    typealias All = @Sendable ([Item], any SQLDatabase) async throws -> [Answer]?
    typealias One = @Sendable (Item, any SQLDatabase) async throws -> Answer

    private let engine: any DatabaseEngine
    private let queue: GroupQueue<Call>
    private let all: All
    private let one: One

    /// A batch on `engine` if it is PostgreSQL's (SQLite's writer commits its transactions in groups already).
    init?(postgres engine: any DatabaseEngine, limit: Int, all: @escaping All, one: @escaping One) {
        guard engine.kind == .postgres else { return nil }
        self.engine = engine
        queue = GroupQueue(limit: limit)
        self.all = all
        self.one = one
    }

    /// Runs `item` in the next batch and returns its answer.
    func run(_ item: Item) async throws -> Answer {
        let call = Call(item: item)
        await queue.join(call) { calls in
            // Run apart from the caller's task: the caller's cancellation must not fail the others' calls.
            let items = calls.map(\.item)
            let answers = await Task { await self.answers(items) }.value
            for (call, answer) in zip(calls, answers) { call.answer = answer }
        }
        return try call.answer!.get()
    }

    private func answers(_ items: [Item]) async -> [Result<Answer, any Error>] {
        if items.count > 1 {
            do {
                if let answers = try await engine.statement({ db in try await all(items, db) }) {
                    precondition(answers.count == items.count, "a batch answers each of its calls")
                    return answers.map { .success($0) }
                }
            } catch let error as PSQLError where Self.brokenDeadlock(error) {
                // Rolled back as a whole: run each call on its own below.
            } catch {
                return items.map { _ in .failure(error) }
            }
        }
        return await eachAlone(items)
    }

    /// Each item run with `one`, on a statement of its own, all at once.
    private func eachAlone(_ items: [Item]) async -> [Result<Answer, any Error>] {
        guard items.count > 1 else { return [await alone(items[0])] }
        return await withTaskGroup(of: (Int, Result<Answer, any Error>).self) { group in
            for (index, item) in items.enumerated() {
                group.addTask { (index, await self.alone(item)) }
            }
            var answers = [Result<Answer, any Error>?](repeating: nil, count: items.count)
            for await (index, answer) in group { answers[index] = answer }
            return answers.map { $0! }
        }
    }

    /// `item` on a statement of its own. A statement PostgreSQL aborted to break a deadlock changed nothing,
    /// so it runs again (the statements lock rows in one order, so this is for what no order foresees).
    private func alone(_ item: Item) async -> Result<Answer, any Error> {
        var attempts = 1
        while true {
            do {
                return .success(try await engine.statement { db in try await one(item, db) })
            } catch let error as PSQLError where Self.brokenDeadlock(error) && attempts < Self.deadlockAttempts {
                attempts += 1
            } catch {
                return .failure(error)
            }
        }
    }

    /// How many times a lone call runs when each run is aborted to break a deadlock.
    private static var deadlockAttempts: Int { 3 }

    private static func brokenDeadlock(_ error: PSQLError) -> Bool {
        error.serverInfo?[.sqlState] == "40P01"
    }

    private final class Call: @unchecked Sendable {
        let item: Item
        // Written by the task running the batch before the caller is answered; read by the caller after.
        var answer: Result<Answer, any Error>?

        init(item: Item) {
            self.item = item
        }
    }
}
