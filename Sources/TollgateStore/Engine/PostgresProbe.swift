import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// One connection opened and closed before the pool starts, so a wrong URL, a stopped server or refused
/// credentials is one clear error at start rather than a pool retrying in silence for a minute.
enum PostgresProbe {
    /// Connects to `url` within `timeout`; throws `StoreError.unreachable` saying what is wrong.
    static func check(url: String, timeout: TimeAmount = .seconds(10), logger: Logger) async throws {
        let address = try PostgresAddress(url: url)
        let tls: PostgresConnection.Configuration.TLS =
            switch address.tls {
            case .disable: .disable
            case .prefer: .prefer(try .init(configuration: .makeClientConfiguration()))
            case .require: .require(try .init(configuration: .makeClientConfiguration()))
            }
        var configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password,
            database: address.database, tls: tls)
        configuration.options.connectTimeout = timeout
        var quiet = logger
        quiet.logLevel = .critical
        do {
            let connection = try await PostgresConnection.connect(
                configuration: configuration, id: 0, logger: quiet)
            try? await connection.close()
        } catch {
            throw StoreError.unreachable(Self.explain(error, address: address))
        }
    }

    /// What went wrong and what to do, in one line.
    static func explain(_ error: any Error, address: PostgresAddress) -> String {
        let hint = "check the --database URL (TOLLGATE_DATABASE) and that PostgreSQL is running there"
        guard let error = error as? PSQLError else {
            return "cannot reach PostgreSQL at \(address.endpoint) (\(reason(error))): \(hint)"
        }
        if let message = error.serverInfo?[.message] {
            let state = error.serverInfo?[.sqlState] ?? ""
            switch state {
            case "28P01", "28000":
                return
                    "PostgreSQL at \(address.endpoint) refused user \(address.user): \(message); check the user and password in the --database URL"
            case "3D000":
                return
                    "PostgreSQL at \(address.endpoint): \(message); create it (createdb) or fix the database name in the URL"
            default:
                return "PostgreSQL at \(address.endpoint) answered: \(message) (\(state)); \(hint)"
            }
        }
        if error.code == .authMechanismRequiresPassword {
            return "PostgreSQL at \(address.endpoint) asks for a password: add it to the --database URL"
        }
        if error.code == .sslUnsupported {
            return "PostgreSQL at \(address.endpoint) does not offer TLS: use sslmode=disable or prefer, or enable ssl"
        }
        let cause = reason(error)
        return "cannot reach PostgreSQL at \(address.endpoint) (\(cause)): \(hint)"
    }

    /// A short reason for a connection failure (no type dumps).
    static func reason(_ error: any Error) -> String {
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)).lowercased() }
        if let error = error as? NIOConnectionError {
            if let first = error.connectionErrors.first { return reason(first.error) }
            if error.dnsAAAAError != nil || error.dnsAError != nil { return "cannot resolve the host name" }
        }
        if let error = error as? ChannelError, case .connectTimeout(let amount) = error {
            return "no answer within \(amount.nanoseconds / 1_000_000_000) s"
        }
        if let error = error as? PSQLError {
            if let underlying = error.underlying { return reason(underlying) }
            if error.code == .serverClosedConnection { return "the connection closed before PostgreSQL answered" }
            return "\(error.code)"
        }
        return String(describing: error).prefix(200).description
    }
}
