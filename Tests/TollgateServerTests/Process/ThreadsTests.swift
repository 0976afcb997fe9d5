import Foundation
import Testing

/// The threads of `tollgate serve`: the event loops its configuration asks for, and SQLite's checkpoints
/// on a thread of lower priority than the requests'.
@Suite struct ThreadsTests {
    /// Name and nice value of each thread of `pid` (from `/proc/<pid>/task/<tid>/stat`).
    static func threads(of pid: Int32) throws -> [(name: String, nice: Int)] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task").compactMap { task in
            let stat = try String(contentsOfFile: "/proc/\(pid)/task/\(task)/stat", encoding: .utf8)
            // "tid (name) state ppid …": the name may hold spaces, the fields after it do not.
            guard let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // After the name: state is field 3 of stat(5), nice field 19.
            guard fields.count > 16, let nice = Int(fields[16]) else { return nil }
            return (String(stat[stat.index(after: open)..<close]), nice)
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/task")), arguments: [1, 3])
    func serveStartsTheConfiguredEventLoops(_ loops: Int) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tollgate-loops-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try await TollgateProcess.serve(
            ["--data", directory], environment: ["TOLLGATE_EVENT_LOOPS": "\(loops)"])
        defer { server.stop() }
        let health = try await TestHTTP.request(.GET, server.url + "/healthz")
        #expect(health.status == 200)
        #expect(
            try Self.threads(of: server.process.processIdentifier).filter { $0.name.hasPrefix("NIO-SGLTN-") }.count
                == loops)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/task")))
    func checkpointsRunOnALowerPriorityThread() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tollgate-nice-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try await TollgateProcess.serve(["--data", directory])
        defer { server.stop() }
        let threads = try Self.threads(of: server.process.processIdentifier)
        #expect(threads.filter { $0.nice == 10 }.count == 1, "\(threads)")
        #expect(threads.contains { $0.name.hasPrefix("NIO-SGLTN-") && $0.nice == 0 })
    }
}
