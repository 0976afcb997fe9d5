import Testing
import TollgateCore

/// `JSONReader`: the fields asked for, the rest passed over, and every kind mismatch an error.
@Suite struct JSONReaderTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func readsChosenFieldsAndPassesOverTheRest() throws {
        let text = #"{"id":"x","n":[1,{"deep":[true,null]}],"pick":{"name":"fox \u00e9","count":2.0},"tail":"\"q\""}"#
        let (name, count, tail) = try JSONReader.read(Self.bytes(text)) { reader -> (String?, Int64?, String?) in
            var name: String?, count: Int64?, tail: String?
            try reader.readObject { key, reader in
                switch key {
                case "pick":
                    try reader.readObject { key, reader in
                        if key == "name" { name = try reader.readString() } else { count = try reader.readInt() }
                    }
                case "tail": tail = try reader.readString()
                default: _ = try reader.readValue()
                }
            }
            return (name, count, tail)
        }
        #expect(name == "fox é")
        #expect(count == 2)
        #expect(tail == "\"q\"")
    }

    @Test func readsFieldsPassingOverNullsAndTheRest() throws {
        let text = #"{"a":null,"b":{"x":[1]},"c":"kept","a2":7}"#
        var seen: [String] = []
        let c = try JSONReader.read(text) { reader -> String? in
            var c: String?
            try reader.readFields { key, reader in
                seen.append(key)
                guard key == "c" else { return false }
                c = try reader.readString()
                return true
            }
            return c
        }
        #expect(c == "kept")
        #expect(seen == ["b", "c", "a2"])
    }

    @Test func readsArraysAndNulls() throws {
        let values = try JSONReader.read(Self.bytes(" [1, null, -3] ")) { reader -> [Int64?] in
            var values: [Int64?] = []
            try reader.readArray { reader in values.append(try reader.readNull() ? nil : try reader.readInt()) }
            return values
        }
        #expect(values == [1, nil, -3])
    }

    @Test(arguments: [
        #"{"a":1}"#,  // an object where an array is asked for
        #"[1] x"#,  // data after the value
        #"[1,]"#,  // bad syntax inside
        #"["1"]"#,  // a string where an integer is asked for
        #"[1.5]"#,  // a fraction where an integer is asked for
    ])
    func refusesWhatIsNotAskedFor(_ text: String) {
        #expect(throws: JSONSyntaxError.self) {
            try JSONReader.read(Self.bytes(text)) { reader in try reader.readArray { _ = try $0.readInt() } }
        }
    }

    @Test func refusesAValueOfAnotherKindOrNone() {
        #expect(throws: JSONSyntaxError.self) { try JSONReader.read(Self.bytes("12")) { try $0.readString() } }
        #expect(throws: JSONSyntaxError.self) {
            try JSONReader.read(Self.bytes("{}")) { reader in
                try reader.readObject { _, _ in }
                try reader.readObject { _, _ in }  // nothing left to read
            }
        }
    }
}
