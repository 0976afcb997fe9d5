import PostgresKit
import PostgresNIO
import SQLKit
import TollgateCore

/// Helpers of the one-statement admission and settlement on PostgreSQL: a statement that must change
/// everything or nothing fails on purpose with a refusal, and returns two records' columns in one row
/// (one row per call, when a statement answers a batch of calls).
enum OneStatement {
    /// Starts the text of a refusal, which the statement casts to an integer to fail (build the rest from a
    /// value of the statement's own rows, so the planner cannot fold the cast and fail every statement).
    static let refusal = "tollgate_refused:"

    /// What a one-statement write answered: its rows, or the reason it refused (the text after `refusal`).
    enum Answer {
        case rows([PostgresCellsRow])
        case refused(Substring)
    }

    /// Runs `statement`, which answers at least one row or fails with a refusal (nothing changed).
    static func run<Statement: PostgresPreparedStatement>(
        _ statement: Statement, on db: any SQLDatabase
    ) async throws -> Answer where Statement.Row == PostgresRow {
        do {
            let rows = try await PostgresSession.rows(of: statement, on: db)
            guard !rows.isEmpty else { throw StoreError.notFound }
            return .rows(rows.map(PostgresCellsRow.init))
        } catch let error as PSQLError {
            guard let message = error.serverInfo?[.message], let marker = message.range(of: refusal) else {
                throw error
            }
            return .refused(message[marker.upperBound...].prefix { $0 != "\"" })
        }
    }

    /// Runs `statement`, written for `count` calls, which answers one row per call (its position in the
    /// column `n`) or refuses the batch as a whole (nil, nothing changed).
    static func runForEach<Statement: PostgresPreparedStatement, Answer>(
        _ statement: Statement, count: Int, on db: any SQLDatabase, answer: (any SQLRow) throws -> Answer
    ) async throws -> [Answer]? where Statement.Row == PostgresRow {
        guard case .rows(let rows) = try await run(statement, on: db) else { return nil }
        var answers = [Answer?](repeating: nil, count: count)
        for row in rows {
            let n = Int(try row.decode(column: "n", as: Int64.self))
            guard answers.indices.contains(n) else { throw StoreError.notFound }
            answers[n] = try answer(row)
        }
        return try answers.map { answer in
            guard let answer else { throw StoreError.notFound }
            return answer
        }
    }

    /// `value` as JSON text: a statement's batch of calls, integers and text only, which always encode.
    static func json(_ value: JSONValue) -> String {
        guard let text = value.sortedJSONText else {
            preconditionFailure("a batch of calls holds integers and text only")
        }
        return text
    }

    /// `table.column AS prefixcolumn, …`, so two records' columns can share one row.
    static func prefixed(_ columns: [String], table: String, prefix: String) -> String {
        columns.map { "\(table).\($0) AS \(prefix)\($0)" }.joined(separator: ", ")
    }
}

/// A row whose columns are read under a prefix: `owner_id` as `id` with prefix `owner_`.
struct PrefixedRow: SQLRow {
    let row: any SQLRow
    let prefix: String

    var allColumns: [String] {
        row.allColumns.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    func contains(column: String) -> Bool { row.contains(column: prefix + column) }

    func decodeNil(column: String) throws -> Bool { try row.decodeNil(column: prefix + column) }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        try row.decode(column: prefix + column, as: D.self)
    }
}
