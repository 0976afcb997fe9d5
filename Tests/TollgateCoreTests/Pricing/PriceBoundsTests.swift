import Testing

@testable import TollgateCore

@Suite struct PriceBoundsTests {
    @Test(arguments: SpecCatalogTable.rows)
    func boundsAndPricingTypeMatchSpec(row: SpecRow) {
        let price = Shipped.model(row.slug).price
        #expect(price.minPrice == row.minPrice)
        #expect(price.maxPrice == row.maxPrice)
        #expect(price.pricingType == row.pricingType)
        #expect(PriceRule.pricingTypes.contains(price.pricingType))
    }

    @Test(arguments: SpecCatalogTable.rows.filter { $0.minPrice == $0.maxPrice })
    func fixedModelsCostTheSameWhateverTheParams(row: SpecRow) throws {
        let entry = Shipped.model(row.slug)
        guard case .fixed(let tokens) = entry.price else {
            Issue.record("\(row.slug) should have a fixed price")
            return
        }
        #expect(tokens == row.minPrice)
        #expect(entry.defaultPrice == row.minPrice)
        #expect(entry.price.price(["anything": "at all"]) == row.minPrice)
    }

    @Test func midjourneyVideoBatchOfTwoCostsDouble() throws {
        let entry = Shipped.model("midjourney-video")
        for resolution in ["480p", "720p"] as [JSONValue] {
            let one = entry.price.price(try entry.resolveParams(["resolution": resolution, "batch_size": 1]))
            let two = entry.price.price(try entry.resolveParams(["resolution": resolution, "batch_size": 2]))
            #expect(two == one * 2)
        }
    }

    @Test func veoAudioDoublesThePrice() throws {
        let entry = Shipped.model("veo-3.1")
        for duration: JSONValue in [4, 6, 8] {
            let silent = entry.price.price(try entry.resolveParams(["duration": duration]))
            let loud = entry.price.price(try entry.resolveParams(["duration": duration, "generate_audio": true]))
            #expect(loud == silent * 2)
        }
    }
}
