import Foundation
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// Real `tollgate` processes: several instances on one PostgreSQL, and a crash (SIGKILL) while
/// generations hold tokens. `tollgate ledger check` must pass afterwards.
@Suite(.serialized) struct InstancesTests {
    static let databases = TestDatabase.available

    /// The store options a process needs to share this test's database.
    static func storeArguments(_ app: TestApp) -> [String] {
        if let url = app.scratch.databaseURL { return ["--database", url, "--data", app.scratch.directory] }
        return ["--data", app.scratch.directory]
    }

    @Test(.enabled(if: TestDatabase.postgresAdminURL != nil))
    func twoInstancesShareOneExactBalance() async throws {
        let simulator = try await RunningSimulator.start()
        let app = try await TestApp.make(.postgres)
        let account = try await app.services.accounts.create(email: "ten@example.com", planCode: "elite")
        _ = try await app.services.ledger.grant(
            accountID: account.id, tokens: -2_990, bucket: .subscription, reason: "leave 10")
        let key = try await app.services.keys.create(accountID: account.id, name: "load").key
        let vip = try await app.services.accounts.create(email: "vip@example.com", planCode: "vip")
        let vipKey = try await app.services.keys.create(accountID: vip.id, name: "load").key
        let arguments = Self.storeArguments(app) + ["--simulator", simulator.url]
        let first = try await TollgateProcess.serve(arguments)
        let second = try await TollgateProcess.serve(arguments)
        defer {
            first.stop()
            second.stop()
        }

        func burst(_ key: String, _ count: Int) async throws -> [Int] {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<count {
                    let url = (index % 2 == 0 ? first.url : second.url) + "/api/v2/generate"
                    group.addTask {
                        try await TestHTTP.request(
                            .POST, url, key: key, json: #"{"model": "gpt-5-nano", "prompt": "n\#(index)"}"#
                        ).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
        }
        func counts(_ statuses: [Int]) -> [Int: Int] { statuses.reduce(into: [:]) { $0[$1, default: 0] += 1 } }
        #expect(counts(try await burst(key, 200)) == [200: 10, 402: 190])
        // VIP: 100 per hour, exactly, across both instances — in one clock hour, so not in its last 30 s.
        let intoHour = Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 3_600)
        if intoHour > 3_570 { try await Task.sleep(for: .seconds(3_601 - intoHour)) }
        #expect(counts(try await burst(vipKey, 150)) == [200: 100, 429: 50])

        let check = try await TollgateProcess.run(["ledger", "check"] + Self.storeArguments(app))
        #expect(check.status == 0, "\(check.output)")
        await app.close()
        await simulator.stop()
    }

    @Test(arguments: databases)
    func killedWhileHoldingThenRecovered(_ database: TestDatabase) async throws {
        let simulator = try await RunningSimulator.start()
        let app = try await TestApp.make(database)
        let account = try await app.services.accounts.create(email: "crash@example.com", planCode: "elite")
        let key = try await app.services.keys.create(accountID: account.id, name: "crash").key
        let before = account.availableTokens
        // A catalog whose gpt-5-nano gives up after 2 s, so the test need not wait minutes.
        let catalogFile = try Self.catalog(deadlineSeconds: 2, slug: "gpt-5-nano", in: app.scratch.directory)
        let arguments = Self.storeArguments(app) + ["--simulator", simulator.url]
        let environment = ["TOLLGATE_CATALOG_FILE": catalogFile, "TOLLGATE_SWEEP_SECONDS": "1"]
        let doomed = try await TollgateProcess.serve(arguments, environment: environment)
        // Five slow generations that hold tokens when the process dies.
        let requests = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<5 {
                    group.addTask {
                        _ = try? await TestHTTP.request(
                            .POST, doomed.url + "/api/v2/generate", key: key,
                            json: #"{"model": "gpt-5-nano", "prompt": "slow \#(index) [[sim latency_ms=20000]]"}"#)
                    }
                }
                try await group.waitForAll()
            }
        }
        let held = try await Self.eventually {
            try await app.services.accounts.find(id: account.id).heldTokens == 5
        }
        #expect(held)
        doomed.kill()
        requests.cancel()
        #expect(try await app.services.accounts.find(id: account.id).heldTokens == 5)

        let restarted = try await TollgateProcess.serve(arguments, environment: environment)
        defer { restarted.stop() }
        let released = try await Self.eventually(seconds: 15) {
            try await app.services.accounts.find(id: account.id).heldTokens == 0
        }
        #expect(released)
        #expect(try await app.services.accounts.find(id: account.id).availableTokens == before)
        let check = try await TollgateProcess.run(["ledger", "check"] + Self.storeArguments(app))
        #expect(check.status == 0, "\(check.output)")
        await app.close()
        await simulator.stop()
    }

