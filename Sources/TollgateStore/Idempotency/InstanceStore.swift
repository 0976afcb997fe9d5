import SQLKit

/// Literal SQL over `instances`: each instance's lease (an instance whose lease ran out is taken for dead, and
/// the idempotency claims it left unanswered are ended by the living; see `IdempotencyStore.orphans`).
public struct InstanceStore: Sendable {
    public init() {}

    /// Renews `instance`'s lease until `until` (an instance whose lease runs out is taken for dead).
    public func renew(_ instance: String, until: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO instances (id, lease_until) VALUES (\(bind: instance), \(bind: until))
            ON CONFLICT (id) DO UPDATE SET lease_until = \(bind: until)
            """
        ).run()
    }
}
