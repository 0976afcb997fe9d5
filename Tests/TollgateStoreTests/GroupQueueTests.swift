import Synchronization
import Testing

@testable import TollgateStore

/// The turn-taking under SQLite's group commit and PostgreSQL's statement batches.
@Suite struct GroupQueueTests {
    @Test func everyMemberRunsOnceInGroupsUpToTheLimit() async {
        let queue = GroupQueue<Int>(limit: 8)
        let runs = Shared<[[Int]]>([])
        await withTaskGroup(of: Void.self) { group in
            for id in 0..<200 {
                group.addTask {
                    await queue.join(id) { members in
                        runs.update { $0.append(members) }
                        try? await Task.sleep(for: .milliseconds(1))
                    }
                }
            }
        }
        let groups = runs.value
        #expect(groups.flatMap { $0 }.sorted() == Array(0..<200))
        #expect(groups.allSatisfy { (1...8).contains($0.count) })
        #expect(groups.contains { $0.count > 1 })
    }

    /// Under steady load the queue never runs dry; members already answered must not stay referenced.
    @Test func answeredMembersAreReleasedWhileTheQueueStaysBusy() async {
        let queue = GroupQueue<Tracked>(limit: 4)
        let live = Shared(0)
        let peak = Shared(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    for _ in 0..<150 {
                        await queue.join(Tracked(live)) { _ in
                            let now = live.value
                            peak.update { $0 = max($0, now) }
                            await Task.yield()
                        }
                    }
                }
            }
        }
        // 16 callers, each with one member waiting or running, and a few more answered but not yet dropped
        // by the task that ran their group; never the 2,400 members of the whole run.
        #expect(peak.value <= 32)
        #expect(live.value == 0)
    }
}

/// A value behind a lock, shared by a test's tasks.
final class Shared<Value: Sendable>: Sendable {
    private let state: Mutex<Value>

    init(_ value: Value) {
        state = Mutex(value)
    }

    var value: Value { state.withLock { $0 } }

    func update(_ body: (inout Value) -> Void) {
        state.withLock { body(&$0) }
    }
}

/// Counts its live instances in `live`.
final class Tracked: Sendable {
    let live: Shared<Int>

    init(_ live: Shared<Int>) {
        self.live = live
        live.update { $0 += 1 }
    }

    deinit { live.update { $0 -= 1 } }
}
