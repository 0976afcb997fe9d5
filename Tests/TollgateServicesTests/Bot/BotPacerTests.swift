import Testing

@testable import TollgateServices

/// The bot's pacing (SPEC §15): one message a second to a chat, thirty a second in all.
@Suite struct BotPacerTests {
    @Test func thirtyASecondInAllAndOneASecondPerChat() async {
        let pacer = BotPacer()
        var slots: [ContinuousClock.Instant] = []
        for chat in 0..<90 { slots.append(await pacer.reserve(chat: Int64(chat))) }
        // No window of one second holds more than thirty.
        for (index, slot) in slots.enumerated() where index + 30 < slots.count {
            #expect(slots[index + 30] - slot >= .seconds(1) - .milliseconds(1))
        }
        #expect(slots[89] - slots[0] >= .milliseconds(2_900))
        let first = await pacer.reserve(chat: 7)
        let second = await pacer.reserve(chat: 7)
        #expect(second - first >= .seconds(1))
    }
}
