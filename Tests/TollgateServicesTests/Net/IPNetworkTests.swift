import Testing

@testable import TollgateServices

/// CIDR ranges, as YooKassa's published notification networks are checked.
struct IPNetworkTests {
    @Test func yooKassasNetworksContainTheirAddressesOnly() {
        let networks = YooKassaSettings.publishedNetworks
        #expect(networks.count == 7)
        func trusted(_ address: String) -> Bool { networks.contains { $0.contains(address) } }
        #expect(trusted("185.71.76.1") && trusted("185.71.76.31") && !trusted("185.71.76.32"))
        #expect(trusted("77.75.156.11") && !trusted("77.75.156.12"))
        #expect(trusted("77.75.154.200") && !trusted("77.75.154.127"))
        #expect(trusted("2a02:5180::1") && trusted("2a02:5180:0:1509::10") && !trusted("2a02:5181::1"))
        #expect(trusted("::ffff:185.71.77.5"))  // IPv4-mapped, as a dual-stack socket reports it
        #expect(!trusted("127.0.0.1") && !trusted("10.0.0.1") && !trusted("unknown") && !trusted(""))
    }

    @Test func parsing() {
        #expect(IPNetwork("10.0.0.0/8")?.contains("10.255.1.2") == true)
        #expect(IPNetwork("0.0.0.0/0")?.contains("8.8.8.8") == true)
        #expect(IPNetwork("10.0.0.0/33") == nil && IPNetwork("10.0.0/8") == nil && IPNetwork("x") == nil)
        #expect(IPNetwork("::1")?.contains("::1") == true && IPNetwork("::1")?.contains("::2") == false)
        #expect(IPNetwork("185.71.76.0/27")?.description == "185.71.76.0/27")
    }
}

/// Invoice texts fit the Bot API's limits, which count UTF-16 units.
struct InvoiceTextTests {
    @Test func titlesAreCutToWholeCharactersWithinTheLimit() {
        #expect(BillingService.clipped("Light", utf16: 32) == "Light")
        let emoji = String(repeating: "💎", count: 20)  // two UTF-16 units each
        let title = BillingService.clipped(emoji, utf16: 32)
        #expect(title.utf16.count == 32 && title.count == 16)
        #expect(BillingService.clipped("ab💎", utf16: 3) == "ab")
    }
}
