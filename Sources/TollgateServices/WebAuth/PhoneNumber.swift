import Foundation

/// Phone numbers in E.164 (`+` and 8 to 15 digits, the first not 0), as phone sign-in takes them. Spaces,
/// dashes, dots and parentheses between digits are dropped (`+7 (999) 123-45-67`); anything else is refused.
public enum PhoneNumber {
    /// The E.164 form of `text`, or nil when it is not a phone number.
    public static func normalized(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.first == "+" else { return nil }
        var digits = ""
        for character in trimmed.dropFirst() {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if !" -.()".contains(character) {
                return nil
            }
        }
        guard (8...15).contains(digits.count), digits.first != "0" else { return nil }
        return "+" + digits
    }

    /// The number with all but its last four digits hidden, for logs.
    static func masked(_ phone: String) -> String { "…" + String(phone.suffix(4)) }
}
