import Testing

@testable import TollgateCore

@Suite struct ConfigJSONTests {
    @Test func dallE3CarriesTheElumentaKeys() throws {
        let config = try #require(Shipped.model("dall-e-3").configJSON().objectValue)
        #expect(config["sizes"] == ["1024x1024", "1024x1792", "1792x1024"])
        #expect(config["formats"] == ["png", "webp", "jpeg"])  // DALL-E 3 makes PNG; the others are converted
        #expect(config["quality_options"] == ["standard", "hd"])
        #expect(config["styles"] == ["vivid", "natural"])
        #expect(config["defaults"] == ["size": "1024x1024", "quality": "standard", "style": "vivid", "format": "png"])
    }

    /// Without a converter a model takes only what its upstream makes, keeping its default where it can.
    @Test func withoutConversionAModelTakesItsUpstreamsFormats() throws {
        let narrowed = try Catalog.bundled().withoutConversion()
        for (slug, formats, format) in [
            ("dall-e-3", ["png"], "png"), ("recraft-v3", ["webp"], "webp"), ("photon", ["jpeg", "png"], "jpeg"),
            ("gpt-image-1.5", ["webp", "png", "jpeg"], "webp"),
        ] {
            let config = try #require(narrowed.model(slug)?.configJSON().objectValue)
            #expect(config["formats"] == .array(formats.map(JSONValue.string)), "\(slug)")
            #expect(config["defaults"]?.objectValue?["format"] == .string(format), "\(slug)")
        }
        #expect(narrowed.models.count == 52 && narrowed.model("midjourney-turbo")?.slug == "midjourney")
        let spec = try #require(Shipped.model("dall-e-3").param("format"))
        #expect(spec.upstreamValue(for: "webp") == "png" && spec.upstreamValue(for: "png") == "png")
        #expect(try #require(Shipped.model("gpt-image-1.5").param("format")).upstreamValue(for: "jpeg") == "jpeg")
    }

    @Test func upstreamValuesMustBeSomeOfTheValues() {
        for upstream: [JSONValue] in [[], ["gif"]] {
            let spec = ParamSpec(name: "format", type: .string, values: ["png", "webp"], upstreamValues: upstream)
            #expect(spec.problem() == "param \"format\": upstream_values must be some of its values")
        }
        #expect(
            ParamSpec(name: "format", type: .string, values: ["png", "webp"], upstreamValues: ["png"]).problem() == nil)
    }

    @Test func paramsAreListedInCatalogOrderWithTheirRules() throws {
        let config = try #require(Shipped.model("gpt-5").configJSON().objectValue)
        let params = try #require(config["params"]?.arrayValue)
        #expect(
            params.compactMap { $0.objectValue?["name"]?.stringValue }
                == ["temperature", "max_tokens", "system_prompt", "reasoning_effort", "verbosity"])
        let temperature = try #require(params.first?.objectValue)
        #expect(temperature["type"] == "number")
        #expect(temperature["min"]?.doubleValue == 0)
        #expect(temperature["max"]?.doubleValue == 2)
        #expect(temperature["default"] == 0.7)
        #expect(temperature["required"] == false)
        let maxTokens = try #require(params[1].objectValue)
        #expect(maxTokens["max"] == 128000)
        #expect(maxTokens["default"] == nil)
    }

    @Test func pricingShowsTheWholeTable() throws {
        let config = try #require(Shipped.model("veo-3.1").configJSON().objectValue)
        #expect(config["durations"] == [8, 4, 6])
        let pricing = try #require(config["pricing"]?.objectValue)
        #expect(pricing["pricing_type"] == "per_second")
        #expect(pricing["axes"] == ["duration", "generate_audio"])
        #expect(pricing["table"]?.objectValue?["6"] == ["false": 125, "true": 250])
    }

    @Test func dubbingStatesTheLongestSource() throws {
        let config = try #require(Shipped.model("el-dubbing").configJSON().objectValue)
        #expect(config["max_source_seconds"] == 600)
        let pricing: JSONValue = ["type": "per_minute", "tokens_per_minute": 60, "min_minutes": 1, "max_minutes": 10]
        #expect(config["pricing"] == pricing)
    }

    @Test func voicesComeFromTheListOrTheExamples() throws {
        let openai = try #require(Shipped.model("openai-tts").configJSON().objectValue)
        #expect(openai["voices"]?.arrayValue?.contains("alloy") == true)
        let eleven = try #require(Shipped.model("elevenlabs-v2").configJSON().objectValue)
        #expect(eleven["voices"] == ["rachel", "adam", "bella", "josh"])
        let minimax = try #require(Shipped.model("minimax-tts").configJSON().objectValue)
        for voice: JSONValue in ["male-qn-qingse", "male-qn-jingying", "female-shaonv", "female-yujie"] {
            #expect(minimax["voices"]?.arrayValue?.contains(voice) == true)
        }
    }

    @Test(arguments: SpecCatalogTable.rows.map(\.slug))
    func everyConfigDescribesEveryParam(slug: String) throws {
        let entry = Shipped.model(slug)
        let config = try #require(entry.configJSON().objectValue)
        let params = try #require(config["params"]?.arrayValue)
        #expect(params.count == entry.params.count)
        #expect(config["pricing"] == entry.price.jsonValue)
        for (json, spec) in zip(params, entry.params) {
            #expect(json == spec.jsonValue)
        }
    }
}
