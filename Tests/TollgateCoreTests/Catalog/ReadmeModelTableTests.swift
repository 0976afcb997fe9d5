import Foundation
import Testing

@testable import TollgateCore

/// The README's "Models and their params" table names every model of the catalog with every param it takes
/// (issue 23): a param added to the catalog and not to the README fails here.
struct ReadmeModelTableTests {
    static func readmeRows() throws -> [String: String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        var rows: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3, cells[1].hasPrefix("`"), cells[1].hasSuffix("`") else { continue }
            rows[String(cells[1].dropFirst().dropLast())] = cells[2]
        }
        return rows
    }

    @Test func everyModelAndParamIsInTheReadme() throws {
        let rows = try Self.readmeRows()
        let catalog = try Catalog.bundled()
        #expect(catalog.models.count == 52)
        for model in catalog.models {
            let row = try #require(rows[model.slug], "README has no row for \(model.slug)")
            for param in model.params {
                #expect(row.contains("`\(param.name)`"), "README's \(model.slug) row lacks \(param.name)")
            }
        }
    }
}
