import HummingbirdBcrypt
import NIOCore
import NIOPosix

/// bcrypt password hashing (hummingbird-auth), run on a thread pool of its own: it is slow by design and must
/// never block the event loops, the cooperative pool — nor NIO's shared blocking pool, where SQLite's reads
/// and address lookups queue (a burst of logins there stalled every read behind it). Checking against an
/// unknown account still hashes (against a dummy), so the answer takes as long whether or not it exists.
struct PasswordHasher: Sendable {
    /// The threads bcrypt runs on, one per core (started once for the process, like NIO's own pools).
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: System.coreCount)
        pool.start()
        return pool
    }()

    let cost: UInt8
    let dummyHash: String

    /// Shortest and longest accepted password. bcrypt reads at most 72 bytes, so longer ones are refused
    /// rather than silently truncated.
    static let minimumLength = 8
    static let maximumBytes = 72

    /// A hasher with `cost`, preparing its dummy hash.
    static func make(cost: Int) async throws -> PasswordHasher {
        let cost = UInt8(cost)
        let dummy = try await Self.pool.runIfActive { Bcrypt.hash("tollgate-dummy-password", cost: cost) }
        return PasswordHasher(cost: cost, dummyHash: dummy)
    }

    /// The reason `password` is refused, or nil if it is acceptable.
    static func problem(with password: String) -> String? {
        if password.count < minimumLength { return "must be at least \(minimumLength) characters" }
        if password.utf8.count > maximumBytes { return "must be at most \(maximumBytes) bytes" }
        return nil
    }

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await Self.pool.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`; with no (or an empty) hash, checks a dummy and answers false.
    func verify(_ password: String, hash: String?) async throws -> Bool {
        // An empty hash is an account without a password (signed up with Google): checked like no hash.
        let usable = hash.flatMap { $0.isEmpty ? nil : $0 }
        let target = usable ?? dummyHash
        let matches = try await Self.pool.runIfActive { Bcrypt.verify(password, hash: target) }
        return matches && usable != nil
    }
}
