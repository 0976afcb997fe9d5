import ArgumentParser
import TollgateCore
import TollgateServer
import TollgateServices
import TollgateStore

/// `tollgate accounts …`: operator commands on accounts.
struct Accounts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create and inspect accounts.",
        subcommands: [Create.self, Show.self, Grant.self, SetPlan.self, SetRole.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account; prints its id.")

        @OptionGroup var common: CommonOptions
        @Option(help: "Email address of the account.") var email: String
        @Option(help: "Plan code: free, basic, pro, vip or elite.") var plan: String = "free"
        @Option(help: "Extra package tokens to grant.") var tokens: Int64 = 0
        @Option(help: "Display name.") var name: String?

        func run() async throws {
            let account = try await common.withServices { services in
                try await services.accounts.create(email: email, name: name, planCode: plan, extraTokens: tokens)
            }
            print(account.id)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print an account's plan and buckets.")

        @OptionGroup var common: CommonOptions
        @Option(help: "Email address of the account.") var account: String

        func run() async throws {
            let record = try await common.withServices { services in try await services.accounts.find(email: account) }
            print("id: \(record.id)")
            print("email: \(record.email)")
            print("plan: \(record.plan)")
            print("plan_expires_at: \(record.planExpiresAt?.iso8601 ?? "none")")
            print("subscription_tokens: \(record.subscriptionTokens)")
            print("package_tokens: \(record.packageTokens)")
            print("held_tokens: \(record.heldTokens)")
            print("available_tokens: \(record.availableTokens)")
            print("role: \(record.role)")
            print("blocked: \(record.blockedAt.map { $0.iso8601 } ?? "no")")
        }
    }

    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an account an admin of the web admin area (/admin), or a user again.")

        @OptionGroup var common: CommonOptions
        @Option(help: "Email address of the account.") var account: String
        @Option(help: "admin or user.") var role: String

        func run() async throws {
            let record = try await common.withServices { services in
                try await services.admin.setRole(email: account, role: role)
            }
            print("\(record.email): \(record.role)")
        }
    }
}

extension Accounts {
    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add (or with a negative number, remove) tokens as a ledger entry.")

        @OptionGroup var common: CommonOptions
        @Option(help: "Email address of the account.") var account: String
        // Unconditional: `--tokens -5` is a negative number, not an unknown option.
        @Option(parsing: .unconditional, help: "Tokens to add; negative to remove.") var tokens: Int64
        @Option(help: "package (never expires) or subscription (lapses with the cycle).") var bucket: String = "package"
        @Option(help: "Why, recorded in the ledger.") var reason: String

        func run() async throws {
            guard let bucket = TokenBucket(rawValue: bucket), bucket != .hold else {
                throw ValidationError("--bucket must be package or subscription")
            }
            let record = try await common.withServices { services in
                let account = try await services.accounts.find(email: account)
                return try await services.ledger.grant(
                    accountID: account.id, tokens: tokens, bucket: bucket, reason: reason)
            }
            print("subscription_tokens: \(record.subscriptionTokens)")
            print("package_tokens: \(record.packageTokens)")
        }
    }

    struct SetPlan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-plan", abstract: "Put an account on a plan, starting a new cycle at once.")

        @OptionGroup var common: CommonOptions
        @Option(help: "Email address of the account.") var account: String
        @Option(help: "Plan code: free, basic, pro, vip or elite.") var plan: String

        func run() async throws {
            let record = try await common.withServices { services in
                let account = try await services.accounts.find(email: account)
                let updated = try await services.ledger.startPlan(
                    accountID: account.id, planCode: plan, reason: "set by operator")
                services.authenticator.invalidate(accountID: account.id)
                return updated
            }
            print("plan: \(record.plan)")
            print("plan_expires_at: \(record.planExpiresAt?.iso8601 ?? "none")")
            print("subscription_tokens: \(record.subscriptionTokens)")
        }
    }
}

/// `tollgate ledger …`: checks on the token ledger.
struct Ledger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check the token ledger.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify every bucket equals the sum of its entries and open holds match pending generations.")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let problems = try await common.withServices { services in try await services.ledger.check() }
            for problem in problems { print(problem) }
            if problems.isEmpty {
                print("ledger ok")
            } else {
                print("\(problems.count) problem(s)")
                throw ExitCode.failure
            }
        }
    }
}

/// `tollgate keys …`: operator commands on API keys.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list and revoke API keys.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key; prints the secret alone on the last line.")

        @OptionGroup var common: CommonOptions
        @Option(help: "Email address of the account.") var account: String
        @Option(help: "A name for the key.") var name: String?

        func run() async throws {
            let key = try await common.withServices { services in
                let record = try await services.accounts.find(email: account)
                return try await services.keys.create(accountID: record.id, name: name)
            }
            print("created key \(key.id) (\(key.name)); it is shown only once:")
            print(key.key)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List an account's live keys.")

        @OptionGroup var common: CommonOptions
        @Option(help: "Email address of the account.") var account: String

        func run() async throws {
            let keys = try await common.withServices { services in
                try await services.keys.list(accountID: try await services.accounts.find(email: account).id)
            }
            for key in keys {
                print(
                    "\(key.id)\t\(key.prefix)…\t\(key.name)\tcreated \(key.createdAt)\tlast used \(key.lastUsedAt ?? "never")"
                )
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key at once.")

        @OptionGroup var common: CommonOptions
        @Option(help: "Email address of the account.") var account: String
        @Option(help: "The key's id.") var id: Int64

        func run() async throws {
            try await common.withServices { services in
                try await services.keys.revoke(
                    accountID: try await services.accounts.find(email: account).id, keyID: id)
            }
            print("revoked key \(id)")
        }
    }
}
