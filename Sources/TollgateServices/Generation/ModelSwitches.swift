import Synchronization
import TollgateStore

/// The catalog models an operator switched off without a restart (SPEC §14). Kept in memory, so the request
/// path reads a set, and refreshed from the database every second by the background work: a switch made on one
/// instance holds on every instance within a second, and on its own at once.
public final class ModelSwitches: Sendable {
    private let store: Store
    private let off = Mutex<Set<String>>([])

    public init(store: Store) {
        self.store = store
    }

    /// Whether an operator switched `modelID` off.
    public func isDisabled(_ modelID: String) -> Bool {
        off.withLock { $0.contains(modelID) }
    }

    /// Re-reads the switched-off models.
    public func refresh() async throws {
        let disabled = try await store.read { db in try await store.modelSwitches.disabled(on: db) }
        off.withLock { $0 = disabled }
    }

    /// Switches a model on or off; the audit entry is written in the same transaction.
    func set(_ modelID: String, enabled: Bool, audit: AdminAudit) async throws {
        try await store.transaction { db in
            try await store.modelSwitches.set(
                modelID: modelID, enabled: enabled, by: audit.adminID, now: audit.now, on: db)
            try await audit.record(on: db)
        }
        off.withLock { off in
            if enabled { off.remove(modelID) } else { off.insert(modelID) }
        }
    }
}
