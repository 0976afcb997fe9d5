import Foundation
import Ink
import TollgateCore

/// One page of the user documentation: its Markdown (catalog tables filled in) and the HTML made from it.
public struct DocPage: Sendable {
    /// The file's name without `.md`, e.g. `quickstart`.
    public var name: String
    public var title: String
    public var markdown: String
    public var html: String
}

/// The user documentation (SPEC §16): Markdown files bundled with the services, whose catalog, plan, package and
/// limit tables are generated from the catalog and plans data at load (`<!-- catalog:models -->` and the like), so
/// they cannot drift. Served as HTML and raw Markdown, listed in `llms.txt`, and indexed for the support assistant.
public struct Documentation: Sendable {
    public let pages: [DocPage]
    /// Every section of every page, for retrieval.
    public let index: BM25Index

    /// The order pages are listed in.
    static let order = [
        "index", "quickstart", "authentication", "models", "billing", "limits", "errors", "streaming",
        "jobs-and-webhooks", "payments-and-refunds", "telegram-bot",
    ]

    public func page(_ name: String) -> DocPage? { pages.first { $0.name == name } }

    /// A passage must score at least this (BM25 over the docs) to count as relevant…
    static let minimumScore = 2.0
    /// …and hold at least this share of the question's terms, so one common word does not make a match.
    static let minimumCoverage = 0.6

    /// The passages (at most `limit`) that answer `question`, best first; empty when the docs do not cover it.
    public func relevant(_ question: String, limit: Int = 3) -> [BM25Index.Match] {
        let terms = Set(Tokenizer.terms(question))
        return index.search(question, limit: limit).filter { match in
            let held = Set(Tokenizer.terms(match.passage.indexedText))
            return match.score >= Self.minimumScore
                && Double(terms.intersection(held).count) >= Self.minimumCoverage * Double(terms.count)
        }
    }

    /// Loads the bundled pages and fills their tables from `catalog` and `plans`.
    public static func bundled(catalog: Catalog, plans: PlanBook) throws -> Documentation {
        guard let folder = Bundle.module.url(forResource: "docs", withExtension: nil, subdirectory: "Resources") else {
            throw APIError.internal("The documentation is missing from the build.")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }
            .sorted { (order.firstIndex(of: $0) ?? 99, $0) < (order.firstIndex(of: $1) ?? 99, $1) }
        let tables = Self.tables(catalog: catalog, plans: plans)
        var pages: [DocPage] = []
        var passages: [Passage] = []
        for name in names {
            var markdown = try String(contentsOf: folder.appendingPathComponent(name + ".md"), encoding: .utf8)
            for (marker, table) in tables { markdown = markdown.replacingOccurrences(of: marker, with: table) }
            let title =
                markdown.split(separator: "\n").first { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)) } ?? name
            pages.append(DocPage(name: name, title: title, markdown: markdown, html: html(markdown)))
            if name != "index" { passages += PassageSplitter.passages(document: name + ".md", markdown: markdown) }
        }
        return Documentation(pages: pages, index: BM25Index(passages: passages))
    }

    /// The page's HTML: headings get the anchors the assistant cites, and links between pages lose `.md`.
    static func html(_ markdown: String) -> String {
        var parser = MarkdownParser()
        parser.addModifier(
            Modifier(target: .headings) { html, markdown in
                guard markdown.hasPrefix("## ") else { return html }
                let anchor = PassageSplitter.anchor(String(markdown.dropFirst(3)))
                return html.replacingOccurrences(of: "<h2>", with: #"<h2 id="\#(anchor)">"#)
            })
        parser.addModifier(
            Modifier(target: .links) { html, _ in
                html.replacingOccurrences(of: #".md""#, with: #"""#).replacingOccurrences(of: ".md#", with: "#")
            })
        return parser.html(from: markdown)
    }

    /// `llms.txt` (llmstxt.org): the service in a line and every page as a link to its Markdown.
    public func llmsText(baseURL: String) -> String {
        var lines = [
            "# Tollgate", "",
            "> One REST API, one token balance and one response format in front of 52 AI models from 9 providers.", "",
            "## Docs", "",
        ]
        for page in pages where page.name != "index" {
            lines.append("- [\(page.title)](\(baseURL)/docs/\(page.name).md)")
        }
        lines.append("")
        lines.append("## Optional")
        lines.append("")
        lines.append("- [OpenAPI document](\(baseURL)/openapi.json)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The generated tables, by the marker they replace.
    static func tables(catalog: Catalog, plans: PlanBook) -> [String: String] {
        var models = [
            "| Model | Slug | Category | Provider | Tier | Price (tokens) | Range |",
            "|---|---|---|---|---|---:|---|",
        ]
        for model in catalog.models {
            let range =
                model.price.minPrice == model.price.maxPrice
                ? "fixed" : "\(model.price.minPrice)–\(model.price.maxPrice)"
            models.append(
                "| \(model.name) | `\(model.slug)` | \(model.category.rawValue) | \(model.providerDisplayName) | "
                    + "\(model.tier.rawValue) | \(model.defaultPrice) | \(range) |")
        }
        var planRows = [
            "| Plan | Code | Monthly tokens | Price (RUB) | Price (Stars) | API access | Models |",
            "|---|---|---:|---:|---:|---|---|",
        ]
        var limitRows = ["| Plan | Requests per hour | Requests per day |", "|---|---:|---:|"]
        for plan in plans.plans {
            planRows.append(
                "| \(plan.name) | `\(plan.code)` | \(plan.monthlyTokens) | \(plan.priceRub) | \(plan.priceStars) | "
                    + "\(plan.apiAccess ? "yes" : "no") | \(plan.modelAccess == .starter ? "Starter tier" : "all") |")
            limitRows.append(
                "| \(plan.name) | \(plan.limitHour == 0 ? "unlimited" : String(plan.limitHour)) | "
                    + "\(plan.limitDay == 0 ? "unlimited" : String(plan.limitDay)) |")
        }
        var packageRows = [
            "| Package | Code | Tokens | Price (RUB) | Price (Stars) |", "|---|---|---:|---:|---:|",
        ]
        for package in plans.packages {
            packageRows.append(
                "| \(package.name) | `\(package.code)` | \(package.tokens) | \(package.priceRub) | \(package.priceStars) |"
            )
        }
        return [
            "<!-- catalog:models -->": models.joined(separator: "\n"),
            "<!-- catalog:plans -->": planRows.joined(separator: "\n"),
            "<!-- catalog:packages -->": packageRows.joined(separator: "\n"),
            "<!-- catalog:limits -->": limitRows.joined(separator: "\n"),
        ]
    }
}
