import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import TollgateCore

/// Files in an S3-compatible bucket (AWS S3, MinIO, Ceph, moto …), for several instances sharing one
/// store. Path-style requests signed with AWS Signature Version 4.
public final class S3FileStorage: FileStorage {
    let endpoint: String
    let bucket: String
    let region: String
    let accessKeyID: String
    let secret: String
    let client: HTTPClient

    public init(endpoint: String, bucket: String, region: String, accessKeyID: String, secret: String) {
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        self.bucket = bucket
        self.region = region
        self.accessKeyID = accessKeyID
        self.secret = secret
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(120))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public convenience init(_ settings: S3Settings) {
        self.init(
            endpoint: settings.endpoint, bucket: settings.bucket, region: settings.region,
            accessKeyID: settings.accessKeyID, secret: settings.secret.revealed)
    }

    public func put(key: String, bytes: [UInt8], contentType: String) async throws {
        let response = try await send("PUT", path: "/\(bucket)/\(key)", body: bytes, contentType: contentType)
        guard (200..<300).contains(response.status) else { throw S3Error.status(response.status) }
    }

    public func get(key: String) async throws -> [UInt8]? {
        let response = try await send("GET", path: "/\(bucket)/\(key)")
        if response.status == 404 { return nil }
        guard (200..<300).contains(response.status) else { throw S3Error.status(response.status) }
        return response.body
    }

    public func delete(key: String) async throws {
        let response = try await send("DELETE", path: "/\(bucket)/\(key)")
        guard (200..<300).contains(response.status) || response.status == 404 else {
            throw S3Error.status(response.status)
        }
    }

    /// Creates the bucket if it does not exist (for setups and tests).
    public func createBucket() async throws {
        let response = try await send("PUT", path: "/\(bucket)")
        guard (200..<300).contains(response.status) || response.status == 409 else {
            throw S3Error.status(response.status)
        }
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    struct Reply {
        var status: Int
        var body: [UInt8]
    }

    func send(_ method: String, path: String, body: [UInt8] = [], contentType: String? = nil, date: Date = Date())
        async throws -> Reply
    {
        var request = HTTPClientRequest(url: endpoint + path)
        request.method = .init(rawValue: method)
        for (name, value) in signedHeaders(method: method, path: path, body: body, date: date) {
            request.headers.add(name: name, value: value)
        }
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if method == "PUT" { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, timeout: .seconds(120))
        let collected = try await response.body.collect(upTo: FileService.maxBytes)
        return Reply(status: Int(response.status.code), body: Array(buffer: collected))
    }

    /// The `Host`, `x-amz-date`, `x-amz-content-sha256` and `Authorization` headers of a SigV4 request.
    func signedHeaders(method: String, path: String, body: [UInt8], date: Date) -> [(String, String)] {
        let host = endpoint.components(separatedBy: "://").last ?? endpoint
        let amzDate = Self.stamp(date, format: "yyyyMMdd'T'HHmmss'Z'")
        let payloadHash = Hex.lowercase(SHA256.hash(data: body))
        let headers = [("host", host), ("x-amz-content-sha256", payloadHash), ("x-amz-date", amzDate)]
        let authorization = Self.authorization(
            method: method, path: path, query: "", headers: headers, payloadHash: payloadHash, amzDate: amzDate,
            region: region, accessKeyID: accessKeyID, secret: secret)
        return [
            ("Host", host), ("x-amz-date", amzDate), ("x-amz-content-sha256", payloadHash),
            ("Authorization", authorization),
        ]
    }

    /// The SigV4 `Authorization` value for a request whose `headers` (lower-case names) are all signed.
    static func authorization(
        method: String, path: String, query: String, headers: [(String, String)], payloadHash: String, amzDate: String,
        region: String, accessKeyID: String, secret: String
    ) -> String {
        let sorted = headers.sorted { $0.0 < $1.0 }
        let signedNames = sorted.map(\.0).joined(separator: ";")
        let canonical = [
            method, path, query, sorted.map { "\($0.0):\($0.1.trimmingCharacters(in: .whitespaces))\n" }.joined(),
            signedNames, payloadHash,
        ].joined(separator: "\n")
        let day = String(amzDate.prefix(8))
        let scope = "\(day)/\(region)/s3/aws4_request"
        let toSign =
            "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n" + Hex.lowercase(SHA256.hash(data: Array(canonical.utf8)))
        var key = SymmetricKey(data: Array("AWS4\(secret)".utf8))
        for part in [day, region, "s3", "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        let signature = Hex.lowercase(HMAC<SHA256>.authenticationCode(for: Array(toSign.utf8), using: key))
        return
            "AWS4-HMAC-SHA256 Credential=\(accessKeyID)/\(scope), SignedHeaders=\(signedNames), Signature=\(signature)"
    }

    static func stamp(_ date: Date, format: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter.string(from: date)
    }

    enum S3Error: Error {
        case status(Int)
    }
}
