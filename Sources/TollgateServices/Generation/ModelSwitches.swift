import Synchronization
import TollgateStore

/// The catalog models an operator switched off without a restart (SPEC §14). Kept in memory, so the request
/// path reads a set, and refreshed from the database every second by the background work: a switch made on one
/// instance holds on every instance within a second, and on its own at once.
public final class ModelSwitches: Sendable {
    private struct State {
        var off: Set<String> = []
        /// Bumped by every switch made here: a refresh whose read began before it must not undo it.
        var version = 0
    }

    private let store: Store
    private let state = Mutex(State())

    public init(store: Store) {
        self.store = store
    }

    /// Whether an operator switched `modelID` off.
    public func isDisabled(_ modelID: String) -> Bool {
        state.withLock { $0.off.contains(modelID) }
    }

    /// Re-reads the switched-off models (kept only if no switch was made here while reading).
    public func refresh() async throws {
        let version = state.withLock { $0.version }
        let disabled = try await store.read { db in try await store.modelSwitches.disabled(on: db) }
        state.withLock { state in
            if state.version == version { state.off = disabled }
        }
    }

    /// Switches a model on or off; the audit entry is written in the same transaction.
    func set(_ modelID: String, enabled: Bool, audit: AdminAudit) async throws {
        try await store.transaction { db in
            try await store.modelSwitches.set(
                modelID: modelID, enabled: enabled, by: audit.adminID, now: audit.now, on: db)
            try await audit.record(on: db)
        }
        state.withLock { state in
            if enabled { state.off.remove(modelID) } else { state.off.insert(modelID) }
            state.version += 1
        }
    }
}
