import Testing

@testable import TollgateCore

@Suite struct PerMinutePriceTests {
    @Test(
        arguments: [
            (0.5, 60), (1, 60), (59.9, 60), (60, 60), (61, 120), (119.99, 120), (120, 120), (120.01, 180),
            (540, 540), (599, 600), (600, 600), (601, 600), (3600, 600),
        ] as [(Double, Int64)])
    func dubbingChargesStartedMinutesClamped(seconds: Double, tokens: Int64) {
        let price = Shipped.model("el-dubbing").price
        #expect(price.price(forSourceSeconds: seconds) == tokens)
    }

    @Test(arguments: [0, -5, Double.nan, -Double.infinity, Double.infinity])
    func unmeasurableLengthsChargeTheMinimum(seconds: Double) {
        let rule = PerMinutePrice(tokensPerMinute: 60, minMinutes: 1, maxMinutes: 10)
        #expect(rule.price(forSourceSeconds: seconds) == 60)
    }

    @Test func holdIsTheMaximumAndTheRuleIsMeasured() throws {
        let entry = Shipped.model("el-dubbing")
        #expect(entry.price.isMeasured)
        #expect(entry.price.pricingType == "per_minute")
        let resolved = try entry.resolveParams(["source_url": "https://example.com/talk.mp4", "target_language": "es"])
        #expect(entry.price.price(resolved) == 600)
        #expect(entry.price.minPrice == 60)
        #expect(entry.price.maxPrice == 600)
        guard case .perMinute(let rule) = entry.price else {
            Issue.record("el-dubbing should be priced per minute")
            return
        }
        #expect(rule.maxSourceSeconds == 600)
    }

    @Test func otherRulesHaveNoMeasuredPrice() {
        #expect(Shipped.model("dall-e-3").price.price(forSourceSeconds: 60) == nil)
        #expect(Shipped.model("whisper").price.price(forSourceSeconds: 60) == nil)
        #expect(!Shipped.model("sora-2").price.isMeasured)
    }
}
