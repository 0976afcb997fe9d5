import Logging

/// One plain-text email with the single link it exists to deliver.
public struct MailMessage: Sendable, Equatable {
    public var to: String
    public var subject: String
    public var text: String
    /// The link in the message (verification or reset); the log mailer writes only this.
    public var link: String

    public init(to: String, subject: String, text: String, link: String) {
        self.to = to
        self.subject = subject
        self.text = text
        self.link = link
    }
}

/// Sends account emails. Implementations: `LogMailer` (the default: writes the link to the log) and
/// `SMTPMailer` (selected by `smtp.host`).
public protocol Mailer: Sendable {
    func send(_ message: MailMessage) async throws
}

/// The mailer of an instance without SMTP: the operator reads links from the log at notice level.
/// Only the recipient, subject and link are written; a message never carries a password.
public struct LogMailer: Mailer {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func send(_ message: MailMessage) async throws {
        logger.notice(
            "mail not sent: no SMTP configured",
            metadata: [
                "to": .string(message.to), "subject": .string(message.subject), "link": .string(message.link),
            ])
    }
}

/// The mailer `configuration` asks for: SMTP when `smtp.host` is set, else the log.
func configuredMailer(_ configuration: Configuration, logger: Logger) -> any Mailer {
    if let smtp = configuration.webAuth.smtp { return SMTPMailer(settings: smtp) }
    return LogMailer(logger: logger)
}
