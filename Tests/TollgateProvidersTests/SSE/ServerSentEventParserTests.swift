import Testing

@testable import TollgateProviders

@Suite("Server-sent event parser")
struct ServerSentEventParserTests {
    private func parse(_ chunks: [String]) -> (events: [ServerSentEvent], last: ServerSentEvent?) {
        var parser = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        for chunk in chunks { events += parser.feed(Array(chunk.utf8)) }
        return (events, parser.finish())
    }

    @Test("an event with a name and data ends at a blank line")
    func namedEvent() {
        let result = parse(["event: message_stop\ndata: {\"type\": \"message_stop\"}\n\n"])
        #expect(result.events == [ServerSentEvent(event: "message_stop", data: "{\"type\": \"message_stop\"}")])
        #expect(result.last == nil)
    }

    @Test("CRLF, LF and lone CR line ends all work", arguments: ["\r\n", "\n", "\r"])
    func lineEnds(_ end: String) {
        let text = "data: one" + end + end + "event: two" + end + "data: 2" + end + end
        #expect(parse([text]).events == [ServerSentEvent(data: "one"), ServerSentEvent(event: "two", data: "2")])
    }

    @Test("a CRLF split between two feeds is one line end")
    func crlfSplitAcrossFeeds() {
        let result = parse(["data: a\r", "\n\r", "\ndata: b\r\n\r\n"])
        #expect(result.events == [ServerSentEvent(data: "a"), ServerSentEvent(data: "b")])
        // An empty feed between the CR and its LF changes nothing.
        #expect(parse(["data: a\r", "", "\n\r\ndata: b\r\n\r\n"]).events == result.events)
    }

    @Test("comment lines are ignored, even between data lines")
    func comments() {
        let result = parse([": keep-alive\n\n", "data: x\n: ping\ndata: y\n\n"])
        #expect(result.events == [ServerSentEvent(data: "x\ny")])
    }

    @Test("several data lines join with newlines")
    func multiLineData() {
        let result = parse(["data: {\ndata:   \"a\": 1\ndata: }\n\n"])
        #expect(result.events == [ServerSentEvent(data: "{\n  \"a\": 1\n}")])
    }

    @Test("only one space after the colon is dropped; a field with no colon has an empty value")
    func fieldValues() {
        let result = parse(["data:no-space\n\n", "data:  two spaces\n\n", "data\n\n"])
        #expect(
            result.events == [
                ServerSentEvent(data: "no-space"), ServerSentEvent(data: " two spaces"), ServerSentEvent(data: ""),
            ])
    }

    @Test("an event split across feeds byte by byte comes out whole, once")
    func splitEvent() {
        let text = "event: content_block_delta\ndata: {\"text\": \"héllo\"}\n\n"
        var parser = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        for byte in Array(text.utf8) { events += parser.feed([byte]) }
        #expect(events == [ServerSentEvent(event: "content_block_delta", data: "{\"text\": \"héllo\"}")])
    }

    @Test("the event name does not leak into the next event")
    func eventNameResets() {
        let result = parse(["event: ping\ndata: {}\n\ndata: plain\n\n"])
        #expect(result.events == [ServerSentEvent(event: "ping", data: "{}"), ServerSentEvent(data: "plain")])
    }

    @Test("unknown fields, id and retry are ignored; an event with no data is not dispatched")
    func otherFields() {
        let result = parse(["id: 7\nretry: 1000\nevent: nothing\n\n", "id: 8\nfoo: bar\ndata: kept\n\n"])
        #expect(result.events == [ServerSentEvent(data: "kept")])
    }

    @Test("finish() returns an event cut off before its blank line, and nothing after a clean end")
    func finish() {
        #expect(parse(["data: [DONE]"]).last == ServerSentEvent(data: "[DONE]"))
        #expect(parse(["data: [DONE]\n"]).last == ServerSentEvent(data: "[DONE]"))
        #expect(parse(["data: [DONE]\n\n"]).last == nil)
        #expect(parse(["event: x\n"]).last == nil)
    }
}
