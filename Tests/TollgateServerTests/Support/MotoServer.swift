import Foundation

@testable import TollgateServer
@testable import TollgateServices

/// A local S3-compatible server (`moto_server` from PyPI, installed by `scripts/test`) on a free port, for the
/// S3 file store's live tests. Its output goes to a file, never a pipe nobody drains.
final class MotoServer: @unchecked Sendable {
    let process: Process
    let url: String
    private let log: URL

    /// `moto_server` on the PATH (scripts/test puts its virtual environment there).
    static let executable: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "")
        .split(separator: ":")
        .map { URL(fileURLWithPath: String($0)).appendingPathComponent("moto_server") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    static var available: Bool { executable != nil }

    private init(process: Process, url: String, log: URL) {
        self.process = process
        self.url = url
        self.log = log
    }

    /// Starts the server and waits (up to 30 s) until it prints the address it listens on.
    static func start() async throws -> MotoServer {
        guard let executable else { throw MotoError.notInstalled }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("moto-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["-H", "127.0.0.1", "-p", "0"]
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "Running on http://") {
                let rest = text[range.upperBound...]
                if let end = rest.firstIndex(where: \.isWhitespace) {
                    return MotoServer(process: process, url: "http://" + rest[..<end], log: log)
                }
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        throw MotoError.didNotStart((try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// A store on a fresh bucket of this server.
    func makeBucket(_ bucket: String = "tollgate-\(UInt32.random(in: 0...UInt32.max))") async throws -> S3Settings {
        let settings = S3Settings(
            endpoint: url, bucket: bucket, region: "us-east-1", accessKeyID: "testing", secret: "testing")
        let storage = S3FileStorage(settings)
        try await storage.createBucket()
        await storage.shutdown()
        return settings
    }

    /// Stops the server: SIGINT (moto's server ignores SIGTERM), SIGKILL if it is still running after 5 s.
    func stop() {
        process.interrupt()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: log)
    }

    enum MotoError: Error {
        case notInstalled
        case didNotStart(String)
    }
}
