import Foundation
import TollgateCore

/// MidJourney takes everything in one prompt line: an optional image URL first, the text, then `--`
/// parameters. Tollgate writes the parameters from the catalog params, and defuses any `--` the
/// caller typed, so a prompt cannot switch itself to a dearer speed or quality than was priced.
enum LegNextPrompt {
    /// The imagine prompt: `[image URL] text --ar … --<speed> [--q 2] [--no …] [--seed …] …`.
    static func imagine(_ request: MediaRequest, imageURL: String?) throws(ProviderFailure) -> String {
        guard let text = cleaned(request.prompt), !text.isEmpty else {
            throw ProviderFailure(.rejected, "This model needs a prompt.")
        }
        var parts = [imageURL, text].compactMap { $0 }
        if let ratio = request.params["aspect_ratio"]?.stringValue { parts.append("--ar \(ratio)") }
        switch request.params["speed"]?.stringValue {
        case "relax": parts.append("--relax")
        case "turbo": parts.append("--turbo")
        case "fast": parts.append("--fast")
        default: break
        }
        // hd is MidJourney's quality 2: twice the GPU time, priced twice.
        if request.params["quality"]?.stringValue == "hd" { parts.append("--q 2") }
        if let avoid = cleaned(request.params["negative_prompt"]?.stringValue), !avoid.isEmpty {
            parts.append("--no \(avoid)")
        }
        for (param, flag) in [("seed", "--seed"), ("stylize", "--stylize"), ("chaos", "--chaos")] {
            if let value = request.params[param]?.intValue { parts.append("\(flag) \(value)") }
        }
        return parts.joined(separator: " ")
    }

    /// The video prompt: `[image URL] [text] [--ar …] --motion … --bs …`. A start image is enough; without one
    /// the text is needed, and `aspect_ratio` sets its frame (an image's frame is the image's).
    static func video(_ request: MediaRequest, imageURL: String?) throws(ProviderFailure) -> String {
        let text = cleaned(request.prompt).flatMap { $0.isEmpty ? nil : $0 }
        guard imageURL != nil || text != nil else { throw ProviderFailure(.rejected, "This model needs a prompt.") }
        var parts = [imageURL, text].compactMap { $0 }
        if imageURL == nil, let ratio = request.params["aspect_ratio"]?.stringValue { parts.append("--ar \(ratio)") }
        if let motion = request.params["motion"]?.stringValue { parts.append("--motion \(motion)") }
        if let batch = request.params["batch_size"]?.intValue { parts.append("--bs \(batch)") }
        return parts.joined(separator: " ")
    }

    /// Caller text on one line, with `--` (and the em dash some keyboards type for it) reduced to a
    /// single hyphen, so it cannot start a parameter.
    static func cleaned(_ text: String?) -> String? {
        guard let text else { return nil }
        var result = ""
        for character in text {
            let normalized: Character =
                switch character {
                case "\u{2014}", "\u{2013}": "-"
                case "\n", "\r", "\r\n", "\t": " "
                default: character
                }
            if normalized == "-", result.last == "-" { continue }
            result.append(normalized)
        }
        return result.trimmingCharacters(in: .whitespaces)
    }
}
