import SQLKit

/// Literal SQL over `sms_codes`: one live code per number and purpose, stored as a hash, counted in attempts.
public struct SMSCodeStore: Sendable {
    public init() {}

    /// When the live code of `phone` for `purpose` was sent, if one is live.
    public func sentAt(phone: String, purpose: String, now: Int64, on db: any SQLDatabase) async throws -> Int64? {
        try await db.raw(
            """
            SELECT sent_at FROM sms_codes
            WHERE phone = \(bind: phone) AND purpose = \(bind: purpose) AND expires_at > \(bind: now)
            """
        ).first()?.decode(column: "sent_at", as: Int64.self)
    }

    /// Stores a new code for the number and purpose, replacing any earlier one (its attempts start again).
    public func put(
        phone: String, purpose: String, codeHash: String, now: Int64, expiresAt: Int64, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO sms_codes (phone, purpose, code_hash, attempts, sent_at, expires_at)
            VALUES (\(bind: phone), \(bind: purpose), \(bind: codeHash), 0, \(bind: now), \(bind: expiresAt))
            ON CONFLICT (phone, purpose) DO UPDATE SET code_hash = \(bind: codeHash), attempts = 0,
                sent_at = \(bind: now), expires_at = \(bind: expiresAt)
            """
        ).run()
    }

    /// The outcome of presenting a code.
    public enum Check: Sendable, Equatable {
        /// It matched; the code is spent.
        case matched
        /// It did not match; `remaining` tries are left (0: the code is spent).
        case wrong(remaining: Int)
        /// No live code (never sent, expired, or out of attempts).
        case none
    }

    /// Counts an attempt at the live code and spends it when `codeHash` matches or the attempts run out.
    public func check(
        phone: String, purpose: String, codeHash: String, maxAttempts: Int, now: Int64, on db: any SQLDatabase
    ) async throws -> Check {
        guard
            let row = try await db.raw(
                """
                UPDATE sms_codes SET attempts = attempts + 1
                WHERE phone = \(bind: phone) AND purpose = \(bind: purpose) AND expires_at > \(bind: now)
                    AND attempts < \(bind: maxAttempts)
                RETURNING code_hash, attempts
                """
            ).first()
        else { return .none }
        let stored = try row.decode(column: "code_hash", as: String.self)
        let attempts = try row.decode(column: "attempts", as: Int.self)
        if stored == codeHash || attempts >= maxAttempts {
            try await db.raw("DELETE FROM sms_codes WHERE phone = \(bind: phone) AND purpose = \(bind: purpose)").run()
        }
        return stored == codeHash ? .matched : .wrong(remaining: maxAttempts - attempts)
    }

    /// Deletes codes that expired before `time`.
    public func prune(before time: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM sms_codes WHERE expires_at < \(bind: time)").run()
    }
}
