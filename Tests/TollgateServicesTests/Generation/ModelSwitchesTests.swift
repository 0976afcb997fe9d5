import Testing
import TollgateCore
import TollgateTestSupport

@testable import TollgateServices

/// Switching models off at run time (SPEC §14): a switch made here holds at once, and a refresh whose read began
/// before it cannot undo it.
@Suite struct ModelSwitchesTests {
    @Test(arguments: TestDatabase.available)
    func aSwitchSurvivesARefreshThatReadBeforeIt(_ database: TestDatabase) async throws {
        let app = try await TestApp.make(database)
        let switches = app.services.generations.switches
        let admin = try await app.services.accounts.create(email: "boss@example.com", planCode: "free")
        // Refreshes racing the switch, as the background work's once-a-second refresh does.
        async let racing: Void = {
            for _ in 0..<50 { try await switches.refresh() }
        }()
        try await switches.set(
            "gpt-5-nano", enabled: false,
            audit: AdminAudit(adminID: admin.id, action: "disable_model", target: "gpt-5-nano", details: "", now: 1))
        try await racing
        #expect(switches.isDisabled("gpt-5-nano"))
        try await switches.refresh()
        #expect(switches.isDisabled("gpt-5-nano"))
        // Another instance's switches learn it from the database.
        let other = ModelSwitches(store: app.services.store)
        try await other.refresh()
        #expect(other.isDisabled("gpt-5-nano") && !other.isDisabled("gpt-5"))
        await app.close()
    }
}
