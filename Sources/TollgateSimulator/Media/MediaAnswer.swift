/// The text a simulated media model answers with (a revised prompt, a transcript, OCR text):
/// `[simulated <provider> <model>]` then the words of `prompt` (directives removed, at most 64), each once.
enum MediaAnswer {
    static func text(provider: String, model: String, prompt: String) -> String {
        let words = SimulatorDirective.strip(prompt).split(whereSeparator: {
            $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r"
        })
        return SimulatedAnswer(
            provider: provider, model: model, prompt: prompt, chunks: 1 + max(1, min(64, words.count))
        ).text
    }
}
