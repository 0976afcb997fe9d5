/// Finds `[[sim key=value …]]` directives in a request's text, so a test going through the gateway can
/// steer the simulator: `[[sim latency_ms=100 chunk_ms=20 chunks=64 error=500 error_rate=0.5
/// stall_after=3 cut_after=3 error_after=2 job_ms=50 job_fail=nsfw]]`. Any subset; unknown keys are
/// ignored; later directives win over earlier ones.
public enum SimulatorDirective {
    private static let opening = Array("[[sim".utf8)
    private static let closing = Array("]]".utf8)

    /// The overrides set by every directive in `bytes` (e.g. a raw JSON request body), in order.
    public static func parse(_ bytes: some Collection<UInt8>) -> KnobOverrides {
        let ranges =
            bytes.withContiguousStorageIfAvailable { directives(in: $0) }
            ?? Array(bytes).withUnsafeBufferPointer { directives(in: $0) }
        var overrides = KnobOverrides()
        for directive in ranges {
            overrides = overrides.merging(parseBody(directive.body))
        }
        return overrides
    }

    /// The overrides set by every directive in `text`.
    public static func parse(_ text: String) -> KnobOverrides {
        parse(Array(text.utf8))
    }

    /// `text` with every directive removed (what the simulated model "sees" as the prompt).
    public static func strip(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let found = bytes.withUnsafeBufferPointer { directives(in: $0) }
        guard !found.isEmpty else { return text }
        var kept: [UInt8] = []
        var position = 0
        for directive in found {
            kept += bytes[position..<directive.whole.lowerBound]
            position = directive.whole.upperBound
        }
        kept += bytes[position...]
        return String(decoding: kept, as: UTF8.self)
    }

    /// Each directive: its whole byte range and the text between `[[sim` and `]]`.
    private static func directives(in bytes: UnsafeBufferPointer<UInt8>) -> [(whole: Range<Int>, body: String)] {
        var found: [(whole: Range<Int>, body: String)] = []
        var position = 0
        while let start = firstIndex(of: opening, in: bytes, from: position) {
            let bodyStart = start + opening.count
            guard let end = firstIndex(of: closing, in: bytes, from: bodyStart) else { break }
            // `[[simulate]]` is not a directive: the keyword must end at a space or at the brackets.
            if bodyStart == end || bytes[bodyStart] == UInt8(ascii: " ") || bytes[bodyStart] == UInt8(ascii: "\t") {
                let body = String(decoding: UnsafeBufferPointer(rebasing: bytes[bodyStart..<end]), as: UTF8.self)
                found.append((start..<(end + closing.count), body))
            }
            position = end + closing.count
        }
        return found
    }

    private static func parseBody(_ body: String) -> KnobOverrides {
        var overrides = KnobOverrides()
        for token in body.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }) {
            guard let equals = token.firstIndex(of: "=") else { continue }
            overrides.set(token[..<equals], to: token[token.index(after: equals)...])
        }
        return overrides
    }

    private static func firstIndex(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from start: Int) -> Int?
    {
        let last = haystack.count - needle.count
        guard start <= last else { return nil }
        let first = needle[0]
        for index in start...last where haystack[index] == first {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
        }
        return nil
    }
}
