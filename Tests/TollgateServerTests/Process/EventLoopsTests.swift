import Foundation
import Testing

/// `tollgate serve` runs with the event-loop threads its configuration asks for.
@Suite struct EventLoopsTests {
    /// The threads of the process's event-loop group (NIO names them `NIO-SGLTN-<group>-#<n>`).
    static func eventLoopThreads(of pid: Int32) throws -> Int {
        let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")
        return tasks.filter { task in
            let name = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/comm", encoding: .utf8)) ?? ""
            return name.hasPrefix("NIO-SGLTN-")
        }.count
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/task")), arguments: [1, 3])
    func serveStartsTheConfiguredEventLoops(_ loops: Int) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-loops-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try await TollgateProcess.serve(["--data", directory], environment: ["TOLLGATE_EVENT_LOOPS": "\(loops)"])
        defer { server.stop() }
        let health = try await TestHTTP.request(.GET, server.url + "/healthz")
        #expect(health.status == 200)
        #expect(try Self.eventLoopThreads(of: server.process.processIdentifier) == loops)
    }
}
