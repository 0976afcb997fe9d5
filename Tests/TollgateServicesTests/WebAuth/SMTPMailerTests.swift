import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization
import Testing

@testable import TollgateServices

/// The SMTP mailer against a scripted SMTP server on loopback.
@Suite struct SMTPMailerTests {
    /// A one-connection SMTP server that accepts everything and records what it was sent.
    final class FakeSMTPServer: Sendable {
        final class Transcript: Sendable {
            let lines = Mutex<[String]>([])
        }

        let port: Int
        let transcript: Transcript
        let task: Task<Void, any Error>

        /// With `tls`, the server offers STARTTLS and, asked, continues over TLS with that context.
        init(
            rejectRecipient: Bool = false, tls: NIOSSLContext? = nil, offerStartTLS: Bool = true,
            group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
        ) async throws {
            let server = try await ServerBootstrap(group: group)
                .bind(host: "127.0.0.1", port: 0) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            port = server.channel.localAddress?.port ?? 0
            let transcript = Transcript()
            self.transcript = transcript
            task = Task {
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        try await connection.executeThenClose { input, output in
                            try await output.write(ByteBuffer(string: "220 fake ESMTP\r\n"))
                            var pending = ""
                            var inData = false
                            for try await chunk in input {
                                pending += String(buffer: chunk)
                                while let end = pending.range(of: "\r\n") {
                                    let line = String(pending[..<end.lowerBound])
                                    pending.removeSubrange(..<end.upperBound)
                                    transcript.lines.withLock { $0.append(line) }
                                    if inData {
                                        if line == "." {
                                            inData = false
                                            try await output.write(ByteBuffer(string: "250 queued\r\n"))
                                        }
                                        continue
                                    }
                                    let reply: String
                                    switch line.prefix(4).uppercased() {
                                    case "EHLO":
                                        reply =
                                            tls != nil && offerStartTLS
                                            ? "250-fake\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n"
                                            : "250-fake\r\n250 AUTH PLAIN\r\n"
                                    case "STAR" where tls != nil:
                                        // The go-ahead and the TLS handler in one event-loop turn, so the client's
                                        // first TLS bytes can only meet the handler.
                                        let raw = connection.channel
                                        try await raw.eventLoop.submit {
                                            raw.writeAndFlush(ByteBuffer(string: "220 go ahead\r\n"), promise: nil)
                                            try raw.pipeline.syncOperations.addHandler(
                                                NIOSSLServerHandler(context: tls!), position: .first)
                                        }.get()
                                        transcript.lines.withLock { $0.append("-- tls --") }
                                        continue
                                    case "AUTH": reply = "235 accepted\r\n"
                                    case "MAIL": reply = "250 ok\r\n"
                                    case "RCPT": reply = rejectRecipient ? "550 no such user\r\n" : "250 ok\r\n"
                                    case "DATA":
                                        inData = true
                                        reply = "354 go ahead\r\n"
                                    case "QUIT": reply = "221 bye\r\n"
                                    default: reply = "500 what\r\n"
                                    }
                                    try await output.write(ByteBuffer(string: reply))
                                    if line.uppercased() == "QUIT" { return }
                                }
                            }
                        }
                        return
                    }
                }
            }
        }
    }

    static let message = MailMessage(
        to: "ada@example.com", subject: "Confirm your email",
        text: "Open this link:\n\nhttps://tollgate.test/verify-email?token=abc\n.leading dot\n",
        link: "https://tollgate.test/verify-email?token=abc")

    @Test func deliversOneMessageWithAuth() async throws {
        let server = try await FakeSMTPServer()
        var settings = SMTPSettings(host: "127.0.0.1", port: server.port, from: "noreply@tollgate.test")
        settings.username = "mailer"
        settings.password = "hunter22"
        // The deadline is generous: the exchange takes milliseconds, but a loaded test run can hold it for many seconds.
        try await SMTPMailer(settings: settings, timeout: .seconds(120)).send(Self.message)
        _ = await server.task.result
        let lines = server.transcript.lines.withLock { $0 }
        #expect(lines.first == "EHLO tollgate")
        #expect(lines.contains("AUTH PLAIN \(Data("\u{0}mailer\u{0}hunter22".utf8).base64EncodedString())"))
        #expect(lines.contains("MAIL FROM:<noreply@tollgate.test>") && lines.contains("RCPT TO:<ada@example.com>"))
        #expect(lines.contains("Subject: Confirm your email") && lines.contains("To: <ada@example.com>"))
        #expect(lines.contains("https://tollgate.test/verify-email?token=abc"))
        #expect(lines.contains("..leading dot"))  // dot-stuffed
        #expect(lines.last == "QUIT")
    }

    /// A self-signed certificate for 127.0.0.1 made once by the `openssl` program, and the server context using it.
    /// The program is awaited, never waited for: a blocked thread of the two-thread pool would stall every test.
    static let madeCertificate = Task { () async throws -> (caFile: String, server: NIOSSLContext) in
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let key = directory.appendingPathComponent("key.pem").path
        let cert = directory.appendingPathComponent("cert.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in done.resume() }
            do { try process.run() } catch { done.resume(throwing: error) }
        }
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
        return (cert, try NIOSSLContext(configuration: configuration))
    }

    static func certificate() async throws -> (caFile: String, server: NIOSSLContext) {
        try await madeCertificate.value
    }

    /// The TLS tests' own event loop: a handshake's RSA work (slow in a debug build) never holds up the loops the
    /// rest of the suite shares.
    static let tlsLoop = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    @Test func upgradesWithStartTLSBeforeAuthenticating() async throws {
        let (caFile, context) = try await Self.certificate()
        let server = try await FakeSMTPServer(tls: context, group: Self.tlsLoop)
        var settings = SMTPSettings(host: "127.0.0.1", port: server.port, from: "noreply@tollgate.test")
        settings.username = "mailer"
        settings.password = "hunter22"
        settings.starttls = true
        settings.caFile = caFile
        try await SMTPMailer(settings: settings, timeout: .seconds(120), group: Self.tlsLoop).send(Self.message)
        _ = await server.task.result
        let lines = server.transcript.lines.withLock { $0 }
        // EHLO, STARTTLS, then everything else (the password above all) only over TLS.
        #expect(Array(lines.prefix(4)) == ["EHLO tollgate", "STARTTLS", "-- tls --", "EHLO tollgate"])
        #expect(lines.firstIndex { $0.hasPrefix("AUTH PLAIN") } ?? 0 > 3)
        #expect(lines.contains("https://tollgate.test/verify-email?token=abc") && lines.last == "QUIT")
    }

    @Test func refusesAServerWithoutStartTLSOrWithAnUntrustedCertificate() async throws {
        let (caFile, context) = try await Self.certificate()
        let plain = try await FakeSMTPServer(tls: context, offerStartTLS: false, group: Self.tlsLoop)
        var settings = SMTPSettings(host: "127.0.0.1", port: plain.port, from: "noreply@tollgate.test")
        settings.username = "mailer"
        settings.password = "hunter22"
        settings.starttls = true
        settings.caFile = caFile
        await #expect(throws: SMTPError.self) {
            try await SMTPMailer(settings: settings, timeout: .seconds(120), group: Self.tlsLoop).send(Self.message)
        }
        plain.task.cancel()
        #expect(!plain.transcript.lines.withLock { $0 }.contains { $0.hasPrefix("AUTH") })

        // The certificate is not one the system trusts: the handshake fails before any credential is sent.
        let untrusted = try await FakeSMTPServer(tls: context, group: Self.tlsLoop)
        settings.port = untrusted.port
        settings.caFile = nil
        await #expect(throws: (any Error).self) {
            try await SMTPMailer(settings: settings, timeout: .seconds(120), group: Self.tlsLoop).send(Self.message)
        }
        untrusted.task.cancel()
        #expect(!untrusted.transcript.lines.withLock { $0 }.contains { $0.hasPrefix("AUTH") })
    }

    @Test func reportsARefusal() async throws {
        let server = try await FakeSMTPServer(rejectRecipient: true)
        let settings = SMTPSettings(host: "127.0.0.1", port: server.port, from: "noreply@tollgate.test")
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPMailer(settings: settings, timeout: .seconds(120)).send(Self.message)
        }
        #expect(error?.reply == "550 no such user")  // the refusal itself, never a timeout
        server.task.cancel()
    }

    @Test func refusesHeaderInjection() async throws {
        let settings = SMTPSettings(host: "127.0.0.1", port: 1, from: "noreply@tollgate.test")
        var message = Self.message
        message.subject = "Hi\r\nBcc: victim@example.com"
        await #expect(throws: SMTPError.self) {
            try await SMTPMailer(settings: settings, timeout: .seconds(5)).send(message)
        }
    }
}
