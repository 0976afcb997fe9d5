import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

/// A mailer that keeps what it is given, for tests to read the links.
final class Outbox: Mailer {
    private let box = Mutex<[MailMessage]>([])

    func send(_ message: MailMessage) async throws {
        box.withLock { $0.append(message) }
    }

    var messages: [MailMessage] { box.withLock { $0 } }

    /// The token of the newest link to `page` sent to `email`, waiting briefly (mail goes out after the answer).
    func token(to email: String, page: String) async throws -> String? {
        for _ in 0..<100 {
            if let message = messages.last(where: { $0.to == email && $0.link.contains("/\(page)?") }),
                let token = URLComponents(string: message.link)?.queryItems?.first(where: { $0.name == "token" })?.value
            {
                return token
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}

extension TestApp {
    /// An instance whose mail lands in an `Outbox`, with a cheap bcrypt cost.
    static func withOutbox(
        _ database: TestDatabase, clock: any WallClock = SystemClock(),
        configure: (inout Configuration) -> Void = { _ in }
    ) async throws -> (TestApp, Outbox) {
        let outbox = Outbox()
        let scratch = try await database.makeScratch()
        var configuration = Configuration()
        configuration.port = 0
        configuration.dataDirectory = scratch.directory
        configuration.databaseURL = scratch.databaseURL.map { Secret($0) }
        configuration.logLevel = .error
        configuration.publicURL = "https://tollgate.test"
        configuration.webAuth.bcryptCost = 4
        configure(&configuration)
        let services = try await buildServices(configuration: configuration, clock: clock, mailer: outbox)
        return (TestApp(services: services, scratch: scratch), outbox)
    }
}

/// Requests of the sign-in tests.
extension TestClientProtocol {
    /// POSTs JSON and returns the answer's status, headers and body.
    func post(_ path: String, _ json: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var fields: HTTPFields = [.contentType: "application/json"]
        fields.append(contentsOf: headers)
        return try await execute(uri: path, method: .post, headers: fields, body: ByteBuffer(string: json)) { $0 }
    }

    /// Sends `method` with a bearer credential (and a JSON body, if any).
    func call(_ method: HTTPRequest.Method, _ path: String, bearer: String, json: String? = nil) async throws
        -> TestResponse
    {
        var fields: HTTPFields = [.authorization: "Bearer \(bearer)"]
        if json != nil { fields[.contentType] = "application/json" }
        return try await execute(uri: path, method: method, headers: fields, body: json.map { ByteBuffer(string: $0) })
        { $0 }
    }

    /// Registers and signs in; returns the login answer.
    func signUp(_ email: String, password: String = "correct horse") async throws -> JSONValue {
        let registered = try await post("/api/v2/auth/register", #"{"email": "\#(email)", "password": "\#(password)"}"#)
        #expect(registered.status == .created)
        let login = try await post("/api/v2/auth/login", #"{"email": "\#(email)", "password": "\#(password)"}"#)
        #expect(login.status == .ok)
        return login.json
    }
}
