import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Sends mail through an SMTP relay (RFC 5321): `EHLO`, optional `AUTH PLAIN`, one message, `QUIT`.
/// Plain text, STARTTLS (RFC 3207, `smtp.starttls`: the server must offer it — never a silent fall back to plain
/// text) or implicit TLS (SMTPS, `smtp.tls`). The relay's certificate is verified (against `smtp.ca_file` when set).
public struct SMTPMailer: Mailer {
    let settings: SMTPSettings
    /// How long one delivery may take, connection included.
    let timeout: Duration

    /// The event loops the connection runs on.
    let group: any EventLoopGroup

    public init(
        settings: SMTPSettings, timeout: Duration = .seconds(30),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.settings = settings
        self.timeout = timeout
        self.group = group
    }

    public func send(_ message: MailMessage) async throws {
        for text in [message.to, message.subject, settings.from] where text.contains(where: \.isNewline) {
            throw SMTPError(reply: "a header value contains a line break")
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await deliver(message) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw SMTPError(reply: "timed out")
            }
            try await group.next()
            group.cancelAll()
        }
    }

    func deliver(_ message: MailMessage) async throws {
        let settings = self.settings
        let context = try Self.tlsContext(settings)
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if settings.tls {
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: context, serverHostname: Self.serverName(settings.host)))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let raw = channel.channel
        try await channel.executeThenClose { inbound, outbound in
            var replies = SMTPReplyReader(iterator: inbound.makeAsyncIterator())
            @discardableResult
            func command(_ line: String, expect code: Int) async throws -> [String] {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
                return try await replies.expect(code)
            }
            try await replies.expect(220)
            let offers = try await command("EHLO tollgate", expect: 250)
            if settings.starttls && !settings.tls {
                guard offers.contains(where: { $0.dropFirst(4).uppercased().hasPrefix("STARTTLS") }) else {
                    throw SMTPError(reply: "the server does not offer STARTTLS")
                }
                try await command("STARTTLS", expect: 220)
                // Nothing more comes in plain text: TLS goes in front of everything, and the session starts again.
                try await raw.eventLoop.submit {
                    try raw.pipeline.syncOperations.addHandler(
                        try NIOSSLClientHandler(context: context, serverHostname: Self.serverName(settings.host)),
                        position: .first)
                }.get()
                try await command("EHLO tollgate", expect: 250)
            }
            if let username = settings.username, let password = settings.password?.revealed {
                let credentials = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
                try await command("AUTH PLAIN \(credentials)", expect: 235)
            }
            try await command("MAIL FROM:<\(settings.from)>", expect: 250)
            try await command("RCPT TO:<\(message.to)>", expect: 250)
            try await command("DATA", expect: 354)
            try await outbound.write(ByteBuffer(string: Self.data(message, from: settings.from)))
            try await replies.expect(250)
            _ = try? await command("QUIT", expect: 221)
        }
    }

    /// The TLS client context: the system's roots, or only `smtp.ca_file`'s when set.
    static func tlsContext(_ settings: SMTPSettings) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let file = settings.caFile { configuration.trustRoots = .file(file) }
        return try NIOSSLContext(configuration: configuration)
    }

    /// The name sent (SNI) and checked against the certificate; nil for an IP address, which is checked instead.
    static func serverName(_ host: String) -> String? {
        host.contains(":") || host.split(separator: ".").allSatisfy({ UInt8($0) != nil }) ? nil : host
    }

    /// The message as sent after `DATA`: headers, the body with CRLF line ends and dot-stuffing, and the
    /// terminating `.` line.
    static func data(_ message: MailMessage, from: String, now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let subject =
            message.subject.allSatisfy(\.isASCII)
            ? message.subject : "=?UTF-8?B?\(Data(message.subject.utf8).base64EncodedString())?="
        var lines = [
            "From: <\(from)>", "To: <\(message.to)>", "Subject: \(subject)", "Date: \(formatter.string(from: now))",
            "Message-ID: <\(UUID().uuidString)@tollgate>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit", "",
        ]
        for line in message.text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            lines.append(line.hasPrefix(".") ? "." + line : String(line))
        }
        lines.append(".")
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

/// An SMTP server refused a step, or the conversation broke off.
public struct SMTPError: Error, CustomStringConvertible {
    /// The server's reply line, or what went wrong.
    public var reply: String
    public var description: String { "SMTP: \(reply)" }
}

/// Reads SMTP replies (possibly multi-line: `250-…` lines until `250 …`) from a byte stream.
struct SMTPReplyReader {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var pending = ""

    /// The next complete reply: its code and lines (the last one holds the final text).
    mutating func next() async throws -> (code: Int, lines: [String]) {
        var lines: [String] = []
        while true {
            while let end = pending.range(of: "\n") {
                let line = pending[..<end.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
                pending.removeSubrange(..<end.upperBound)
                let characters = Array(line)
                guard characters.count >= 3, let code = Int(String(characters[0..<3])) else {
                    throw SMTPError(reply: "malformed reply")
                }
                lines.append(line)
                if characters.count == 3 || characters[3] == " " { return (code, lines) }
            }
            guard let chunk = try await iterator.next() else { throw SMTPError(reply: "connection closed") }
            pending += String(buffer: chunk)
        }
    }

    /// Reads a reply and throws unless it has `code`; answers its lines.
    @discardableResult
    mutating func expect(_ code: Int) async throws -> [String] {
        let reply = try await next()
        guard reply.code == code else { throw SMTPError(reply: reply.lines.last ?? "") }
        return reply.lines
    }
}
