import ArgumentParser
import Foundation
import Logging
import TollgateServices

/// `tollgate doctor`: checks the setup a server would run with and says what to fix; exits 1 on a problem.
struct Doctor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check configuration, database, migrations, file storage, providers and payment channels.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Check against a running provider simulator (tollgate simulate), as serve --simulator does.")
    var simulator: String?

    func run() async throws {
        Swift.print("tollgate doctor \(TollgateVersion.current)")
        let configuration: Configuration
        do {
            var extra: [String: String] = [:]
            extra["simulator"] = simulator
            configuration = try common.configuration(extra: extra)
        } catch {
            Self.show(DoctorCheck("configuration", .problem, "\(StartupFailure.readable(error))"))
            throw ExitCode(1)
        }
        var logger = Logger(label: "tollgate-doctor")
        logger.logLevel = .critical
        let checks = await TollgateServices.Doctor(configuration: configuration, logger: logger).run()
        checks.forEach(Self.show)
        let problems = checks.filter { $0.status == .problem }.count
        let warnings = checks.filter { $0.status == .warning }.count
        Swift.print("\(problems) problem(s), \(warnings) warning(s)")
        if problems > 0 { throw ExitCode(1) }
    }

    static func show(_ check: DoctorCheck) {
        let status = check.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
        let area = check.area.padding(toLength: max(20, check.area.count), withPad: " ", startingAt: 0)
        Swift.print("\(status) \(area) \(check.detail)")
    }
}
