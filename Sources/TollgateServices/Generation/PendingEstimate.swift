/// How far a pending generation probably is: its time so far against what its category typically takes. An
/// estimate, as the docs' `progress` and `eta_seconds` are (no upstream Tollgate relays reports its own for every
/// model): it never reaches 100 before the result, and the eta never reaches 0.
public struct PendingEstimate: Sendable, Equatable {
    /// 0–99.
    public var progress: Int
    /// At least 1.
    public var etaSeconds: Int

    init(progress: Int, etaSeconds: Int) {
        self.progress = progress
        self.etaSeconds = etaSeconds
    }

    public init(category: String, elapsedMs: Int64) {
        let typical = Double(Self.typicalSeconds(category))
        let elapsed = max(0, Double(elapsedMs) / 1000)
        progress = min(99, Int(elapsed / typical * 100))
        // Past the typical time, a job is near its end but not known to be: a few seconds more.
        etaSeconds = max(elapsed < typical ? Int((typical - elapsed).rounded(.up)) : 5, 1)
    }

    /// What a job of `category` typically takes upstream, seconds.
    static func typicalSeconds(_ category: String) -> Int {
        switch category {
        case "video": 120
        case "music", "audio_tool": 60
        case "image", "image_tool", "stt": 30
        default: 15
        }
    }
}
