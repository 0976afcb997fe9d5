import ArgumentParser
import TollgateServices

/// The `tollgate` command line.
@main
struct Tollgate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tollgate",
        abstract: "A self-hosted AI aggregator: one API, one token balance, 52 models.",
        subcommands: [
            Serve.self, Migrate.self, Accounts.self, Keys.self, Ledger.self, Payments.self, Telegram.self,
            Simulate.self,
            Demo.self,
        ],
        defaultSubcommand: Serve.self
    )
}
