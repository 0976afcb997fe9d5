import Foundation

/// One `## ` section of a Markdown document: what the BM25 index searches and a match points to.
public struct Passage: Sendable, Hashable {
    /// The document's file name, such as "quickstart.md".
    public var document: String
    /// The document's `# ` title.
    public var documentTitle: String
    /// The section's `## ` heading; the document title for the text above the first one.
    public var section: String
    /// The slug of `section`, for linking to it: see `PassageSplitter.anchor(_:)`.
    public var anchor: String
    /// The section's text, without its heading line.
    public var text: String

    /// A passage with the given parts.
    public init(document: String, documentTitle: String, section: String, anchor: String, text: String) {
        self.document = document
        self.documentTitle = documentTitle
        self.section = section
        self.anchor = anchor
        self.text = text
    }

    /// What the index tokenizes: the document title, the section heading (unless it is the title) and the
    /// text, so that words of the headings count as well.
    /// The section heading counts twice: a heading says what its section answers.
    var indexedText: String {
        (section == documentTitle ? [documentTitle, text] : [documentTitle, section, section, text]).joined(
            separator: "\n")
    }
}

/// Splits a Markdown document into passages, one per `## ` section.
///
/// The first `# ` line before any `## ` heading is the document title (the file name without its extension
/// when there is none); it is not part of any passage's text. The text above the first `## ` heading is a
/// passage whose section is the title, left out when blank. Lines inside ``` or ~~~ fences are text: a
/// `## ` there is no heading. `### ` and deeper headings stay in their section's text.
enum PassageSplitter {
    /// The passages of `markdown`, in document order.
    static func passages(document: String, markdown: String) -> [Passage] {
        var title: String?
        var sections: [(heading: String?, lines: [Substring])] = [(nil, [])]
        var fence: String?  // the opening marker while inside a fenced block
        for line in markdown.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if let marker = ["```", "~~~"].first(where: { trimmed.hasPrefix($0) }), fence == nil || fence == marker {
                fence = fence == nil ? marker : nil
            } else if fence == nil, line.hasPrefix("## ") {
                sections.append((heading(line.dropFirst(3)), []))
                continue
            } else if fence == nil, title == nil, sections.count == 1, line.hasPrefix("# ") {
                title = heading(line.dropFirst(2))
                continue
            }
            sections[sections.count - 1].lines.append(line)
        }
        let documentTitle = title ?? fileStem(document)
        return sections.compactMap { section in
            let text = section.lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if section.heading == nil && text.isEmpty { return nil }
            let name = section.heading ?? documentTitle
            return Passage(
                document: document, documentTitle: documentTitle, section: name, anchor: anchor(name), text: text)
        }
    }

    /// The slug of a heading: lowercased, letters and numbers kept (any script), every run of other
    /// characters turned into one "-", and no "-" at either end. "Keys & Limits (v2)" gives "keys-limits-v2".
    static func anchor(_ heading: String) -> String {
        var slug = ""
        for character in heading.lowercased() {
            if character.isLetter || character.isNumber {
                slug.append(character)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        return slug.last == "-" ? String(slug.dropLast()) : slug
    }

    /// A heading's text without surrounding whitespace.
    private static func heading(_ text: Substring) -> String {
        text.trimmingCharacters(in: .whitespaces)
    }

    /// A file name without its extension: "quickstart.md" gives "quickstart".
    private static func fileStem(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
