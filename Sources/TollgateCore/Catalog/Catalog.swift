import Foundation

/// The model catalog: every model in file order, looked up by slug in O(1). Loading checks every entry, so a
/// `Catalog` value is always consistent (unique slugs, sound params, complete price tables).
public struct Catalog: Sendable {
    /// Every model, in catalog-file order.
    public let models: [ModelEntry]
    private let index: [String: Int]

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
        self.models = models
        self.index = index
    }

    /// The model `slug`, if the catalog has it.
    public func model(_ slug: String) -> ModelEntry? {
        index[slug].map { models[$0] }
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
