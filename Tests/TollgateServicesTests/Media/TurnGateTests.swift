import Synchronization
import Testing

@testable import TollgateServices

@Suite struct TurnGateTests {
    /// Who is inside now, and the most there ever were.
    final class Count: Sendable {
        let state = Mutex((now: 0, most: 0))
        func enter() {
            state.withLock {
                $0.now += 1
                $0.most = max($0.most, $0.now)
            }
        }
        func leave() { state.withLock { $0.now -= 1 } }
    }

    @Test func noMoreThanTheLimitAreInsideAtOnce() async {
        let gate = TurnGate(limit: 2)
        let count = Count()
        let finished = await withTaskGroup(of: Int.self) { group in
            for index in 0..<12 {
                group.addTask {
                    await gate.run {
                        count.enter()
                        try? await Task.sleep(for: .milliseconds(20))
                        count.leave()
                        return index
                    }
                }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(finished.sorted() == Array(0..<12))
        #expect(count.state.withLock { $0.most } == 2)
        #expect(count.state.withLock { $0.now } == 0)
    }
}
