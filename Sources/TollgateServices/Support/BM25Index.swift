import Foundation

/// An Okapi BM25 index over passages, built once and then searched without locks.
///
/// A passage's terms are those `Tokenizer` finds in its `indexedText` (document title, heading, text). For a
/// query, each distinct query term t found in passage d adds
///
///     idf(t) · f(t,d) · (k1 + 1) / (f(t,d) + k1 · (1 − b + b · |d| / avgdl))
///
/// where f(t,d) is how often t occurs in d, |d| the number of terms of d, avgdl the mean of |d| over all
/// passages, and idf(t) = ln((N − n(t) + 0.5) / (n(t) + 0.5) + 1) with N passages of which n(t) contain t
/// (Lucene's form, always positive). A term repeated in the query counts once: "key key" scores as "key".
public struct BM25Index: Sendable {
    /// A passage and its score for a query.
    public struct Match: Sendable, Hashable {
        /// The passage matched.
        public var passage: Passage
        /// Its BM25 score, above zero; higher is better.
        public var score: Double
    }

    /// One passage containing a term, and how often.
    private struct Posting: Sendable {
        var passage: Int
        var frequency: Int
    }

    private let passages: [Passage]
    /// For every term, its IDF and the passages containing it, in passage order.
    private let postings: [String: (idf: Double, postings: [Posting])]
    /// For every passage, the part of the BM25 denominator that does not depend on the term:
    /// k1 · (1 − b + b · |d| / avgdl).
    private let lengthNorms: [Double]
    private let k1: Double

    /// Indexes `passages`, with the BM25 parameters `k1` (term-frequency saturation) and `b` (length
    /// normalization).
    public init(passages: [Passage], k1: Double = 1.2, b: Double = 0.75) {
        let termLists = passages.map { Tokenizer.terms($0.indexedText) }
        var inverted: [String: [Posting]] = [:]
        for (index, terms) in termLists.enumerated() {
            var frequencies: [String: Int] = [:]
            for term in terms { frequencies[term, default: 0] += 1 }
            // Sorted so the postings, and hence the order of equal scores, do not depend on hashing.
            for (term, frequency) in frequencies.sorted(by: { $0.key < $1.key }) {
                inverted[term, default: []].append(Posting(passage: index, frequency: frequency))
            }
        }
        let count = Double(passages.count)
        let totalLength = termLists.reduce(0) { $0 + $1.count }
        let averageLength = passages.isEmpty ? 0 : Double(totalLength) / count
        self.passages = passages
        self.k1 = k1
        // A mean length of zero means no passage has terms, and then no norm is ever used.
        self.lengthNorms = termLists.map { terms in
            averageLength == 0 ? k1 : k1 * (1 - b + b * Double(terms.count) / averageLength)
        }
        self.postings = inverted.mapValues { postings in
            let containing = Double(postings.count)
            return (log((count - containing + 0.5) / (containing + 0.5) + 1), postings)
        }
    }

    /// The passages matching `query`, best first, at most `limit` of them; only scores above zero, and equal
    /// scores in passage order.
    public func search(_ query: String, limit: Int) -> [Match] {
        guard limit > 0 else { return [] }
        var scores: [Int: Double] = [:]
        var seen = Set<String>()
        // Distinct terms in query order, so that the sums, to the last bit, do not depend on hashing.
        for term in Tokenizer.terms(query) where seen.insert(term).inserted {
            guard let entry = postings[term] else { continue }
            for posting in entry.postings {
                let frequency = Double(posting.frequency)
                let weight = frequency * (k1 + 1) / (frequency + lengthNorms[posting.passage])
                scores[posting.passage, default: 0] += entry.idf * weight
            }
        }
        return
            scores
            .filter { $0.value > 0 }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(limit)
            .map { Match(passage: passages[$0.key], score: $0.value) }
    }
}
