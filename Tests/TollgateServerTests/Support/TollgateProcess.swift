import Foundation

/// The `tollgate` executable run as a real process, for tests about several instances and crashes.
final class TollgateProcess: @unchecked Sendable {
    let process: Process
    let url: String

    /// The built executable, beside the test bundle.
    static var executable: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "tollgate")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/tollgate")
    }

    private init(process: Process, url: String) {
        self.process = process
        self.url = url
    }

    /// Starts `tollgate serve` with `arguments` on a free port and waits until it listens.
    static func serve(_ arguments: [String], environment: [String: String] = [:]) async throws -> TollgateProcess {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["serve", "--port", "0", "--log-level", "error"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let reader = output.fileHandleForReading
        let url = try await Task.detached { () -> String in
            var text = ""
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                let data = reader.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
                if let range = text.range(of: "listening on http://") {
                    let rest = text[range.upperBound...]
                    if let end = rest.firstIndex(where: { $0 == " " || $0 == "\n" }) { return "http://" + rest[..<end] }
                }
            }
            throw ProcessError.didNotStart(text)
        }.value
        return TollgateProcess(process: process, url: url)
    }

    /// Runs a `tollgate` command to its end; returns its exit status and output.
    static func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await Task.detached {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }.value
    }

    /// Kills the process at once (SIGKILL): no shutdown, no cleanup.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Stops the process gracefully, or kills it if it has not exited within 10 s.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        if process.isRunning { kill() }
        process.waitUntilExit()
    }

    enum ProcessError: Error {
        case didNotStart(String)
    }
}