    @Test(arguments: databases)
    func killedWithPendingJobsThenEveryJobEnds(_ database: TestDatabase) async throws {
        let simulator = try await RunningSimulator.start()
        let app = try await TestApp.make(database)
        let account = try await app.services.accounts.create(email: "jobs@example.com", planCode: "elite")
        let key = try await app.services.keys.create(accountID: account.id, name: "jobs").key
        let arguments = Self.storeArguments(app) + ["--simulator", simulator.url]
        let environment = ["TOLLGATE_JOB_IDLE_MS": "50", "TOLLGATE_JOB_LEASE_SECONDS": "3"]
        let doomed = try await TollgateProcess.serve(arguments, environment: environment)
        var ids: [Int64] = []
        for index in 0..<20 {
            let reply = try await TestHTTP.request(
                .POST, doomed.url + "/api/v2/generate", key: key,
                json: #"{"model": "flux-1.1-pro", "prompt": "job \#(index) [[sim job_ms=2500]]"}"#)
            ids.append(try #require(reply.json["id"]?.intValue))
        }
        // Kill it once jobs are running upstream.
        _ = try await Self.eventually {
            try await app.services.store.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM generations WHERE upstream_id IS NOT NULL").first()?.decode(
                    column: "n", as: Int.self)
            } ?? 0 >= 10
        }
        doomed.kill()
        let restarted = try await TollgateProcess.serve(arguments, environment: environment)
        defer { restarted.stop() }
        let allEnded = try await Self.eventually(seconds: 30) {
            try await app.services.store.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM generations WHERE status = 'pending'").first()?.decode(
                    column: "n", as: Int.self)
            } == 0
        }
        #expect(allEnded)
        if !allEnded {
            let rows = try await app.services.store.read { db in
                try await db.raw(
                    "SELECT id, locked_by, locked_until, next_poll_at, attempts, upstream_id, deadline_at FROM generations WHERE status = 'pending'"
                ).all()
            }
            for row in rows {
                print(
                    "PENDING", (try? row.decode(column: "id", as: Int64.self)) ?? -1,
                    (try? row.decode(column: "locked_by", as: String?.self)) ?? "-",
                    (try? row.decode(column: "locked_until", as: Int64?.self)) ?? -1,
                    (try? row.decode(column: "next_poll_at", as: Int64?.self)) ?? -1,
                    (try? row.decode(column: "attempts", as: Int.self)) ?? -1,
                    (try? row.decode(column: "upstream_id", as: String?.self)) ?? "-",
                    Date().timeIntervalSince1970)
            }
        }
        for id in ids {
            let generation = try await app.services.store.read { db in
                try await app.services.store.generations.find(id: id, on: db)
            }
            #expect(generation?.status == .completed, "generation \(id): \(String(describing: generation?.status))")
            #expect(generation?.tokensSpent == 4)
        }
        let spent = try await app.services.accounts.find(id: account.id)
        #expect(spent.availableTokens == account.availableTokens - 80)
        let check = try await TollgateProcess.run(["ledger", "check"] + Self.storeArguments(app))
        #expect(check.status == 0, "\(check.output)")
        await app.close()
        await simulator.stop()
    }

    @Test(.enabled(if: TestDatabase.postgresAdminURL != nil))
    func fiveHundredJobsOnTwoInstancesEachRunOnce() async throws {
        let simulator = try await RunningSimulator.start()
        let app = try await TestApp.make(.postgres)
        let account = try await app.services.accounts.create(email: "many@example.com", planCode: "elite")
        let key = try await app.services.keys.create(accountID: account.id, name: "many").key
        let arguments = Self.storeArguments(app) + ["--simulator", simulator.url]
        let environment = ["TOLLGATE_JOB_IDLE_MS": "50", "TOLLGATE_JOB_CONCURRENCY": "64"]
        let first = try await TollgateProcess.serve(arguments, environment: environment)
        let second = try await TollgateProcess.serve(arguments, environment: environment)
        defer {
            first.stop()
            second.stop()
        }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<500 {
                let url = (index % 2 == 0 ? first.url : second.url) + "/api/v2/generate"
                group.addTask {
                    try await TestHTTP.request(
                        .POST, url, key: key,
                        json: #"{"model": "photon-flash", "prompt": "frame \#(index) [[sim job_ms=200]]"}"#
                    ).status
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 200 })
        let finished = try await Self.eventually(seconds: 90) {
            try await app.services.store.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM generations WHERE status = 'completed'").first()?.decode(
                    column: "n", as: Int.self)
            } == 500
        }
        #expect(finished)
        // Each job was submitted upstream exactly once, and charged exactly once.
        #expect(simulator.stats.jobsCreated == 500)
        #expect(try await app.services.accounts.find(id: account.id).availableTokens == account.availableTokens - 500)
        let check = try await TollgateProcess.run(["ledger", "check"] + Self.storeArguments(app))
        #expect(check.status == 0, "\(check.output)")
        await app.close()
        await simulator.stop()
    }

    static func catalog(deadlineSeconds: Int, slug: String, in directory: String) throws -> String {
        let url = try #require(Catalog.bundledURL)
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var models = try #require(json["models"] as? [[String: Any]])
        for index in models.indices where models[index]["slug"] as? String == slug {
            models[index]["deadline_seconds"] = deadlineSeconds
        }
        json["models"] = models
        let path = directory + "/catalog.json"
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func eventually(seconds: Double = 10, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }
}
