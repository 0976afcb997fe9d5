import Synchronization

/// The tokens an account spent on each past day of the dashboard's chart, kept per instance until the day changes:
/// past days hardly change (only a job created before midnight and settled after it), so a chart reads the database
/// for today alone. Bounded: full, it starts over.
final class PastSpending: Sendable {
    private struct Entry {
        var today: Int64
        var days: [Int64: Int64]
    }

    private let entries = Mutex<[Int64: Entry]>([:])
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The past days kept for `accountID`, if they were read today.
    func days(accountID: Int64, today: Int64) -> [Int64: Int64]? {
        entries.withLock { entries in
            guard let entry = entries[accountID], entry.today == today else { return nil }
            return entry.days
        }
    }

    func keep(_ days: [Int64: Int64], accountID: Int64, today: Int64) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[accountID] = Entry(today: today, days: days)
        }
    }
}
