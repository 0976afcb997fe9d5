import SQLKit
import TollgateCore

extension SettlementStore {
    /// The settlement on SQLite, in the caller's transaction: the same steps as PostgreSQL's one statement, as
    /// separate statements. The owner's current cycle comes back with the finished row (one statement fewer).
    /// Nil if the generation was settled before.
    static func settleSQLite(_ settlement: Settle, on db: any SQLDatabase) async throws -> (
        GenerationRecord, AccountRecord
    )? {
        guard
            let (finished, accountCycle) = try await GenerationStore().finishReadingCycle(
                id: settlement.id, outcome: settlement.outcome, on: db)
        else { return nil }
        // From the stored hold, as PostgreSQL's statement checks it against the one the caller worked from.
        let outcome = settlement.outcome
        let hold = HoldSettlement(
            heldSubscription: finished.heldSubscription, heldPackage: finished.heldPackage,
            capture: outcome.status == .completed ? outcome.tokensSpent : 0,
            sameCycle: finished.heldCycle == accountCycle)
        guard
            let account = try await AccountStore().settle(
                accountID: finished.accountID, held: hold.held, returnSubscription: hold.returnedSubscription,
                returnPackage: hold.returnedPackage, on: db)
        else { throw StoreError.notFound }
        let parts: [(LedgerKind, TokenBucket, Int64, String)] = [
            (.capture, .hold, -hold.captured, "capture"),
            (.release, .hold, -(hold.held - hold.captured), hold.releaseReason),
            (.release, .subscription, hold.returnedSubscription, "release"),
            (.release, .package, hold.returnedPackage, "release"),
        ]
        let entries = parts.filter { $0.2 != 0 }.map { kind, bucket, amount, reason in
            LedgerEntry(
                accountID: finished.accountID, kind: kind, bucket: bucket, amount: amount, reason: reason,
                generationID: finished.id,
                createdAt: outcome.completedAt)
        }
        try await LedgerStore().append(entries, on: db)
        return (finished, account)
    }
}
