import Testing

@testable import TollgateCore

@Suite struct PriceQuoteTests {
    @Test func elumentaCalculatePriceExample() throws {
        let quote = try Shipped.model("dall-e-3").quote(["size": "1792x1024", "quality": "hd"], count: 1)
        #expect(quote == PriceQuote(tokenCost: 13, minTokenCost: 5, maxTokenCost: 13, pricingType: "matrix"))
        #expect(
            quote.jsonValue
                == ["token_cost": 13, "min_token_cost": 5, "max_token_cost": 13, "pricing_type": "matrix"])
    }

    @Test func countMultipliesCostAndBounds() throws {
        let quote = try Shipped.model("dall-e-3").quote(["size": "1792x1024", "quality": "hd"], count: 3)
        #expect(quote == PriceQuote(tokenCost: 39, minTokenCost: 15, maxTokenCost: 39, pricingType: "matrix"))
        let ten = try Shipped.model("gpt-5.2-pro").quote([:], count: 10)
        #expect(ten == PriceQuote(tokenCost: 390, minTokenCost: 390, maxTokenCost: 390, pricingType: "fixed"))
    }

    @Test func countDefaultsToOne() throws {
        #expect(try Shipped.model("sora-2").quote(["duration": 12]).tokenCost == 125)
    }

    /// SPEC §5: every model is priced from its price params alone — no `image_url`, TTS `text` or tool input
    /// needed — while a bad value of a param that is given is still refused.
    @Test func everyModelIsPricedWithoutItsContent() throws {
        for model in Shipped.catalog.models {
            let quote = try model.quote([:])
            #expect(quote.minTokenCost <= quote.tokenCost && quote.tokenCost <= quote.maxTokenCost, "\(model.slug)")
        }
        #expect(try Shipped.model("upscale").quote([:]).tokenCost > 0)
        let fields = validationFields { () throws(APIError) in
            _ = try Shipped.model("upscale").quote(["image_url": 7])
        }
        #expect(fields?.keys.sorted() == ["params.image_url"])
    }

    @Test(arguments: [0, -1, 11, 1000])
    func countOutsideOneToTenIsRejected(count: Int) {
        let fields = validationFields { () throws(APIError) in
            _ = try Shipped.model("dall-e-3").quote([:], count: count)
        }
        #expect(fields == ["count": "must be an integer from 1 to 10"])
    }

    @Test func badParamsAndBadCountAreReportedTogether() {
        let fields = validationFields { () throws(APIError) in
            _ = try Shipped.model("dall-e-3").quote(["size": "512x512", "colour": "red"], count: 11)
        }
        #expect(fields?.keys.sorted() == ["count", "params.colour", "params.size"])
    }

    @Test(arguments: SpecCatalogTable.rows)
    func quoteWithDefaultsStaysWithinBounds(row: SpecRow) throws {
        let entry = Shipped.model(row.slug)
        let quote = try entry.quote(CatalogFixtures.minimalParams(for: entry), count: 2)
        #expect(quote.minTokenCost <= quote.tokenCost)
        #expect(quote.tokenCost <= quote.maxTokenCost)
        #expect(quote.tokenCost == entry.defaultPrice * 2)
        #expect(quote.pricingType == row.pricingType)
    }
}
