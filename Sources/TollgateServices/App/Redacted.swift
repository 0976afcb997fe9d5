import TollgateProviders

// What holds secrets (provider keys, the JWT and payment secrets, database and mail passwords, the bot token)
// describes itself without them: ServiceLifecycle logs every service's description at debug level, and a
// description made by reflection would print the whole configuration.

extension Configuration: CustomStringConvertible, CustomReflectable {
    public var description: String {
        "Configuration(host: \(host), port: \(port), database: \(databaseURL == nil ? "sqlite" : "postgres"))"
    }

    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

extension Services: CustomStringConvertible, CustomReflectable {
    public var description: String { "Services(\(configuration))" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

extension BackgroundWork: CustomStringConvertible {
    var description: String { "BackgroundWork" }
}

extension JobRunner: CustomStringConvertible {
    public var description: String { "JobRunner(\(owner))" }
}

extension WebhookDispatcher: CustomStringConvertible {
    var description: String { "WebhookDispatcher" }
}
