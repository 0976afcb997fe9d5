import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// Result files (SPEC §10): unguessable URLs, content types, retention by plan, 410 after expiry.
@Suite struct FileServiceTests {
    static let databases = TestDatabase.available

    @Test(arguments: databases)
    func keepServeAndExpire(_ database: TestDatabase) async throws {
        try await Self.keepServeAndExpire(database)
    }

    /// The same against a live S3-compatible server (moto): the bytes are in the bucket under the file's
    /// storage key, and the sweeper deletes them there.
    @Test(.enabled(if: MotoServer.available), arguments: databases)
    func keepServeAndExpireOnS3(_ database: TestDatabase) async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let settings = try await moto.makeBucket()
        let bucket = S3FileStorage(settings)
        try await Self.keepServeAndExpire(database, s3: settings) { kept, swept async throws in
            let object = try await bucket.get(key: kept.storageKey)
            let deleted = try await bucket.get(key: swept)
            #expect(object == kept.bytes)
            #expect(deleted == nil)
        }
        await bucket.shutdown()
    }

    /// Keeps a Starter file and an Elite file, serves them, lets the Starter one expire. `check` gets a
    /// kept file's storage key and bytes and the storage key of the expired one.
    static func keepServeAndExpire(
        _ database: TestDatabase, s3: S3Settings? = nil,
        check: @Sendable (_ kept: (storageKey: String, bytes: [UInt8]), _ swept: String) async throws -> Void = {
            _, _ in
        }
    ) async throws {
        let clock = TestClock()
        let app = try await TestApp.make(database, clock: clock) { $0.s3 = s3 }
        let starter = try await app.services.accounts.create(email: "s@example.com", planCode: "free")
        let elite = try await app.services.accounts.create(email: "e@example.com", planCode: "elite")
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]
        let short = try await app.services.files.keep(
            bytes: png, contentType: "image/png", accountID: starter.id, plan: "free", generationID: nil)
        let forever = try await app.services.files.keep(
            bytes: [1, 2], contentType: "audio/mpeg", accountID: elite.id, plan: "elite", generationID: nil)
        #expect(short.hasPrefix("/files/") && short.hasSuffix(".png"))
        #expect(forever.hasSuffix(".mp3"))
        #expect(short.count == "/files/".count + 43 + ".png".count)
        try await app.test { client in
            try await client.execute(uri: short, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/png")
                #expect(Array(response.body.readableBytesView) == png)
            }
            try await client.execute(uri: "/files/" + String(repeating: "A", count: 43) + ".png", method: .get) {
                response in
                #expect(response.status == .notFound)
            }
            // Starter keeps files 7 days.
            clock.advance(days: 8)
            #expect(try await app.services.files.sweepExpired() == 1)
            try await client.execute(uri: short, method: .get) { response in
                #expect(response.status == .gone)
                #expect(response.json["error"] == "gone")
            }
            try await client.execute(uri: forever, method: .get) { response in
                #expect(response.status == .ok)
                #expect(Array(response.body.readableBytesView) == [1, 2])
            }
            let storageKey = { (url: String) in String(url.dropFirst("/files/".count).prefix { $0 != "." }) }
            try await check((storageKey(forever), [1, 2]), storageKey(short))
        }
    }
}
