import Synchronization

/// Turn-taking for work done in groups (a group commit): the caller that finds the queue idle runs a group
/// — its own member first, then the members queued meanwhile, up to `limit` — and hands the queue to the
/// oldest member still waiting, which runs the next group. Members are answered when their group has run;
/// what a member's answer is, is up to the group's runner (it lives in the member).
///
/// No thread or task of its own: whoever waits longest runs next, so the queue never sits idle while work
/// waits, and a lone caller runs at once.
final class GroupQueue<Member: Sendable>: Sendable {
    private let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        precondition(limit > 0)
        self.limit = limit
    }

    /// Waits until `member` has run in a group; if it falls to this caller to run the group, `runGroup` does
    /// it (with `member` first).
    func join(_ member: Member, runGroup: ([Member]) async -> Void) async {
        let idle = state.withLock { state in
            guard !state.running else { return false }
            state.running = true
            return true
        }
        if !idle {
            let turn = await withCheckedContinuation { continuation in
                let queued = state.withLock { state in
                    guard state.running else {
                        state.running = true
                        return false
                    }
                    state.waiting.append(Waiter(member: member, continuation: continuation))
                    return true
                }
                if !queued { continuation.resume(returning: .yours) }
            }
            if case .done = turn { return }
        }
        let others = state.withLock { state in state.take(limit - 1) }
        await runGroup([member] + others.map(\.member))
        for waiter in others { waiter.continuation.resume(returning: .done) }
        state.withLock { $0.next() }?.continuation.resume(returning: .yours)
    }

    private struct Waiter: Sendable {
        var member: Member
        var continuation: CheckedContinuation<Turn, Never>
    }

    private enum Turn: Sendable {
        /// The member ran in someone else's group.
        case done
        /// The queue is this member's to run.
        case yours
    }

    /// The waiters in arrival order: `waiting[head...]`. Under steady load the queue may never run dry, so
    /// the taken ones are dropped from the front once they are as many as those left (each waiter holds its
    /// member until then).
    private struct State: Sendable {
        var running = false
        var waiting: [Waiter] = []
        var head = 0

        /// Up to `count` of the oldest waiters, taken off the queue.
        mutating func take(_ count: Int) -> [Waiter] {
            let taken = Array(waiting[head..<min(head + count, waiting.count)])
            head += taken.count
            if head * 2 >= waiting.count {
                waiting.removeFirst(head)
                head = 0
            }
            return taken
        }

        /// The oldest waiter, taken off the queue; nil (and the queue idle) when there is none.
        mutating func next() -> Waiter? {
            guard let waiter = take(1).first else {
                running = false
                return nil
            }
            return waiter
        }
    }
}
