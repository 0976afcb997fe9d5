import Foundation

/// Where a `postgres://user[:password]@host[:port]/database[?sslmode=…]` URL points.
struct PostgresAddress: Sendable {
    enum TLS: Sendable { case disable, prefer, require }

    let host: String
    let port: Int
    let user: String
    let password: String?
    let database: String?
    let tls: TLS

    init(url: String) throws {
        guard let components = URLComponents(string: url),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme),
            let host = components.host, !host.isEmpty
        else {
            throw StoreError.badDatabaseURL("expected postgres://user[:password]@host[:port]/database")
        }
        let database = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        switch components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        case let other: throw StoreError.badDatabaseURL("unknown sslmode \(other)")
        }
        self.host = host
        port = components.port ?? 5432
        user = components.user ?? "postgres"
        password = components.password
        self.database = database.isEmpty ? nil : database
    }

    /// `host:port`, for messages (never the password).
    var endpoint: String { "\(host):\(port)" }
}
