import SQLKit
import TollgateCore

extension AdmissionStore {
    /// The admission on SQLite, in the caller's transaction: the same steps as PostgreSQL's one statement, as
    /// separate statements (SQLite has no data-modifying CTEs, and its single writer commits transactions in
    /// groups). A full window or a short balance is returned for the caller to roll back the counts taken.
    static func admitSQLite(_ admission: Admit, on db: any SQLDatabase) async throws -> AdmissionOutcome {
        var generation = admission.generation
        let used = try await RateWindowStore().increment(
            accountID: generation.accountID, windows: admission.windows, on: db)
        let counted = Set(used.keys)
        guard admission.windows.allSatisfy({ counted.contains($0.kind) }) else { return .windowFull(counted: counted) }
        guard
            let taken = try await AccountStore().hold(accountID: generation.accountID, price: generation.price, on: db)
        else {
            return .short(
                available: try await AccountStore().find(id: generation.accountID, on: db)?.availableTokens ?? 0)
        }
        generation.heldSubscription = taken.fromSubscription
        generation.heldPackage = generation.price - taken.fromSubscription
        generation.heldCycle = taken.account.cycleStartedAt
        let record = try await GenerationStore().insertPending(generation, on: db)
        let entries = [
            (TokenBucket.hold, record.price), (.subscription, -record.heldSubscription),
            (.package, -record.heldPackage),
        ]
        .filter { $0.1 != 0 }
        .map { bucket, amount in
            LedgerEntry(
                accountID: record.accountID, kind: .hold, bucket: bucket, amount: amount, reason: "hold",
                generationID: record.id,
                createdAt: generation.createdAt)
        }
        try await LedgerStore().append(entries, on: db)
        return .admitted(record, taken.account, used: used)
    }
}
