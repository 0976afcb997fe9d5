import Foundation

/// The model catalog: every model in file order, looked up by slug in O(1). Loading checks every entry, so a
/// `Catalog` value is always consistent (unique slugs, sound params, complete price tables).
public struct Catalog: Sendable {
    /// Every model, in catalog-file order.
    public let models: [ModelEntry]
    /// Slug or alias → the model's position.
    private let index: [String: Int]
    /// Alias slug → the alias (its implied params).
    private let aliases: [String: ModelAlias]

    /// A catalog of `models`, checked; throws naming the first bad entry.
    public init(models: [ModelEntry]) throws(CatalogError) {
        var index: [String: Int] = [:]
        for (position, entry) in models.enumerated() {
            if let first = index[entry.slug] {
                let reason = "duplicate slug (entries #\(first + 1) and #\(position + 1))"
                throw CatalogError(slug: entry.slug, reason: reason)
            }
            if let problem = entry.problem() { throw CatalogError(slug: entry.slug, reason: problem) }
            index[entry.slug] = position
        }
        var aliases: [String: ModelAlias] = [:]
        for (position, entry) in models.enumerated() {
            for alias in entry.aliases {
                guard index[alias.slug] == nil else {
                    throw CatalogError(slug: entry.slug, reason: "alias \(alias.slug) is already a slug or alias")
                }
                do {
                    _ = try entry.quote(alias.params)
                } catch {
                    throw CatalogError(
                        slug: entry.slug, reason: "alias \(alias.slug) implies bad params: \(error.message)")
                }
                index[alias.slug] = position
                aliases[alias.slug] = alias
            }
        }
        self.models = models
        self.index = index
        self.aliases = aliases
    }

    /// The model `slug` names — its own slug or one of its aliases — if the catalog has it.
    public func model(_ slug: String) -> ModelEntry? {
        index[slug].map { models[$0] }
    }

    /// The alias `slug` is, if it is one (its model is `model(slug)`).
    public func alias(_ slug: String) -> ModelAlias? {
        aliases[slug]
    }

    /// The models matching every given filter (`GET /models?category=&tier=&provider=`), in catalog order.
    public func models(
        category: ModelCategory? = nil, tier: ModelTier? = nil, provider: String? = nil
    ) -> [ModelEntry] {
        models.filter { entry in
            (category.map { entry.category == $0 } ?? true) && (tier.map { entry.tier == $0 } ?? true)
                && (provider.map { entry.provider == $0 } ?? true)
        }
    }

    /// Reads and checks a catalog file: `{"version": 1, "models": [...]}`.
    public static func load(from data: Data) throws(CatalogError) -> Catalog {
        let file: CatalogFile
        do {
            file = try JSONDecoder().decode(CatalogFile.self, from: data)
        } catch let error as CatalogError {
            throw error
        } catch {
            throw CatalogError(slug: nil, reason: CatalogError.explain(error))
        }
        guard file.version == 1 else { throw CatalogError(slug: nil, reason: "unsupported version \(file.version)") }
        return try Catalog(models: file.models)
    }

    /// The catalog shipped with Tollgate (`Resources/catalog.json`).
    public static func bundled() throws(CatalogError) -> Catalog {
        guard let url = bundledURL else {
            throw CatalogError(slug: nil, reason: "Resources/catalog.json is missing from the TollgateCore bundle")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CatalogError(slug: nil, reason: "cannot read \(url.path): \(error.localizedDescription)")
        }
        return try load(from: data)
    }

    /// Where the shipped catalog file lives.
    public static var bundledURL: URL? {
        Bundle.module.url(forResource: "catalog", withExtension: "json", subdirectory: "Resources")
    }

    /// The file's shape.
    private struct CatalogFile: Decodable {
        var version: Int
        var models: [ModelEntry]
    }
}
