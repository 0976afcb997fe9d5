import SQLKit
import TollgateStore

/// One admin action about to be recorded: who, what, on which record, with what details.
struct AdminAudit: Sendable {
    var adminID: Int64
    var action: String
    var target: String
    var details: String
    var now: Int64

    func record(on db: any SQLDatabase) async throws {
        try await AdminActionStore().insert(
            adminID: adminID, action: action, target: target, details: details, now: now, on: db)
    }
}
