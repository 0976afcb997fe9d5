import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TollgateCore
import TollgateStore
import TollgateTestSupport

@testable import TollgateServer
@testable import TollgateServices

extension TestApp {
    /// Runs `body` against the application's router; the store is closed afterwards.
    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = try buildApplication(services: services)
        do {
            try await app.test(.router, body)
        } catch {
            await scratch.remove()
            throw error
        }
        await scratch.remove()
    }
}

extension HTTPFields {
    static func bearer(_ key: String) -> HTTPFields {
        [.authorization: "Bearer \(key)", .contentType: "application/json"]
    }
}

extension ByteBuffer {
    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
}

extension TestResponse {
    /// The body parsed as JSON (`null` if it is not JSON).
    var json: JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: body))) ?? .null
    }
}

extension JSONValue {
    subscript(_ key: String) -> JSONValue? {
        objectValue?[key]
    }
}
