import ArgumentParser
import Foundation
import NIOCore
import TollgateStore

/// A failure the command line reports as one line that says what is wrong and what to do.
struct StartupFailure: Error, CustomStringConvertible {
    let description: String

    /// `error` as the one line the operator reads; `listening` names the address the server was binding.
    static func readable(_ error: any Error, listening address: (host: String, port: Int)? = nil) -> any Error {
        if let io = error as? IOError, let (host, port) = address {
            return StartupFailure(description: bindFailure(errno: io.errnoCode, host: host, port: port))
        }
        if let line = StoreError.explain(error) { return StartupFailure(description: line) }
        return error
    }

    static func bindFailure(errno code: Int32, host: String, port: Int) -> String {
        switch code {
        case EADDRINUSE:
            "port \(port) on \(host) is already in use (another tollgate?): stop that process or choose another --port"
        case EACCES:
            "no permission to listen on port \(port): use a port above 1023 (and nginx in front, see deploy/)"
        case EADDRNOTAVAIL:
            "\(host) is not an address of this machine: use --host 127.0.0.1, or 0.0.0.0 for every interface"
        default:
            "cannot listen on \(host):\(port): \(String(cString: strerror(code)))"
        }
    }
}
