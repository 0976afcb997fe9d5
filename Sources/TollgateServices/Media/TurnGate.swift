/// Lets at most `limit` callers through at once; the others wait their turn, first come first served.
actor TurnGate {
    private let limit: Int
    private var inside = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = max(1, limit) }

    /// Runs `work` once a turn is free.
    func run<T: Sendable>(_ work: @Sendable () async -> T) async -> T {
        if inside < limit {
            inside += 1
        } else {
            await withCheckedContinuation { waiting.append($0) }
        }
        defer {
            if waiting.isEmpty { inside -= 1 } else { waiting.removeFirst().resume() }
        }
        return await work()
    }
}
