/// Text made safe to place in HTML by the server itself (where a template cannot do the escaping).
enum HTMLText {
    /// `text` with every character HTML gives a meaning to escaped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// `text` escaped, with each `backticked` run set as `<code>` (the OpenAPI descriptions' one markup).
    static func withInlineCode(_ text: String) -> String {
        let pieces = text.split(separator: "`", omittingEmptySubsequences: false)
        guard pieces.count >= 3 else { return escape(text) }
        var html = ""
        for (index, piece) in pieces.enumerated() {
            let last = index == pieces.count - 1
            if index % 2 == 1, !last {
                html += "<code>" + escape(String(piece)) + "</code>"
            } else {
                // An unpaired backtick stays a backtick.
                html += (index % 2 == 1 ? "`" : "") + escape(String(piece))
            }
        }
        return html
    }
}
