import NIOCore

/// A task executor that runs jobs on one NIO event loop. A transaction on a PostgreSQL connection prefers
/// its connection's event loop: each statement's answer then resumes the transaction on the thread that
/// read it, instead of waking a thread of the global pool and back again for every statement.
final class EventLoopExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
