import Synchronization

/// A value behind a lock, shared by the handlers of one fake (the YooKassa and Telegram books).
final class LockedState<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    /// Guards `value`.
    init(_ value: Value) {
        mutex = Mutex(value)
    }

    /// Runs `body` on the value while holding the lock; keep it short and free of I/O.
    func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        mutex.withLock { body(&$0) }
    }
}
