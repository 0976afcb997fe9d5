import NIOCore
import TollgateCore
import TollgateProviders
import TollgateServices

@testable import TollgateServer

/// One fuzz input through the parsers a request reaches: the first byte picks the parser, the rest is its input.
/// A crash (a trap, a precondition, an out-of-bounds read) is the finding; each parser also has an invariant
/// that must hold for every input, checked with `require`.
enum FuzzTarget {
    static let catalog = try! Catalog.bundled()

    static func run(_ input: [UInt8]) {
        guard let selector = input.first else { return }
        let rest = Array(input.dropFirst())
        switch selector % 6 {
        case 0: json(rest)
        case 1: serverSentEvents(rest)
        case 2: multipart(rest)
        case 3: generateRequest(rest)
        case 4: nulEscapes(rest)
        default: mediaHeaders(rest)
        }
    }

    /// The JSON reader: what it reads, encoded and read again, is the same value.
    static func json(_ bytes: [UInt8]) {
        guard let value = try? JSONValue(parsing: bytes) else { return }
        let text = JSONText.encode(value)
        require(text != nil && (try? JSONValue(parsing: Array(text!.utf8))) == value, "JSON round trip")
    }

    /// The SSE parser: cutting the stream anywhere gives the same events as reading it whole.
    static func serverSentEvents(_ bytes: [UInt8]) {
        var whole = ServerSentEventParser()
        var expected = whole.feed(bytes)
        if let last = whole.finish() { expected.append(last) }
        var pieces = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        var start = 0
        var step = 1
        while start < bytes.count {
            let end = min(bytes.count, start + step)
            events += pieces.feed(bytes[start..<end])
            start = end
            step = step % 7 + 1
        }
        if let last = pieces.finish() { events.append(last) }
        require(events == expected, "SSE split")
    }

    /// The multipart reader behind `/stt` and `/v1/audio/transcriptions`: the first line is the Content-Type.
    static func multipart(_ bytes: [UInt8]) {
        let cut = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        let contentType = String(decoding: bytes[..<cut], as: UTF8.self)
        let body = ByteBuffer(bytes: bytes[min(bytes.count, cut + 1)...])
        _ = try? MultipartForm.parse(body, contentType: contentType)
        _ = try? MultipartForm.parse(body, contentType: "multipart/form-data; boundary=" + contentType)
    }

    /// A generate body read against the catalog, as `/api/v2/generate` reads it.
    static func generateRequest(_ bytes: [UInt8]) {
        guard let value = try? JSONValue(parsing: bytes) else { return }
        _ = try? NativeGenerateRequest.parse(value, catalog: catalog, forceStream: false)
        _ = try? NativeGenerateRequest.parse(value, catalog: catalog, forceStream: true)
    }

    /// The header reader behind every media result's `result_metadata` (a provider's file, never trusted): what it
    /// reports is a size and a length a file can have, under any content type.
    static func mediaHeaders(_ bytes: [UInt8]) {
        for type in [nil, "audio/pcm", "audio/mpeg", "audio/L16; rate=8000; channels=2"] {
            guard let facts = MediaProbe.facts(of: bytes, contentType: type) else { continue }
            require((facts.width ?? 1) > 0 && (facts.height ?? 1) > 0, "media size")
            require(facts.durationSeconds.map { $0.isFinite && $0 >= 0 } ?? true, "media duration")
        }
    }

    /// The NUL check on JSON bodies agrees with the reader: a body that reads has a NUL in a string exactly when
    /// the check says so.
    static func nulEscapes(_ bytes: [UInt8]) {
        let flagged = JSONBody.escapesNUL(ByteBuffer(bytes: bytes))
        guard let value = try? JSONValue(parsing: bytes) else { return }
        require(flagged == hasNUL(value), "NUL check")
    }

    static func hasNUL(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): text.utf8.contains(0)
        case .array(let items): items.contains(where: hasNUL)
        case .object(let members): members.contains { $0.key.utf8.contains(0) || hasNUL($0.value) }
        default: false
        }
    }

    static func require(_ condition: Bool, _ what: String) {
        if !condition { fatalError("fuzz invariant broken: \(what)") }
    }
}
