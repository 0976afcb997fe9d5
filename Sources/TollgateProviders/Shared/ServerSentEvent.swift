/// One server-sent event: its `event:` name (if any) and its `data:` lines joined by newlines.
public struct ServerSentEvent: Sendable, Equatable {
    public var event: String?
    public var data: String

    public init(event: String? = nil, data: String) {
        self.event = event
        self.data = data
    }
}

/// An incremental SSE parser: feed it bytes as they arrive, take complete events out.
/// Handles `\n`, `\r\n` and `\r` line ends, comments, multi-line data and events split across chunks.
public struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    private var event: String?
    private var data: [String] = []
    private var lastWasCR = false

    public init() {}

    /// Parses `bytes`, returning every event completed by them.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        if let events = bytes.withContiguousStorageIfAvailable({ feed(buffer: $0) }) { return events }
        return Array(bytes).withUnsafeBufferPointer { feed(buffer: $0) }
    }

    private static let lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

    /// Lines are cut out of `buffer` whole; only a line split across feeds is copied into `line`.
    private mutating func feed(buffer: UnsafeBufferPointer<UInt8>) -> [ServerSentEvent] {
        guard !buffer.isEmpty else { return [] }
        var events: [ServerSentEvent] = []
        var index = 0
        if lastWasCR {
            lastWasCR = false
            if buffer[0] == Self.lineFeed { index = 1 }
        }
        var start = index
        while index < buffer.count {
            let byte = buffer[index]
            guard byte == Self.lineFeed || byte == Self.carriageReturn else {
                index += 1
                continue
            }
            let rest = UnsafeBufferPointer(rebasing: buffer[start..<index])
            let event: ServerSentEvent?
            if line.isEmpty {
                event = endLine(rest)
            } else {
                line.append(contentsOf: rest)
                event = line.withUnsafeBufferPointer { endLine($0) }
                line.removeAll(keepingCapacity: true)
            }
            if let event { events.append(event) }
            index += 1
            if byte == Self.carriageReturn {
                if index == buffer.count {
                    lastWasCR = true
                } else if buffer[index] == Self.lineFeed {
                    index += 1
                }
            }
            start = index
        }
        line.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
        return events
    }

    /// Ends the stream: an event not yet closed by a blank line is returned if it has data.
    public mutating func finish() -> ServerSentEvent? {
        if !line.isEmpty {
            _ = line.withUnsafeBufferPointer { endLine($0) }
            line.removeAll()
        }
        return dispatch()
    }

    private mutating func endLine(_ line: UnsafeBufferPointer<UInt8>) -> ServerSentEvent? {
        guard let first = line.first else { return dispatch() }
        if first == UInt8(ascii: ":") { return nil }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.count
        let field = UnsafeBufferPointer(rebasing: line[..<colon])
        var valueStart = min(colon + 1, line.count)
        if valueStart < line.count, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = UnsafeBufferPointer(rebasing: line[valueStart...])
        if field.elementsEqual("data".utf8) {
            data.append(String(decoding: value, as: UTF8.self))
        } else if field.elementsEqual("event".utf8) {
            event = String(decoding: value, as: UTF8.self)
        }
        return nil
    }

    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            event = nil
            data.removeAll(keepingCapacity: true)
        }
        guard !data.isEmpty else { return nil }
        return ServerSentEvent(event: event, data: data.count == 1 ? data[0] : data.joined(separator: "\n"))
    }
}
