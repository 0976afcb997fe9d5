import Foundation
import Testing
import TollgateCore

@Suite struct JSONValueParseTests {
    /// The hand-written parser reads what Foundation's decoder reads into the same values.
    @Test(arguments: [
        #"{"model":"gpt-5-nano","prompt":"Say hello","params":{"n":2,"t":0.7,"stop":["a","b"],"x":null,"s":true}}"#,
        #"  [1, -2, 0, -0, 3.5, -1e3, 2E+2, 1.25e-2, 9223372036854775807, -9223372036854775808]  "#,
        #"[9223372036854775808, 18446744073709551616, 1.0, 1e2]"#,
        #""caf\u00e9 \ud83e\udd8a \"q\" \\ \/ \b\f\n\r\t snow ☃ 🦊""#,
        #"{"a":{"b":{"c":[[],{}]}},"":"empty key","dup":1,"dup":2}"#,
        "true", "false", "null", "0", "\"\"", "{}", "[]",
    ])
    func readsWhatFoundationReads(_ text: String) throws {
        let foundation = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(try JSONValue(parsing: text) == foundation)
        #expect(try JSONValue(parsing: Array(text.utf8)) == foundation)
    }

    @Test func numbersKeepTheirKind() throws {
        #expect(try JSONValue(parsing: "42") == .int(42))
        #expect(try JSONValue(parsing: "-9223372036854775808") == .int(.min))
        #expect(try JSONValue(parsing: "9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try JSONValue(parsing: "1.5") == .double(1.5))
        #expect(try JSONValue(parsing: "1.0") == .int(1))
        #expect(try JSONValue(parsing: "-1e3") == .int(-1000))
        #expect(try JSONValue(parsing: #"{"dup":1,"dup":2}"#) == .object(["dup": .int(1)]))
        #expect(try JSONValue(parsing: "\"\\ud83e\\udd8a\"") == .string("🦊"))
    }

    @Test(arguments: [
        "", " ", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1 2]", "01", "1.", "-", ".5", "1e", "+1",
        "tru", "nul", "\"open", "\"bad \\x escape\"", "\"\\ud83e alone\"", "\"\\udd8a\"", "\"tab\there\"",
        "1 2", "[1]]", "NaN", "1e999",
    ])
    func refusesInvalidText(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: text) }
    }

    @Test func refusesInvalidUTF8AndDeepNesting() throws {
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: [0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONSyntaxError.self) {
            try JSONValue(parsing: String(repeating: "[", count: 600) + String(repeating: "]", count: 600))
        }
        #expect(
            try JSONValue(parsing: String(repeating: "[", count: 100) + String(repeating: "]", count: 100)) != .null)
    }
}
