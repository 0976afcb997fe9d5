import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// The one HTTP transport every provider adapter runs on: pooled AsyncHTTPClient instances (one per
/// distinct proxy and timeout setting), credentials added here and nowhere else, and every transport
/// error reduced to a `ProviderFailure`.
public final class ProviderTransport: Sendable {
    private struct ClientKey: Hashable {
        var proxy: String?
        var connectMilliseconds: Int64
        /// nil: no read timeout (streams, whose caller watches for stalls itself).
        var readMilliseconds: Int64?
    }

    private struct Pool {
        var clients: [ClientKey: HTTPClient] = [:]
        /// Set by `shutdown`: no client is made after it (one made then would never be shut down).
        var closed = false
    }

    private let pool = Mutex(Pool())
    private let connectionsPerHost: Int
    /// The recent calls of each upstream, for the admin area.
    public let stats = ProviderStats()

    /// - Parameter connectionsPerHost: the pool's soft limit per upstream host; a gateway needs many.
    public init(connectionsPerHost: Int = 512) {
        self.connectionsPerHost = connectionsPerHost
    }

    private func client(for endpoint: ProviderEndpoint, readTimeout: Bool = true) throws(ProviderFailure)
        -> HTTPClient
    {
        let key = ClientKey(
            proxy: endpoint.proxy, connectMilliseconds: Int64(endpoint.connectTimeoutSeconds * 1000),
            readMilliseconds: readTimeout ? Int64(endpoint.readTimeoutSeconds * 1000) : nil)
        let client = pool.withLock { pool -> HTTPClient? in
            if let client = pool.clients[key] { return client }
            guard !pool.closed else { return nil }
            var configuration = HTTPClient.Configuration()
            configuration.timeout = .init(
                connect: .milliseconds(key.connectMilliseconds), read: key.readMilliseconds.map { .milliseconds($0) })
            configuration.connectionPool = .init(
                idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost)
            // A refused or failed connection fails the request at once rather than being retried until the
            // connect timeout: the gateway's next route (fallback) answers instead, and nothing was billed.
            configuration.connectionPool.retryConnectionEstablishment = false
            configuration.decompression = .enabled(limit: .ratio(100))
            // No distributed tracing: without a tracer the client skips a span and its attributes per request.
            configuration.tracing.tracer = nil
            if let proxy = key.proxy, let (host, port) = Self.hostPort(proxy) {
                configuration.proxy = .server(host: host, port: port)
            }
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            pool.clients[key] = client
            return client
        }
        guard let client else { throw ProviderFailure(.connection, "The instance is shutting down.") }
        return client
    }

    static func hostPort(_ text: String) -> (String, Int)? {
        var text = Substring(text)
        for scheme in ["http://", "https://"] where text.hasPrefix(scheme) { text = text.dropFirst(scheme.count) }
        guard let colon = text.lastIndex(of: ":"),
            let port = Int(text[text.index(after: colon)...].prefix { $0.isNumber })
        else {
            return nil
        }
        return (String(text[..<colon]), port)
    }

    private func httpRequest(_ request: UpstreamRequest, endpoint: ProviderEndpoint) throws(ProviderFailure)
        -> HTTPClientRequest
    {
        let apiKey = endpoint.apiKey?.revealed ?? ""
        // `.none` needs no key here: its credential travels elsewhere (Telegram's token is in the path).
        guard !apiKey.isEmpty || endpoint.auth == .none else {
            throw ProviderFailure(.unauthorized, "The provider is not configured.")
        }
        var http = HTTPClientRequest(url: endpoint.baseURL + request.path)
        http.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { http.headers.add(name: name, value: value) }
        switch endpoint.auth {
        case .bearer: http.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(apiKey)")
        case .header(let name): http.headers.replaceOrAdd(name: name, value: apiKey)
        case .basic(let username):
            http.headers.replaceOrAdd(name: "Authorization", value: Self.basic(username: username, password: apiKey))
        case .none: break
        }
        if let body = request.body {
            if !http.headers.contains(name: "Content-Type") {
                http.headers.add(name: "Content-Type", value: "application/json")
            }
            http.body = .bytes(ByteBuffer(bytes: body))
        }
        return http
    }

    /// Sends a request and buffers the whole answer (up to `maxBytes`).
    public func send(
        _ request: UpstreamRequest, to endpoint: ProviderEndpoint, maxBytes: Int = 64 << 20
    ) async throws(ProviderFailure) -> UpstreamResponse {
        let http = try httpRequest(request, endpoint: endpoint)
        let started = ContinuousClock.now
        var status = 0
        defer { record(endpoint, since: started, status: status) }
        do {
            let response = try await client(for: endpoint).execute(
                http, timeout: .milliseconds(Int64(endpoint.readTimeoutSeconds * 1000)))
            let body = try await response.body.collect(upTo: maxBytes)
            status = Int(response.status.code)
            return UpstreamResponse(
                status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                body: Array(buffer: body))
        } catch {
            throw Self.failure(from: error)
        }
    }

