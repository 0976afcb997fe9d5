import Testing

@testable import TollgateSimulator

@Suite("Pacer: the simulator's one clock")
struct PacerTests {
    @Test func sleepsEndAtOrAfterTheirDeadlines() async throws {
        let pacer = Pacer()
        let start = ContinuousClock.now
        let endings = try await withThrowingTaskGroup(of: (Int, ContinuousClock.Instant).self) { group in
            for milliseconds in [60, 20, 40] {
                group.addTask {
                    try await pacer.sleep(until: start + .milliseconds(milliseconds))
                    return (milliseconds, ContinuousClock.now)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(endings.map(\.0).sorted() == [20, 40, 60])
        for (milliseconds, at) in endings { #expect(at >= start + .milliseconds(milliseconds)) }
    }

    @Test func cancellingASleepEndsItWithCancellationError() async throws {
        let pacer = Pacer()
        let sleeper = Task { try await pacer.sleep(until: .now + .seconds(120)) }
        try await Task.sleep(for: .milliseconds(20))
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        // The clock goes on for the next sleeper.
        try await pacer.sleep(until: .now + .milliseconds(5))
    }

    @Test func aTaskCancelledBeforeItSleepsDoesNotSleep() async throws {
        let pacer = Pacer()
        let sleeper = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await pacer.sleep(until: .now + .seconds(120))
        }
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }
}
