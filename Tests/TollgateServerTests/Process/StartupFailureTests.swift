import Foundation
import Testing
import TollgateTestSupport

@testable import TollgateServices

/// A new operator's first hour: every start failure of the real binary is one line saying what is wrong and
/// what to do, never a type dump or a bare errno.
@Suite struct StartupFailureTests {
    /// The output's last non-empty line, and how many error lines there are.
    static func verdict(_ output: String) -> (last: String, errors: Int) {
        let lines = output.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        return (lines.last ?? "", lines.filter { $0.hasPrefix("Error:") }.count)
    }

    @Test func aPortInUseNamesThePort() async throws {
        let scratch = try await TestDatabase.sqlite.makeScratch()
        let running = try await TollgateProcess.serve(["--data", scratch.directory, "--port", "0"])
        let port = try #require(running.url.split(separator: ":").last.map(String.init))
        let (status, output) = try await TollgateProcess.run(["serve", "--data", scratch.directory, "--port", port])
        running.stop()
        #expect(status != 0)
        let (last, errors) = Self.verdict(output)
        #expect(errors == 1)
        #expect(last.contains("port \(port) on 127.0.0.1 is already in use") && last.contains("--port"), "\(output)")
        #expect(!output.contains("errno"))
        await scratch.remove()
    }

    @Test func anUnreachableDatabaseIsOneLineAtOnce() async throws {
        let scratch = try await TestDatabase.sqlite.makeScratch()
        let url = "postgres://tollgate:hunter2@127.0.0.1:1/tollgate"
        let (status, output) = try await TollgateProcess.run(["serve", "--data", scratch.directory, "--database", url])
        #expect(status != 0)
        let (last, errors) = Self.verdict(output)
        #expect(errors == 1)
        #expect(last.contains("cannot reach PostgreSQL at 127.0.0.1:1 (connection refused)"), "\(output)")
        #expect(!output.contains("hunter2") && !output.contains("ConnectionPoolError") && !output.contains("PSQLError"))
        await scratch.remove()
    }

    @Test func versionAndDoctorAnswerOnTheCommandLine() async throws {
        let (status, output) = try await TollgateProcess.run(["--version"])
        #expect(status == 0 && output.trimmingCharacters(in: .whitespacesAndNewlines) == TollgateVersion.current)

        let scratch = try await TestDatabase.sqlite.makeScratch()
        let broken = try await TollgateProcess.run([
            "doctor", "--data", scratch.directory, "--database", "postgres://x@127.0.0.1:1/x",
        ])
        #expect(broken.status == 1)
        #expect(broken.output.contains("problem  database") && broken.output.contains("connection refused"))
        let fine = try await TollgateProcess.run(["doctor", "--data", scratch.directory])
        #expect(fine.status == 0, "\(fine.output)")
        #expect(fine.output.contains("0 problem(s)"))
        await scratch.remove()
    }

    /// Issue 24 §2: at `--log-level trace` (the start-up service descriptions included) no secret is printed.
    @Test func noSecretReachesTheLogAtAnyLevel() async throws {
        let scratch = try await TestDatabase.sqlite.makeScratch()
        let secrets = [
            "TOLLGATE_PROVIDERS_OPENAI_API_KEY": "sk-openai-SECRET-1",
            "TOLLGATE_JWT_SECRET": "jwt-SECRET-2-jwt-SECRET-2-jwt-SECRET-2-xx",
            "TOLLGATE_SMTP_HOST": "127.0.0.1", "TOLLGATE_SMTP_FROM": "noreply@example.com",
            "TOLLGATE_SMTP_PASSWORD": "smtp-SECRET-4", "TOLLGATE_TELEGRAM_BOT_TOKEN": "123:bot-SECRET-5",
            "TOLLGATE_TELEGRAM_WEBHOOK_SECRET": "hook-SECRET-6", "TOLLGATE_YOOKASSA_SHOP_ID": "12345",
            "TOLLGATE_YOOKASSA_SECRET_KEY": "test_yk-SECRET-7",
        ]
        let process = Process()
        let pipe = Pipe()
        process.executableURL = TollgateProcess.executable
        process.arguments = ["serve", "--data", scratch.directory, "--port", "0", "--log-level", "trace"]
        process.environment = ProcessInfo.processInfo.environment.merging(secrets) { $1 }
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        try await Task.sleep(for: .seconds(3))
        process.terminate()
        let output = await Task.detached { () -> String in
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }.value
        #expect(output.contains("listening on"), "\(output.suffix(2000))")
        #expect(output.contains("trace"))
        #expect(!output.contains("SECRET"), "\(output)")
        await scratch.remove()
    }
}
