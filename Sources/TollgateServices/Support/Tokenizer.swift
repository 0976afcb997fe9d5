/// Turns text into the terms the BM25 index counts. Deterministic and dictionary-free:
///
/// 1. The text is lowercased (`String.lowercased()`, so Cyrillic and other scripts too).
/// 2. It is split on every character that is neither a letter nor a number (`Character.isLetter`,
///    `Character.isNumber`): spaces, punctuation, hyphens, apostrophes, symbols. "API-keys: v2.0" gives
///    "api", "keys", "v2", "0".
/// 3. Tokens of one character are dropped, and so are the stop words in `stopWords` (small English and
///    Russian lists of question and function words).
/// 4. Tokens made only of the ASCII letters a–z get a light English suffix strip, three steps in order,
///    each applied only when what remains has at least 3 letters:
///    - plural: "ies" becomes "y" (queries → query); otherwise a final "s" not after another "s" is
///      dropped (keys → key, boxes → boxe; class stays);
///    - verb: "ied" becomes "y" (applied → apply); otherwise "ing" (paying → pay) or "ed" (failed → fail)
///      is dropped;
///    - a final "e" is dropped, so that forms of words ending in "e" meet (charge, charges, charged and
///      charging all give "charg"; boxe → box).
///    A token whose stem is a stop word is dropped too (gets → get).
///
/// It is no real stemmer: irregular forms (used/use, set/setting) stay apart, and Russian words are only
/// lowercased, so their case endings (подписка/подписку) do not meet.
enum Tokenizer {
    /// The terms of `text`, in order and with repeats (the index counts them).
    static func terms(_ text: String) -> [String] {
        text.lowercased()
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .compactMap { term(String($0)) }
    }

    /// Words too common in questions and docs to tell passages apart.
    static let stopWords: Set<String> = [
        "the", "a", "an", "is", "are", "to", "of", "and", "or", "in", "on", "for", "how", "do", "i", "my",
        "what", "why", "did", "get", "can", "it", "this", "that", "with", "be", "you", "your",
        "и", "в", "на", "не", "что", "как", "я", "с", "по", "для", "это", "а",
    ]

    /// The term of one lowercased token, or nil when the token is dropped.
    private static func term(_ token: String) -> String? {
        guard token.count > 1, !stopWords.contains(token) else { return nil }
        let stem = stem(token)
        return stopWords.contains(stem) ? nil : stem
    }

    /// The light English suffix strip described on the type; other tokens are returned unchanged.
    static func stem(_ word: String) -> String {
        guard word.utf8.allSatisfy({ $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) else { return word }
        var stem = word
        if !replaceSuffix("ies", with: "y", in: &stem), !stem.hasSuffix("ss") {
            replaceSuffix("s", with: "", in: &stem)
        }
        if !replaceSuffix("ied", with: "y", in: &stem), !replaceSuffix("ing", with: "", in: &stem) {
            replaceSuffix("ed", with: "", in: &stem)
        }
        replaceSuffix("e", with: "", in: &stem)
        return stem
    }

    /// Replaces `suffix` at the end of `word` when it is there and at least 3 letters would remain.
    @discardableResult
    private static func replaceSuffix(_ suffix: String, with replacement: String, in word: inout String) -> Bool {
        guard word.hasSuffix(suffix), word.count - suffix.count + replacement.count >= 3 else { return false }
        word = String(word.dropLast(suffix.count)) + replacement
        return true
    }
}
