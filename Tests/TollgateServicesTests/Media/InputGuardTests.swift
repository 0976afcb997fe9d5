import Foundation
import NIOCore
import Testing
import TollgateCore

@testable import TollgateServices

/// SSRF protection for caller-supplied URLs.
@Suite struct InputGuardTests {
    @Test(arguments: [
        "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::",
    ])
    func privateAddressesAreForbidden(_ ip: String) throws {
        #expect(InputGuard.isForbidden(try SocketAddress(ipAddress: ip, port: 80)))
    }

    /// The forms issue 24 found passing the guard: NAT64, 6to4, IPv4-compatible, site-local, Teredo, and the
    /// reserved, documentation and benchmark IPv4 ranges.
    @Test(arguments: [
        "64:ff9b::7f00:1", "64:ff9b::a00:1", "2002:7f00:1::1", "2002:c0a8:101::1", "::127.0.0.1", "::7f00:1",
        "fec0::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:db8::1", "100::1", "240.0.0.1", "255.255.255.255",
        "192.0.2.1", "198.51.100.7", "203.0.113.9", "198.18.0.1", "198.19.255.255", "192.0.0.8", "192.88.99.1",
        "ff02::1",
    ])
    func addressesThatCarryAPrivateOneOrAreReservedAreForbidden(_ ip: String) throws {
        #expect(InputGuard.isForbidden(try SocketAddress(ipAddress: ip, port: 80)))
    }

    @Test(arguments: ["8.8.8.8", "1.1.1.1", "172.32.0.1", "192.169.0.1", "2606:4700:4700::1111", "100.128.0.1"])
    func publicAddressesAreAllowed(_ ip: String) throws {
        #expect(!InputGuard.isForbidden(try SocketAddress(ipAddress: ip, port: 80)))
    }

    @Test func urlsAreCheckedBeforeUse() async throws {
        let guardian = InputGuard(allowPrivate: false)
        for url in [
            "ftp://example.com/a.png", "file:///etc/passwd", "not a url", "http://127.0.0.1/x.png",
            "http://[::1]:8080/",
            "http://169.254.169.254/latest/meta-data", "http://localhost/x", "https://10.0.0.5/a.png",
        ] {
            let error = await #expect(throws: APIError.self) {
                try await guardian.check(url, field: "params.image_url")
            }
            #expect(error?.code == "validation_error", "\(url)")
            #expect(error?.details["fields"]?.objectValue?["params.image_url"] != nil, "\(url)")
        }
        // An operator may allow private addresses (e.g. a local file server).
        try await InputGuard(allowPrivate: true).check("http://127.0.0.1/x.png", field: "image_url")
    }
}

/// `X-Tollgate-Signature`, checked against an HMAC computed here from its definition (not the signer).
@Suite struct WebhookSignatureTests {
    @Test func signatureMatchesAnIndependentComputation() throws {
        let body = Array(#"{"id":7,"status":"completed"}"#.utf8)
        let header = WebhookSignature.header(body: body, secret: "whsec_test", timestamp: 1_780_000_000)
        // Reference value: HMAC-SHA256(key "whsec_test", "1780000000.{"id":7,"status":"completed"}"), from openssl.
        let expected = try Self.openssl(
            message: "1780000000." + String(decoding: body, as: UTF8.self), key: "whsec_test")
        #expect(header == "t=1780000000,v1=\(expected)")
        #expect(WebhookSignature.newSecret().hasPrefix("whsec_"))
        #expect(WebhookSignature.newSecret() != WebhookSignature.newSecret())
    }

    /// `openssl dgst -sha256 -hmac KEY`, run as a separate program.
    static func openssl(message: String, key: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "dgst", "-sha256", "-hmac", key]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(message.utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.split(separator: " ").last ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
