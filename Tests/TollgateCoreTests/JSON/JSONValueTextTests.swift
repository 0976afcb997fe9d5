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
        0.7, 1.5, -2.25, .double(1), .double(-0.0), .double(0), 0.1, 1e-7, 1.5e-300, 1e16, 1.7976931348623157e308,
        .double(Double.leastNonzeroMagnitude), 123456789.123, ["temperature": 0.7, "top_p": 1.0, "n": [0.5, 2]],
    ]

    @Test(arguments: samples)
    func matchesJSONEncoder(_ value: JSONValue) throws {
        #expect(value.sortedJSONText == (try Self.foundation(value)))
    }

    /// Numbers over the whole range, at random (a failure names the number's bits).
    @Test func writesNumbersAsJSONEncoder() throws {
        for _ in 0..<20_000 {
            let number = Double(bitPattern: UInt64.random(in: .min ... .max))
            guard number.isFinite else { continue }
            let value = JSONValue.double(number)
            #expect(value.sortedJSONText == (try Self.foundation(value)), "bit pattern \(number.bitPattern)")
        }
    }

    @Test func refusesWhatJSONCannotHold() {
        #expect(JSONValue.double(.infinity).sortedJSONText == nil)
        #expect(JSONValue.object(["a": ["b": .double(.nan)]]).sortedJSONText == nil)
    }
}
