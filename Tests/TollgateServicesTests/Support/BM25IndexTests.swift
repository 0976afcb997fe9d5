import Foundation
import Testing

@testable import TollgateServices

/// BM25 scores checked against hand arithmetic, ranking, the tokenizer and the Markdown splitter.
@Suite struct BM25IndexTests {
    /// A passage whose indexed text is exactly `text` (no title or heading words).
    static func passage(_ name: String, _ text: String) -> Passage {
        Passage(document: name, documentTitle: "", section: "", anchor: "", text: text)
    }

    /// D1 "refund card card" (|d| = 3), D2 "refund bank" (|d| = 2), D3 "wallet topup bank wallet" (|d| = 4).
    static let corpus = [
        passage("d1", "refund card card"), passage("d2", "refund bank"), passage("d3", "wallet topup bank wallet"),
    ]

    /// N = 3, avgdl = (3 + 2 + 4) / 3 = 3, k1 = 1.2, b = 0.75.
    ///
    /// IDF, ln((N − n + 0.5) / (n + 0.5) + 1):
    ///   n = 1 (card, wallet): ln(2.5 / 1.5 + 1) = ln(8/3) = 0.980829253011726
    ///   n = 2 (refund, bank): ln(1.5 / 2.5 + 1) = ln(1.6) = 0.470003629245736
    /// Length norm K = k1 · (1 − b + b · |d| / avgdl):
    ///   D1: 1.2 · (0.25 + 0.75 · 3/3) = 1.2;  D2: 1.2 · (0.25 + 0.75 · 2/3) = 0.9;
    ///   D3: 1.2 · (0.25 + 0.75 · 4/3) = 1.5
    /// Term weight f · (k1 + 1) / (f + K):
    ///   D1 card f=2: 4.4 / 3.2 = 1.375;  D1 refund f=1: 2.2 / 2.2 = 1
    ///   D2 refund or bank f=1: 2.2 / 1.9 = 22/19
    ///   D3 wallet f=2: 4.4 / 3.5 = 44/35;  D3 bank f=1: 2.2 / 2.5 = 22/25
    /// "card refund":
    ///   D1 = 1.375 · ln(8/3) + 1 · ln(1.6) = 1.348640222891123 + 0.470003629245736 = 1.818643852136859
    ///   D2 = 22/19 · ln(1.6) = 0.544214728600326;  D3 = 0 (left out)
    /// "bank wallet":
    ///   D3 = 44/35 · ln(8/3) + 22/25 · ln(1.6) = 1.233042489500456 + 0.413603193736247 = 1.646645683236703
    ///   D2 = 22/19 · ln(1.6) = 0.544214728600326;  D1 = 0 (left out)
    @Test func knownScores() {
        let index = BM25Index(passages: Self.corpus)

        let refund = index.search("card refund", limit: 10)
        #expect(refund.map(\.passage.document) == ["d1", "d2"])
        #expect(abs(refund[0].score - 1.8186438521368593) < 1e-9)
        #expect(abs(refund[1].score - 0.5442147286003255) < 1e-9)

        let wallet = index.search("bank wallet", limit: 10)
        #expect(wallet.map(\.passage.document) == ["d3", "d2"])
        #expect(abs(wallet[0].score - 1.6466456832367034) < 1e-9)
        #expect(abs(wallet[1].score - 0.5442147286003255) < 1e-9)
    }

    /// A query term counts once however often it is repeated, and `limit` cuts the list.
    @Test func repeatedQueryTermsAndLimit() {
        let index = BM25Index(passages: Self.corpus)
        #expect(index.search("card card refund refund", limit: 10) == index.search("card refund", limit: 10))
        #expect(index.search("card refund", limit: 1).map(\.passage.document) == ["d1"])
        #expect(index.search("card refund", limit: 0).isEmpty)
    }

    /// k1 and b are parameters: with b = 0 length does not count, so D2's refund weighs as D1's.
    @Test func parameters() {
        let index = BM25Index(passages: Self.corpus, k1: 1.2, b: 0)
        let matches = index.search("refund", limit: 10)
        #expect(matches.count == 2)
        #expect(abs(matches[0].score - log(1.6)) < 1e-9)
        #expect(abs(matches[1].score - log(1.6)) < 1e-9)
        // Equal scores keep passage order.
        #expect(matches.map(\.passage.document) == ["d1", "d2"])
    }

    static let keys = """
        # API keys

        Every request carries an API key in the Authorization header.

        ## Create a key

        Open the dashboard and press New key. The secret is shown once.

        ## Rotate a key

        Create a new key, deploy it, then revoke the old key. Rotating keys does not interrupt traffic.
        """

