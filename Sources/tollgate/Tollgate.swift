import ArgumentParser
import TollgateServices

/// The `tollgate` command line.
@main
struct Tollgate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tollgate",
        abstract: "A self-hosted AI aggregator: one API, one token balance, 52 models.",
        version: TollgateVersion.current,
        subcommands: [
            Serve.self, Migrate.self, Doctor.self, Accounts.self, Keys.self, Ledger.self, Payments.self, Telegram.self,
            Simulate.self,
            Demo.self,
        ],
        defaultSubcommand: Serve.self
    )

    /// ArgumentParser's own entry point, except that a failure is told as `StartupFailure` reads it.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: StartupFailure.readable(error))
        }
    }
}
