/// An HTTP request to a provider as a mapping builds it: relative to the endpoint's base URL, without
/// credentials (the transport adds them as the endpoint's `Auth` says).
public struct UpstreamRequest: Sendable, Equatable {
    public var method: String
    /// Path (and query) appended to the base URL, e.g. `/v1/chat/completions`.
    public var path: String
    public var headers: [(String, String)]
    public var body: [UInt8]?

    public init(method: String = "POST", path: String, headers: [(String, String)] = [], body: [UInt8]? = nil) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    public static func == (lhs: UpstreamRequest, rhs: UpstreamRequest) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.body == rhs.body
            && lhs.headers.map { "\($0.0):\($0.1)" } == rhs.headers.map { "\($0.0):\($0.1)" }
    }
}

/// A buffered upstream response.
public struct UpstreamResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}