    static let billing = """
        # Billing

        ## Paying by card

        Payments are charged to your card when a plan renews.

        ## Refunds

        A refund returns unused tokens to the balance.

        ## Оплата картой

        Оплата картой проходит через ЮKassa, чек приходит на почту.
        """

    /// The passages of both documents, as the docs search builds them.
    static var docs: BM25Index {
        BM25Index(
            passages: PassageSplitter.passages(document: "keys.md", markdown: keys)
                + PassageSplitter.passages(document: "billing.md", markdown: billing))
    }

    @Test(arguments: [
        ("How do I rotate my API keys?", "Rotate a key"),
        ("paying by card", "Paying by card"),
        ("refunds", "Refunds"),
        ("Как оплатить картой?", "Оплата картой"),
        ("where is the authorization header", "API keys"),
    ])
    func ranking(query: String, section: String) {
        let matches = Self.docs.search(query, limit: 3)
        #expect(matches.first?.passage.section == section)
        #expect(zip(matches, matches.dropFirst()).allSatisfy { $0.score >= $1.score && $1.score > 0 })
    }

    @Test func stopWordsAndUnknownTermsFindNothing() {
        #expect(Self.docs.search("how do I get the", limit: 5).isEmpty)
        #expect(Self.docs.search("что это и как", limit: 5).isEmpty)
        #expect(Self.docs.search("zebra quux", limit: 5).isEmpty)
        #expect(Self.docs.search("?!", limit: 5).isEmpty)
        #expect(BM25Index(passages: []).search("key", limit: 5).isEmpty)
    }

    @Test func tokenizer() {
        #expect(Tokenizer.terms("Как оплатить подписку? Это просто!") == ["оплатить", "подписку", "просто"])
        #expect(Tokenizer.terms("API-keys: v2.0, user's TOKENS!") == ["api", "key", "v2", "user", "token"])
        #expect(Tokenizer.terms("How do I get the key?") == ["key"])
        #expect(Tokenizer.terms("") == [])
        // Plurals and verb forms meet their base word.
        let pairs = [
            ("keys", "key"), ("paying", "pay"), ("tokens", "token"), ("boxes", "box"), ("classes", "class"),
            ("queries", "query"), ("retried", "retry"), ("failed", "fail"), ("charges", "charge"),
            ("charged", "charge"), ("charging", "charge"), ("prices", "pricing"),
        ]
        for (form, base) in pairs {
            #expect(Tokenizer.terms(form) == Tokenizer.terms(base), "\(form) / \(base)")
        }
        // Short words are left alone.
        #expect(Tokenizer.terms("was has uses") == ["was", "has", "use"])
    }

    @Test func splitter() {
        let passages = PassageSplitter.passages(document: "keys.md", markdown: Self.keysWithFence)
        #expect(passages.map(\.section) == ["API keys", "Create a key", "Limits & quotas (v2)"])
        #expect(passages.map(\.anchor) == ["api-keys", "create-a-key", "limits-quotas-v2"])
        #expect(passages.allSatisfy { $0.document == "keys.md" && $0.documentTitle == "API keys" })
        #expect(passages[0].text == "Keys authenticate every request.")
        #expect(passages[1].text.hasPrefix("Open the dashboard."))
        #expect(passages[1].text.contains("## not a heading"))
        #expect(passages[1].text.contains("### Details"))
        #expect(passages[2].text == "Each key has its own rate limit.")
        // Headings are indexed with the text, a section's own heading twice.
        #expect(
            passages[2].indexedText
                == "API keys\nLimits & quotas (v2)\nLimits & quotas (v2)\nEach key has its own rate limit.")
        #expect(passages[0].indexedText == "API keys\nKeys authenticate every request.")
    }

    @Test func splitterWithoutTitleOrIntro() {
        let markdown = "## Оплата картой!\r\nЧек приходит на почту.\r\n## Empty\n"
        let passages = PassageSplitter.passages(document: "faq.md", markdown: markdown)
        #expect(passages.map(\.section) == ["Оплата картой!", "Empty"])
        #expect(passages.map(\.anchor) == ["оплата-картой", "empty"])
        #expect(passages.map(\.documentTitle) == ["faq", "faq"])
        #expect(passages.map(\.text) == ["Чек приходит на почту.", ""])
    }

    static let keysWithFence = """
        # API keys

        Keys authenticate every request.

        ## Create a key

        Open the dashboard.

        ```markdown
        ## not a heading
        ```

        ### Details

        The secret is shown once.

        ## Limits & quotas (v2)

        Each key has its own rate limit.
        """
}
