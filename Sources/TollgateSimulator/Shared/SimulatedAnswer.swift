/// The deterministic answer of a simulated model: `[simulated <provider> <model>]` followed by words
/// echoed from the prompt, split into pieces (one per stream delta). Same inputs, same answer.
public struct SimulatedAnswer: Sendable, Equatable {
    /// The pieces, in order; joined they make `text`.
    public let pieces: [String]
    /// The whole answer.
    public var text: String { pieces.joined() }

    /// The answer of `provider`'s `model` to `prompt` (directives removed), in `chunks` pieces.
    public init(provider: String, model: String, prompt: String, chunks: Int) {
        self.init(head: "[simulated \(provider) \(model)]", prompt: prompt, chunks: chunks)
    }

    /// The reasoning a simulated reasoning model shows before its answer, in `chunks` pieces.
    public static func reasoning(prompt: String, chunks: Int) -> SimulatedAnswer {
        SimulatedAnswer(head: "[simulated reasoning] Considering:", prompt: prompt, chunks: chunks)
    }

    private init(head: String, prompt: String, chunks: Int) {
        let count = max(1, chunks)
        let words = Self.words(of: prompt)
        var pieces: [String] = []
        pieces.reserveCapacity(count)
        pieces.append(head)
        for index in 1..<count {
            pieces.append(" " + words[(index - 1) % words.count])
        }
        self.pieces = pieces
    }

    /// At most 64 words of the prompt without directives, or `ok` if it has none.
    private static func words(of prompt: String) -> [Substring] {
        let words = SimulatorDirective.strip(prompt)
            .split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
            .prefix(64)
        return words.isEmpty ? ["ok"] : Array(words)
    }
}

/// Token counts the simulator reports: a quarter of the UTF-8 length, at least 1.
public enum SimulatedTokens {
    /// The simulated token count of `text`.
    public static func count(_ text: String) -> Int {
        max(1, (text.utf8.count + 3) / 4)
    }

    /// The simulated token count of several texts taken together.
    public static func count(_ texts: [String]) -> Int {
        max(1, (texts.reduce(0) { $0 + $1.utf8.count } + 3) / 4)
    }
}
