/// Failures of the store itself (as opposed to the rows it returns).
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case badDatabaseURL(String)
    case migrationFailed(version: Int, reason: String)
    case notFound
    case duplicate(String)

    public var description: String {
        switch self {
        case .badDatabaseURL(let reason): "bad database URL: \(reason)"
        case .migrationFailed(let version, let reason): "migration \(version) failed: \(reason)"
        case .notFound: "not found"
        case .duplicate(let what): "\(what) already exists"
        }
    }
}
