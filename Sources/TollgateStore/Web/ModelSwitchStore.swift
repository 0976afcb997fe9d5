import SQLKit

/// Literal SQL over `model_switches`: the catalog models an operator turned off (or back on) at run time.
public struct ModelSwitchStore: Sendable {
    public init() {}

    /// Records whether `modelID` is enabled.
    public func set(modelID: String, enabled: Bool, by adminID: Int64?, now: Int64, on db: any SQLDatabase)
        async throws
    {
        try await db.raw(
            """
            INSERT INTO model_switches (model_id, enabled, updated_by, updated_at)
            VALUES (\(bind: modelID), \(bind: enabled ? 1 : 0), \(bind: adminID), \(bind: now))
            ON CONFLICT (model_id) DO UPDATE SET enabled = excluded.enabled, updated_by = excluded.updated_by,
                updated_at = excluded.updated_at
            """
        ).run()
    }

    /// The ids of the models switched off.
    public func disabled(on db: any SQLDatabase) async throws -> Set<String> {
        Set(
            try await db.raw("SELECT model_id FROM model_switches WHERE enabled = 0").all().map {
                try $0.decode(column: "model_id", as: String.self)
            })
    }
}
