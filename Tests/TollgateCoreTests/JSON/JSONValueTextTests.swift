import Foundation
import Testing
import TollgateCore

/// `JSONValue.sortedJSONText` writes exactly what `JSONEncoder` writes with the options the server uses.
@Suite struct JSONValueTextTests {
    static func foundation(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static let samples: [JSONValue] = [
        .null, true, false, 0, -42, .int(Int64.max), .int(Int64.min), "", "plain",
        "quote \" backslash \\ slash / http://x.y/z", "tab\tnewline\nreturn\rbackspace\u{8}formfeed\u{C}",
        "controls \u{0}\u{1}\u{1F}\u{7F}", "unicode é 漢字 🦊 \u{2028}\u{2029}",
        [], [1, "two", nil, [true]], [:],
        [
            "b": 1, "a": "x", "A": 2, "_z": 3, "a1": 4, "a10": 5, "a9": 6, "é": 7, "Z": 8, "aa": 9, "a_b": 10,
            "nested": ["y": [["k": "v"]], "x": nil],
        ],
    ]

    @Test(arguments: samples)
    func matchesJSONEncoder(_ value: JSONValue) throws {
        #expect(value.sortedJSONText == (try Self.foundation(value)))
    }

    @Test func leavesFractionsToJSONEncoder() {
        #expect(JSONValue.double(1.5).sortedJSONText == nil)
        #expect(JSONValue.object(["a": ["b": .double(0.1)]]).sortedJSONText == nil)
    }
}
