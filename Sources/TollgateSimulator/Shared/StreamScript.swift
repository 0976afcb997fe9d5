import Hummingbird

/// One simulated stream in wire form: what comes before the first delta, each delta, what closes the
/// stream, and the provider's in-stream error. `StreamRunner` decides when each is written.
protocol StreamScript: Sendable {
    /// The number of deltas (content pieces, and reasoning pieces where the provider has them).
    var deltaCount: Int { get }
    /// Frames before the first delta (may be empty).
    func opening() -> ByteBuffer
    /// The frame carrying delta `index` (0-based).
    func delta(_ index: Int) -> ByteBuffer
    /// Frames after the last delta: finish reason, usage, terminator.
    func closing() -> ByteBuffer
    /// The provider's in-stream error frame.
    func failure() -> ByteBuffer
}
