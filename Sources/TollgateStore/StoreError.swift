import PostgresNIO

/// Failures of the store itself (as opposed to the rows it returns).
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case badDatabaseURL(String)
    /// The database cannot be used at all (unreachable, refused credentials); says what to do.
    case unreachable(String)
    case migrationFailed(version: Int, reason: String)
    case notFound
    case duplicate(String)

    public var description: String {
        switch self {
        case .badDatabaseURL(let reason): "bad database URL: \(reason)"
        case .unreachable(let reason): reason
        case .migrationFailed(let version, let reason): "migration \(version) failed: \(reason)"
        case .notFound: "not found"
        case .duplicate(let what): "\(what) already exists"
        }
    }
}

extension StoreError {
    /// One line for a database failure that reaches the command line (a PostgreSQL error's server message,
    /// which PostgresNIO's own description hides), or nil for any other error.
    public static func explain(_ error: any Error) -> String? {
        guard let error = error as? PSQLError else { return nil }
        if let message = error.serverInfo?[.message] {
            return "PostgreSQL refused: \(message) (SQLSTATE \(error.serverInfo?[.sqlState] ?? "?"))"
        }
        return "PostgreSQL failed: \(PostgresProbe.reason(error))"
    }
}