    /// Sends a request and hands the answer's body chunks to `body` as they arrive. Returns once the
    /// body ends; cancelling the calling task closes the upstream connection at once. There is no read
    /// timeout: the caller watches for stalls (AsyncHTTPClient re-arms its timer on every chunk it reads,
    /// ~8% of the CPU a relayed stream costs; BENCHMARKS.md).
    public func stream<T: Sendable>(
        _ request: UpstreamRequest, to endpoint: ProviderEndpoint,
        _ body: (_ status: Int, _ headers: [(String, String)], _ chunks: HTTPClientResponse.Body) async throws -> T
    ) async throws -> T {
        let http = try httpRequest(request, endpoint: endpoint)
        let response: HTTPClientResponse
        let started = ContinuousClock.now
        do {
            // The deadline covers the whole stream.
            response = try await client(for: endpoint, readTimeout: false).execute(http, deadline: .now() + .hours(2))
        } catch {
            record(endpoint, since: started, status: 0)
            throw Self.failure(from: error)
        }
        // A stream's call is timed to its first byte of answer: its length is the model's, not the upstream's.
        record(endpoint, since: started, status: Int(response.status.code))
        return try await body(Int(response.status.code), response.headers.map { ($0.name, $0.value) }, response.body)
    }

    /// Records a call in `stats`: `status` 0 when no answer came.
    private func record(_ endpoint: ProviderEndpoint, since started: ContinuousClock.Instant, status: Int) {
        stats.record(
            providerID: endpoint.providerID, duration: ContinuousClock.now - started,
            failed: status == 0 || status == 429 || status >= 500,
            at: Int64(Date().timeIntervalSince1970 * 1000))
    }

    /// Fetches an absolute URL (a provider's result file) with a GET. The endpoint's key is sent only when
    /// the URL is on the endpoint's own host (some providers serve files behind auth); never elsewhere.
    public func fetch(_ url: String, endpoint: ProviderEndpoint, maxBytes: Int) async throws(ProviderFailure)
        -> UpstreamResponse
    {
        var http = HTTPClientRequest(url: url)
        http.method = .GET
        if let apiKey = endpoint.apiKey?.revealed, Self.host(of: url) == Self.host(of: endpoint.baseURL) {
            switch endpoint.auth {
            case .bearer: http.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
            case .header(let name): http.headers.add(name: name, value: apiKey)
            case .basic(let username):
                http.headers.add(name: "Authorization", value: Self.basic(username: username, password: apiKey))
            case .none: break
            }
        }
        do {
            let response = try await client(for: endpoint).execute(
                http, timeout: .milliseconds(Int64(endpoint.readTimeoutSeconds * 1000)))
            let body = try await response.body.collect(upTo: maxBytes)
            return UpstreamResponse(
                status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                body: Array(buffer: body))
        } catch {
            throw Self.failure(from: error)
        }
    }

    /// An HTTP Basic `Authorization` value: `Basic base64(username:password)`.
    static func basic(username: String, password: String) -> String {
        "Basic " + Data((username + ":" + password).utf8).base64EncodedString()
    }

    static func host(of url: String) -> Substring? {
        guard let start = url.range(of: "://")?.upperBound else { return nil }
        return url[start...].prefix { $0 != "/" && $0 != "?" }
    }

    /// The failure for an error thrown by the client or while reading a body.
    public static func failure(from error: any Error) -> ProviderFailure {
        if let failure = error as? ProviderFailure { return failure }
        if error is CancellationError { return ProviderFailure(.connection, "The request was cancelled.") }
        if let error = error as? HTTPClientError {
            switch error {
            case .readTimeout, .deadlineExceeded, .connectTimeout, .getConnectionFromPoolTimeout:
                return ProviderFailure(.timeout, "The provider did not answer in time.")
            case .cancelled:
                return ProviderFailure(.connection, "The request was cancelled.")
            default:
                break
            }
        }
        if error is NIOTooManyBytesError { return ProviderFailure(.malformed, "The provider's answer was too large.") }
        return ProviderFailure(.connection, "The connection to the provider failed.")
    }

    /// Closes every client; call once at shutdown.
    public func shutdown() async {
        let all = pool.withLock { pool -> [HTTPClient] in
            defer {
                pool.clients.removeAll()
                pool.closed = true
            }
            return Array(pool.clients.values)
        }
        for client in all { try? await client.shutdown() }
    }
}
