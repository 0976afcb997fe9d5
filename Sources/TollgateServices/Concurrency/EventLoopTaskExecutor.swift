import NIOCore
import NIOPosix

/// Runs a task's jobs on one NIO event loop. A stream's relay placed on the loop that carries its client's
/// connection — where AsyncHTTPClient then also prefers the upstream connection — wakes no other thread for a
/// frame: the provider's bytes are read, mapped and written to the client on one thread.
final class EventLoopTaskExecutor: TaskExecutor {
    let loop: any EventLoop

    private init(_ loop: any EventLoop) {
        self.loop = loop
    }

    /// One for each loop of the process's event-loop group, which serves the connections and carries
    /// AsyncHTTPClient's.
    private static let all = MultiThreadedEventLoopGroup.singleton.makeIterator().map(EventLoopTaskExecutor.init)

    /// The executor of `loop` when it is one of the process's event loops; otherwise (a test's channel) the
    /// first of them.
    static func on(_ loop: any EventLoop) -> EventLoopTaskExecutor {
        all.first { $0.loop === loop } ?? all[0]
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
