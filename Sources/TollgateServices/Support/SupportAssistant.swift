import Foundation
import Logging
import TollgateCore
import TollgateProviders
import TollgateStore

/// Where the support assistant sends its questions and who pays (SPEC §16): a text model run through Tollgate's own
/// lifecycle, billed to an operator account, never to the user.
public struct SupportSettings: Sendable, Equatable {
    /// The email of the operator account the assistant's generations are billed to; nil: answers quote the
    /// best passages without calling a model.
    public var accountEmail: String?
    /// The text model that writes answers.
    public var model = "gpt-5-nano"
    /// Shown when the documentation has no answer.
    public var email = "support@example.com"

    public init() {}

    static let keys = ["support.account", "support.model", "support.email"]

    init(reader: ConfigurationReader) throws {
        accountEmail = try reader.string("support.account")
        model = try reader.string("support.model") ?? model
        email = try reader.string("support.email") ?? email
    }
}

/// An answer of the assistant and the documentation sections it used.
public struct SupportAnswer: Sendable, Equatable {
    public struct Citation: Sendable, Equatable {
        public var title: String
        public var url: String
    }

    public var text: String
    public var citations: [Citation]
    /// False when nothing relevant was found (the text says so and points to payment support).
    public var found: Bool
}

/// The support assistant (SPEC §16): BM25 over the user documentation finds the best passages; with any found, a
/// text model answers from them alone, through the generation lifecycle, billed to the operator account; the answer
/// cites the sections. With none found it says so and points to `/paysupport` and the support email, calling no
/// model. Without an operator account, or when the model fails, it answers with the best passage itself.
public struct SupportAssistant: Sendable {
    let documentation: Documentation
    let generations: GenerationService
    let accounts: AccountService
    let catalog: Catalog
    let settings: SupportSettings
    let baseURL: String
    let logger: Logger

    public func answer(_ question: String, language: String) async -> SupportAnswer {
        let matches = documentation.relevant(String(question.prefix(1000)))
        guard !matches.isEmpty else {
            return SupportAnswer(
                text: BotTexts.format(.supportNotFound, language, settings.email), citations: [], found: false)
        }
        let citations = matches.map { match in
            SupportAnswer.Citation(
                title: "\(match.passage.documentTitle) — \(match.passage.section)",
                url:
                    "\(baseURL)/docs/\(match.passage.document.replacingOccurrences(of: ".md", with: ""))#\(match.passage.anchor)"
            )
        }
        if let text = await modelAnswer(question, matches: matches, language: language) {
            return SupportAnswer(text: text, citations: citations, found: true)
        }
        let best = matches[0].passage
        let excerpt = best.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return SupportAnswer(
            text: "\(best.section)\n\n\(excerpt.count > 1500 ? String(excerpt.prefix(1500)) + "…" : excerpt)",
            citations: citations, found: true)
    }

    /// The model's answer from the passages, or nil (no operator account, or the model failed).
    func modelAnswer(_ question: String, matches: [BM25Index.Match], language: String) async -> String? {
        guard let email = settings.accountEmail, let model = catalog.model(settings.model), model.category == .text
        else { return nil }
        do {
            let account = try await accounts.find(email: email)
            var context = ""
            for (index, match) in matches.enumerated() {
                context +=
                    "[\(index + 1)] \(match.passage.documentTitle) — \(match.passage.section)\n\(match.passage.text)\n\n"
            }
            let system =
                "You are Tollgate's support assistant. Answer the user's question using only the documentation passages "
                + "below; if they do not contain the answer, say you do not know. Be brief. Cite passages as [1], [2]. "
                + "Answer in \(language == "ru" ? "Russian" : "English").\n\n" + context
            let input = try NativeGenerateRequest.parse(
                .object(["model": .string(model.slug), "system": .string(system), "prompt": .string(question)]),
                catalog: catalog, forceStream: false)
            let call = GenerationCall(
                principal: Principal(accountID: account.id, keyID: nil, plan: account.plan), input: input,
                waitsForResult: true, logger: logger)
            let (result, _) = try await generations.generate(call).succeeded()
            return result.generation.resultText
        } catch {
            logger.warning("support assistant fell back to the passage", metadata: ["error_type": "\(type(of: error))"])
            return nil
        }
    }
}
