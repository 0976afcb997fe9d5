import Foundation
import TollgateCore
import TollgateStore

/// Keeps result files (SPEC §10): stores bytes under an unguessable token, serves them at
/// `/files/<token>.<ext>`, and deletes them after the owner's plan retention (their URL then answers 410).
public struct FileService: Sendable {
    let store: Store
    let storage: any FileStorage
    let plans: PlanBook
    let clock: any WallClock

    /// Largest result file kept.
    static let maxBytes = 512 << 20

    /// Stores a file for an account's generation; returns its public path (`/files/…`).
    public func keep(bytes: [UInt8], contentType: String, accountID: Int64, plan: String, generationID: Int64?)
        async throws -> String
    {
        let token = Self.token()
        let ext = Self.fileExtension(contentType)
        let now = clock.nowMilliseconds()
        let expires = plans.plan(plan)?.retentionDays.map { now + Int64($0) * 86_400_000 }
        try await storage.put(key: token, bytes: bytes, contentType: contentType)
        try await store.transaction { db in
            try await store.files.insert(
                FileRecord(
                    token: token, accountID: accountID, generationID: generationID, storageKey: token,
                    contentType: contentType,
                    sizeBytes: Int64(bytes.count), createdAt: now, expiresAt: expires), on: db)
        }
        return "/files/\(token).\(ext)"
    }

    /// What `/files/<name>` answers: the bytes and type, or 404 (never existed) / 410 (expired).
    public func serve(name: String) async throws -> (bytes: [UInt8], contentType: String) {
        let token = String(name.prefix { $0 != "." })
        guard token.count == 43,
            let record = try await store.read({ db in try await store.files.find(token: token, on: db) })
        else {
            throw APIError.notFound("No such file.")
        }
        if record.deletedAt != nil || (record.expiresAt.map { $0 <= clock.nowMilliseconds() } ?? false) {
            throw APIError(code: "gone", message: "This file has expired and was deleted.", status: 410, side: .caller)
        }
        guard let bytes = try await storage.get(key: record.storageKey) else {
            throw APIError.notFound("No such file.")
        }
        return (bytes, record.contentType)
    }

    /// Deletes files past their retention; returns how many.
    public func sweepExpired(limit: Int = 500) async throws -> Int {
        let now = clock.nowMilliseconds()
        let expired = try await store.read { db in try await store.files.expired(now: now, limit: limit, on: db) }
        var count = 0
        for file in expired {
            try await storage.delete(key: file.storageKey)
            let marked = try await store.transaction { db in
                try await store.files.markDeleted(token: file.token, at: now, on: db)
            }
            if marked { count += 1 }
        }
        return count
    }

    /// 32 random bytes, base64url without padding: 43 characters, unguessable.
    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
                of: "=", with: "")
    }

    static func fileExtension(_ contentType: String) -> String {
        let type =
            contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return [
            "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif",
            "video/mp4": "mp4", "video/webm": "webm", "video/quicktime": "mov",
            "audio/mpeg": "mp3", "audio/mp3": "mp3", "audio/wav": "wav", "audio/x-wav": "wav", "audio/ogg": "ogg",
            "audio/flac": "flac", "audio/aac": "aac", "audio/opus": "opus", "audio/webm": "webm",
            "text/plain": "txt", "application/json": "json",
        ][type] ?? "bin"
    }
}
