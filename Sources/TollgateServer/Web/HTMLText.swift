import TollgateCore

/// OpenAPI descriptions as HTML: escaped, with their one markup (backticks) as `<code>`.
enum HTMLText {
    /// `text` escaped, with each `backticked` run set as `<code>` (the OpenAPI descriptions' one markup).
    static func withInlineCode(_ text: String) -> String {
        let pieces = text.split(separator: "`", omittingEmptySubsequences: false)
        guard pieces.count >= 3 else { return HTMLEscape.escape(text) }
        var html = ""
        for (index, piece) in pieces.enumerated() {
            let last = index == pieces.count - 1
            if index % 2 == 1, !last {
                html += "<code>" + HTMLEscape.escape(String(piece)) + "</code>"
            } else {
                // An unpaired backtick stays a backtick.
                html += (index % 2 == 1 ? "`" : "") + HTMLEscape.escape(String(piece))
            }
        }
        return html
    }
}
