import SQLKit

/// An operator's action as recorded: who did what to which record, and the details they gave.
public struct AdminActionRecord: Sendable, Equatable {
    public var id: Int64
    public var adminID: Int64
    public var adminEmail: String
    public var action: String
    public var target: String
    public var details: String
    public var createdAt: Int64

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int64.self)
        adminID = try row.decode(column: "admin_id", as: Int64.self)
        adminEmail = try row.decode(column: "email", as: String.self)
        action = try row.decode(column: "action", as: String.self)
        target = try row.decode(column: "target", as: String.self)
        details = try row.decode(column: "details", as: String.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
    }
}

/// Literal SQL over `admin_actions`, the audit trail of the admin area: written in the transaction of the
/// action it records, never changed.
public struct AdminActionStore: Sendable {
    public init() {}

    public func insert(
        adminID: Int64, action: String, target: String, details: String, now: Int64, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO admin_actions (admin_id, action, target, details, created_at)
            VALUES (\(bind: adminID), \(bind: action), \(bind: target), \(bind: details), \(bind: now))
            """
        ).run()
    }

    /// The newest actions first.
    public func recent(limit: Int, on db: any SQLDatabase) async throws -> [AdminActionRecord] {
        try await db.raw(
            """
            SELECT x.id, x.admin_id, a.email, x.action, x.target, x.details, x.created_at
            FROM admin_actions x JOIN accounts a ON a.id = x.admin_id
            ORDER BY x.id DESC LIMIT \(bind: limit)
            """
        ).all().map(AdminActionRecord.init(row:))
    }
}
