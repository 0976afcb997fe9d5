/// Text made safe inside HTML text and attribute values, for HTML a program writes itself (where no template
/// escapes it): the server's few generated fragments and the simulator's payment page.
public enum HTMLEscape {
    /// `text` with every character HTML gives a meaning to escaped.
    public static func escape(_ text: String) -> String {
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
}
