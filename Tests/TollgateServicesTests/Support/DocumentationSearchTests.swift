import Testing
import TollgateCore

@testable import TollgateServices

/// The support assistant's retrieval over the real documentation: the questions of SPEC §16 find their sections,
/// and a question the docs do not cover finds nothing above the assistant's threshold.
@Suite struct DocumentationSearchTests {
    let docs: Documentation

    init() throws {
        docs = try Documentation.bundled(catalog: try Catalog.bundled(), plans: try PlanBook.bundled())
    }

    /// The best passage answers the question (any of the sections that do).
    @Test(arguments: [
        (
            "how do I get an API key?",
            [
                "quickstart.md#how-do-i-get-an-api-key", "authentication.md#creating-an-api-key-on-the-dashboard",
                "authentication.md#managing-api-keys-through-the-api",
            ]
        ),
        ("why did I get 402?", ["errors.md#why-did-i-get-a-402"]),
        ("how do I ask for a refund?", ["payments-and-refunds.md#how-do-i-ask-for-a-refund"]),
    ])
    func findsTheSection(_ question: String, _ sections: [String]) {
        let matches = docs.relevant(question)
        let best = matches.first.map { "\($0.passage.document)#\($0.passage.anchor)" }
        #expect(best.map(sections.contains) == true, "\(matches.map { "\($0.passage.anchor) \($0.score)" })")
    }

    @Test(arguments: ["what is the weather on Mars tomorrow", "recommend a pizza recipe", "who won the football match"])
    func findsNothingForWhatTheDocsDoNotCover(_ question: String) {
        let matches = docs.relevant(question)
        #expect(matches.isEmpty, "\(matches.map { "\($0.passage.anchor) \($0.score)" })")
    }
}
