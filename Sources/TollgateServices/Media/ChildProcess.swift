import Foundation

/// Runs a program to its end without holding a thread while it works: its exit is awaited through the
/// termination handler, and past `deadline` it is stopped.
enum ChildProcess {
    /// The exit status of `executable` run with `arguments` (no input, output discarded), or nil when it could
    /// not start or was stopped at the deadline.
    static func run(_ executable: String, _ arguments: [String], deadline: Duration) async -> Int32? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let running = Running(process)
        let status: Int32? = await withCheckedContinuation { continuation in
            process.terminationHandler = { finished in
                continuation.resume(returning: finished.terminationReason == .exit ? finished.terminationStatus : nil)
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(returning: nil)
                return
            }
            running.watch(deadline: deadline)
        }
        running.stopWatching()
        return status
    }

    /// A started process and the task that stops it at its deadline.
    private final class Running: @unchecked Sendable {
        private let process: Process
        private let lock = NSLock()
        private var watcher: Task<Void, Never>?

        init(_ process: Process) { self.process = process }

        func watch(deadline: Duration) {
            let task = Task {
                guard (try? await Task.sleep(for: deadline)) != nil else { return }
                self.lock.withLock { if self.process.isRunning { self.process.terminate() } }
            }
            lock.withLock { watcher = task }
        }

        func stopWatching() {
            lock.withLock { watcher?.cancel() }
        }
    }
}
