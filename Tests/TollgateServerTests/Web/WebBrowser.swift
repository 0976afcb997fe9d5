import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing
import TollgateSimulator
import TollgateTestSupport

@testable import TollgateServices

/// A minimal browser over the test client: keeps the cookies the server sets, sends them back, and reads a
/// page's form token so forms can be posted as a browser would.
final class WebBrowser: Sendable {
    let client: any TestClientProtocol
    private let jar = Mutex<[String: String]>([:])
    /// The `Set-Cookie` lines of the last answer.
    private let lastSetCookies = Mutex<[String]>([])
    private let language = Mutex<String?>(nil)
    var acceptLanguage: String? {
        get { language.withLock { $0 } }
        set { language.withLock { $0 = newValue } }
    }

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    var cookies: [String: String] { jar.withLock { $0 } }
    var setCookieLines: [String] { lastSetCookies.withLock { $0 } }

    func setCookie(_ name: String, _ value: String?) {
        jar.withLock { $0[name] = value }
    }

    /// Sends a request with the jar's cookies and keeps what it sets.
    func send(
        _ method: HTTPRequest.Method, _ path: String, headers: HTTPFields = [:], body: ByteBuffer? = nil
    ) async throws -> TestResponse {
        var fields = headers
        let cookie = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        if !cookie.isEmpty { fields[.cookie] = cookie }
        if let acceptLanguage { fields[.acceptLanguage] = acceptLanguage }
        let response = try await client.execute(uri: path, method: method, headers: fields, body: body) { $0 }
        let lines = response.headers[values: .setCookie]
        lastSetCookies.withLock { $0 = lines }
        for line in lines {
            let pair = line.split(separator: ";", maxSplits: 1)[0].split(
                separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            let expired = line.lowercased().contains("max-age=0")
            setCookie(String(pair[0]), expired ? nil : String(pair[1]))
        }
        return response
    }

    func get(_ path: String) async throws -> TestResponse { try await send(.get, path) }

    /// Posts a form; `csrf` nil sends none.
    func post(_ path: String, _ fields: [String: String], csrf: String?) async throws -> TestResponse {
        var all = fields
        all["_csrf"] = csrf
        let body = all.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await send(
            .post, path, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: body))
    }

    /// Opens `page`, then posts its form to `path` with the token the page carried.
    func submit(_ path: String, _ fields: [String: String], from page: String) async throws -> TestResponse {
        let html = try await get(page).text
        let token: String = try #require(Self.formToken(in: html))
        return try await post(path, fields, csrf: token)
    }

    static func formToken(in html: String) -> String? {
        guard let range = html.range(of: #"name="_csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    /// Signs up through the page and follows to the dashboard.
    func signUp(_ email: String, password: String = "correct horse battery") async throws {
        let answer = try await submit("/signup", ["email": email, "password": password], from: "/signup")
        #expect(answer.status == .seeOther && answer.headers[.location] == "/dashboard?welcome=1")
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

extension TestApp {
    /// An instance for page tests: cheap bcrypt, an https public URL, mail kept, and the providers simulated.
    static func forPages(
        _ database: TestDatabase, simulator: RunningSimulator?, configure: (inout Configuration) -> Void = { _ in }
    ) async throws -> TestApp {
        try await withOutbox(database) { configuration in
            configuration.simulatorURL = simulator?.url
            configure(&configuration)
        }.0
    }
}

/// Runs `body` with a provider simulator, stopping it afterwards.
func withSimulator(_ body: (RunningSimulator) async throws -> Void) async throws {
    let simulator = try await RunningSimulator.start()
    do {
        try await body(simulator)
    } catch {
        await simulator.stop()
        throw error
    }
    await simulator.stop()
}
