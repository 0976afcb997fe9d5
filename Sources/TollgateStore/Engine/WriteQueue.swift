import Logging
import SQLKit

/// Runs SQLite's write transactions on the one writer connection, in arrival order, committing them in
/// groups (`GroupQueue`): the task that finds the queue idle runs its own transaction together with those
/// queued meanwhile (up to `groupSize`), in one SQLite transaction with a savepoint around each, commits
/// once, answers every waiter with its own result, and hands the queue to the next waiter, if any.
///
/// Each transaction still succeeds or fails alone (a failed one is rolled back to its savepoint), and
/// none is answered before the commit that makes it durable. What the group shares is the commit: the
/// pages every billed request touches (the account, the newest generations and ledger entries) go to the
/// log once per group rather than once per transaction, and the writer never sits idle while a lock is
/// handed to a task that has yet to be scheduled — together most of the cost of a write (BENCHMARKS.md).
final class WriteQueue: Sendable {
    private let writer: SQLiteWriter
    private let logger: Logger
    private let queue = GroupQueue<any Job>(limit: groupSize)
    /// The most transactions committed together.
    static let groupSize = 32

    init(writer: SQLiteWriter, logger: Logger) {
        self.writer = writer
        self.logger = logger
    }

    /// Runs `body` in a transaction, after every transaction queued before it.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withoutActuallyEscaping(body) { body in
            let job = Pending(body: body)
            await queue.join(job) { group in await run(group) }
            return try job.take()
        }
    }

    /// Closes the writer once every transaction queued before this call has run; later ones fail.
    func close() async {
        _ = try? await transaction { _ in writer.closeAfterCommit() }
    }

    /// Runs `group` in one SQLite transaction and answers every member but the first (the caller's own).
    private func run(_ group: [any Job]) async {
        let db = SQLiteWriterDatabase(writer: writer, logger: logger)
        do {
            // IMMEDIATE takes the write lock up front, so another process waits in busy_timeout instead
            // of failing the transaction half-way.
            try await writer.begin()
        } catch {
            return finish(group, failure: error)
        }
        if group.count == 1 {
            await group[0].run(on: db)
        } else {
            for job in group {
                do {
                    try writer.savepoint()
                    await job.run(on: db)
                    if job.failed { try writer.rollbackToSavepoint() }
                    try writer.releaseSavepoint()
                } catch {
                    // SQLite ended the whole transaction (a full disk, an I/O error): nothing of the group holds.
                    writer.rollback()
                    return finish(group, failure: error)
                }
            }
        }
        do {
            if group.count == 1, group[0].failed {
                writer.rollback()
            } else {
                try writer.commit()
            }
        } catch {
            writer.rollback()
            return finish(group, failure: error)
        }
        writer.closeIfAsked()
    }

    private func finish(_ group: [any Job], failure: any Error) {
        for job in group { job.fail(failure) }
    }

    private protocol Job: AnyObject, Sendable {
        var failed: Bool { get }
        func run(on db: any SQLDatabase) async
        func fail(_ error: any Error)
    }

    /// One transaction: its body, its result once run, and the waiting caller.
    private final class Pending<T: Sendable>: Job, @unchecked Sendable {
        // Touched by one task at a time: the caller until it is queued, then the task running the group,
        // then the caller again once answered.
        private var body: (@Sendable (any SQLDatabase) async throws -> T)?
        private var result: Result<T, any Error>?

        init(body: @escaping @Sendable (any SQLDatabase) async throws -> T) {
            self.body = body
        }

        var failed: Bool {
            if case .failure = result { true } else { false }
        }

        func run(on db: any SQLDatabase) async {
            do {
                result = .success(try await body!(db))
            } catch {
                result = .failure(error)
            }
        }

        func fail(_ error: any Error) {
            result = .failure(error)
        }

        /// The result, releasing the body (the caller's closure must not outlive its `withoutActuallyEscaping`).
        func take() throws -> T {
            body = nil
            return try result!.get()
        }
    }
}
