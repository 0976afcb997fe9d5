import Foundation
import TollgateCore

/// The rules for the fields a user may set on their profile and settings (SPEC §5). Each check returns
/// the stored value or the reason it is refused, so a request can report every bad field at once.
enum ProfileFields {
    /// Lower-cased letters, digits, `_`, `.` and `-`, 3 to 32 of them, starting with a letter or digit.
    static func username(_ text: String) -> Result<String, FieldProblem> {
        let name = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard (3...32).contains(name.count) else { return .failure("must be 3 to 32 characters") }
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }),
            name.first.map({ $0.isLetter || $0.isNumber }) == true
        else { return .failure("may use only letters, digits, '_', '.' and '-', starting with a letter or digit") }
        return .success(name)
    }

    /// A display name: 1 to 100 characters after trimming, no control characters.
    static func name(_ text: String) -> Result<String, FieldProblem> {
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count) else { return .failure("must be 1 to 100 characters") }
        guard !name.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            return .failure("must not contain control characters")
        }
        return .success(name)
    }

    /// An absolute http(s) URL of at most 2048 characters.
    static func avatarURL(_ text: String) -> Result<String, FieldProblem> {
        guard text.count <= 2048, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http", url.host?.isEmpty == false
        else { return .failure("must be an http(s) URL of at most 2048 characters") }
        return .success(text)
    }
}

/// Why a field's value is refused.
struct FieldProblem: Error, ExpressibleByStringLiteral {
    var reason: String
    init(stringLiteral value: String) { reason = value }
    init(_ reason: String) { self.reason = reason }
}

/// Collects the reasons of every bad field of one request body; throws them together as a 422.
struct FieldChecker {
    let body: [String: JSONValue]
    var problems: [String: String] = [:]

    init(_ body: [String: JSONValue], allowed: Set<String>) {
        self.body = body
        for key in body.keys where !allowed.contains(key) { problems[key] = "is not a field that can be changed here" }
    }

    /// The field's new value: nil if absent, `.some(nil)` for JSON null where `nullable`.
    mutating func string(_ key: String, nullable: Bool, _ rule: (String) -> Result<String, FieldProblem>) -> String?? {
        guard let value = body[key] else { return nil }
        if value.isNull {
            if nullable { return .some(nil) }
            problems[key] = "must not be null"
            return nil
        }
        guard let text = value.stringValue else {
            problems[key] = "must be a string"
            return nil
        }
        switch rule(text) {
        case .success(let checked): return .some(checked)
        case .failure(let problem):
            problems[key] = problem.reason
            return nil
        }
    }

    /// The field's value if it is one of `allowed`.
    mutating func choice(_ key: String, in allowed: [String]) -> String? {
        string(key, nullable: false) {
            allowed.contains($0)
                ? .success($0) : .failure(FieldProblem("must be one of \(allowed.joined(separator: ", "))"))
        } ?? nil
    }

    /// The field's boolean value.
    mutating func bool(_ key: String) -> Bool? {
        guard let value = body[key] else { return nil }
        guard let flag = value.boolValue else {
            problems[key] = "must be true or false"
            return nil
        }
        return flag
    }

    /// Throws a 422 naming every bad field, if any.
    func check() throws {
        if !problems.isEmpty { throw APIError.validation(problems) }
    }
}
