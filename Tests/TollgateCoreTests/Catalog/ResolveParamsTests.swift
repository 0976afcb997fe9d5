import Testing

@testable import TollgateCore

@Suite struct ResolveParamsTests {
    private let dalle = Shipped.model("dall-e-3")

    @Test func fillsEveryDefault() throws {
        let resolved = try dalle.resolveParams([:])
        #expect(resolved == ["size": "1024x1024", "quality": "standard", "style": "vivid", "format": "png"])
        #expect(resolved == dalle.defaultParams)
    }

    @Test func keepsGivenValuesAndFillsTheRest() throws {
        let resolved = try dalle.resolveParams(["size": "1792x1024", "quality": "hd"])
        #expect(resolved == ["size": "1792x1024", "quality": "hd", "style": "vivid", "format": "png"])
    }

    @Test func valueOutsideTheSetNamesTheFieldAndTheAllowedValues() {
        let fields = validationFields { () throws(APIError) in _ = try dalle.resolveParams(["size": "2048x2048"]) }
        #expect(fields == ["params.size": "must be one of 1024x1024, 1024x1792, 1792x1024"])
    }

    @Test func errorRendersAsTheSpecEnvelope() {
        do {
            _ = try dalle.resolveParams(["quality": "ultra"])
            Issue.record("expected a 422")
        } catch {
            #expect(error.code == "validation_error")
            #expect(error.side == .caller)
            #expect(error.envelope.objectValue?["error"] == "validation_error")
            #expect(
                error.envelope.objectValue?["details"]
                    == ["fields": ["params.quality": "must be one of standard, hd"]])
        }
    }

    @Test func unknownParamIsRejectedNamingTheAllowedOnes() {
        let fields = validationFields { () throws(APIError) in _ = try dalle.resolveParams(["colour": "red"]) }
        #expect(fields == ["params.colour": "is not a parameter of this model (allowed: size, quality, style, format)"])
    }

    @Test func everyBadFieldIsReportedAtOnce() {
        let fields = validationFields { () throws(APIError) in
            _ = try dalle.resolveParams(["size": "1x1", "quality": 3, "style": nil, "steps": 30])
        }
        #expect(fields?.keys.sorted() == ["params.quality", "params.size", "params.steps"])
    }

    @Test func nullMeansAbsent() throws {
        let resolved = try dalle.resolveParams(["style": nil])
        #expect(resolved["style"] == "vivid")
        let text = try Shipped.model("gpt-5").resolveParams(["max_tokens": nil])
        #expect(text["max_tokens"] == nil)
    }

    @Test func requiredParamsMustBeGiven() throws {
        let upscale = validationFields { () throws(APIError) in _ = try Shipped.model("upscale").resolveParams([:]) }
        #expect(upscale == ["params.image_url": "is required"])
        // A video's start frame is optional: Kling v2.1 makes one from text too.
        #expect(try Shipped.model("kling-v2.1").resolveParams([:])["aspect_ratio"] == "16:9")
        let tts = validationFields { () throws(APIError) in
            _ = try Shipped.model("openai-tts").resolveParams(["text": nil])
        }
        #expect(tts == ["params.text": "is required"])
        let dubbing = validationFields { () throws(APIError) in _ = try Shipped.model("el-dubbing").resolveParams([:]) }
        #expect(dubbing?.keys.sorted() == ["params.source_url", "params.target_language"])
    }

    @Test(
        arguments: [
            ("temperature", 0, true), ("temperature", 2, true), ("temperature", 0.7, true),
            ("temperature", 2.01, false),
            ("temperature", -0.1, false), ("temperature", "hot", false), ("temperature", true, false),
            ("max_tokens", 1, true), ("max_tokens", 128000, true), ("max_tokens", 0, false),
            ("max_tokens", 128001, false),
            ("max_tokens", 1.5, false), ("max_tokens", "100", false),
            ("reasoning_effort", "high", true), ("reasoning_effort", "xhigh", false),
            ("system_prompt", "Be brief.", true), ("system_prompt", 42, false),
        ] as [(String, JSONValue, Bool)])
    func textParamRanges(name: String, value: JSONValue, accepted: Bool) {
        let fields = validationFields { () throws(APIError) in
            _ = try Shipped.model("gpt-5").resolveParams([name: value])
        }
        #expect((fields == nil) == accepted)
        if !accepted { #expect(fields?.keys.sorted() == ["params." + name]) }
    }

    @Test func wholeDoublesBecomeIntegers() throws {
        let resolved = try Shipped.model("gpt-5").resolveParams(["max_tokens": 100.0])
        #expect(resolved["max_tokens"] == .int(100))
        let luma = try Shipped.model("luma-ray2").resolveParams(["duration": 9.0])
        #expect(luma["duration"] == .int(9))
    }

    @Test(arguments: [5, 9] as [JSONValue])
    func integerEnumAcceptsListedValues(duration: JSONValue) throws {
        #expect(try Shipped.model("luma-ray2-flash").resolveParams(["duration": duration])["duration"] == duration)
    }

    @Test(arguments: [7, 10, "5", "5s", 5.5] as [JSONValue])
    func integerEnumRejectsOthers(duration: JSONValue) {
        let fields = validationFields { () throws(APIError) in
            _ = try Shipped.model("luma-ray2-flash").resolveParams(["duration": duration])
        }
        #expect(fields == ["params.duration": "must be one of 5, 9"])
    }

    @Test func booleansMustBeBooleans() {
        let fields = validationFields { () throws(APIError) in
            _ = try Shipped.model("veo-3.1").resolveParams(["generate_audio": "true"])
        }
        #expect(fields == ["params.generate_audio": "must be true or false"])
    }

    @Test func textLengthIsCheckedInCharacters() throws {
        let flash = Shipped.model("elevenlabs-flash")
        _ = try flash.resolveParams(["text": .string(String(repeating: "я", count: 5000))])
        let tooLong = validationFields { () throws(APIError) in
            _ = try flash.resolveParams(["text": .string(String(repeating: "a", count: 5001))])
        }
        #expect(tooLong == ["params.text": "must be a non-empty string of at most 5000 characters"])
        let empty = validationFields { () throws(APIError) in _ = try flash.resolveParams(["text": ""]) }
        #expect(empty == ["params.text": "must be a non-empty string of at most 5000 characters"])
    }

    @Test(arguments: [
        ("https://example.com/a.png", true), ("http://10.0.0.1:8080/x", true), ("HTTPS://EXAMPLE.COM", true),
        ("ftp://example.com/a.png", false), ("https://", false), ("https://a b.png", false), ("example.com", false),
        ("javascript:alert(1)", false), ("", false),
    ])
    func urlsMustBeWebURLs(url: String, accepted: Bool) {
        let fields = validationFields { () throws(APIError) in
            _ = try Shipped.model("upscale").resolveParams(["image_url": .string(url)])
        }
        #expect((fields == nil) == accepted)
    }

    @Test func stopTakesAStringOrAShortList() throws {
        let claude = Shipped.model("claude-haiku-4.5")
        #expect(try claude.resolveParams(["stop": "END"])["stop"] == ["END"])
        #expect(try claude.resolveParams(["stop": ["a", "b"]])["stop"] == ["a", "b"])
        for bad: JSONValue in [["a", "b", "c", "d", "e"], [], [1], ["ok", ""], 7] {
            let fields = validationFields { () throws(APIError) in _ = try claude.resolveParams(["stop": bad]) }
            #expect(fields?.keys.sorted() == ["params.stop"], "\(bad.catalogText)")
        }
    }

    @Test func dialogueLinesAreChecked() throws {
        let dialogue = Shipped.model("el-dialogue")
        let good: JSONValue = [["text": "Hi!", "voice_id": "rachel"], ["text": "Hello.", "voice_id": "adam"]]
        #expect(try dialogue.resolveParams(["inputs": good])["inputs"] == good)
        let long = JSONValue.string(String(repeating: "a", count: 2501))
        let bad: [JSONValue] = [
            [], "Hi", [["text": "Hi!"]], [["text": "", "voice_id": "rachel"]],
            [["text": "Hi", "voice_id": "rachel", "speed": 2]],
            [["text": long, "voice_id": "rachel"], ["text": long, "voice_id": "adam"]],
        ]
        for value in bad {
            let fields = validationFields { () throws(APIError) in _ = try dialogue.resolveParams(["inputs": value]) }
            #expect(fields?.keys.sorted() == ["params.inputs"], "\(value.catalogText)")
        }
    }

    @Test func diarizeIsOnlyForScribe() throws {
        _ = try Shipped.model("elevenlabs-scribe").resolveParams(["diarize": true, "language": "ru"])
        let fields = validationFields { () throws(APIError) in
            _ = try Shipped.model("whisper").resolveParams(["diarize": true])
        }
        #expect(fields?.keys.sorted() == ["params.diarize"])
    }

    @Test(arguments: SpecCatalogTable.rows.map(\.slug))
    func everyModelResolvesItsMinimalParamsToItsDefaults(slug: String) throws {
        let entry = Shipped.model(slug)
        let minimal = CatalogFixtures.minimalParams(for: entry)
        let resolved = try entry.resolveParams(minimal)
        #expect(resolved == entry.defaultParams.merging(minimal) { _, given in given })
        #expect(entry.price.price(resolved) == entry.defaultPrice)
    }

    @Test(arguments: SpecCatalogTable.rows.map(\.slug))
    func everyListedValueOfEveryParamIsAccepted(slug: String) throws {
        let entry = Shipped.model(slug)
        let minimal = CatalogFixtures.minimalParams(for: entry)
        for spec in entry.params {
            for value in spec.values ?? [CatalogFixtures.sample(for: spec)] {
                var params = minimal
                params[spec.name] = value
                let resolved = try entry.resolveParams(params)
                #expect(resolved[spec.name] == CatalogFixtures.canonical(value, for: spec), "\(slug).\(spec.name)")
                let price = entry.price.price(resolved)
                #expect(entry.price.minPrice <= price && price <= entry.price.maxPrice)
            }
        }
    }

    @Test(arguments: SpecCatalogTable.rows.map(\.slug))
    func everyParamRejectsAValueOfTheWrongType(slug: String) {
        let entry = Shipped.model(slug)
        let minimal = CatalogFixtures.minimalParams(for: entry)
        for spec in entry.params {
            var params = minimal
            params[spec.name] = spec.type == .boolean ? "yes" : ["nested": true]
            let fields = validationFields { () throws(APIError) in _ = try entry.resolveParams(params) }
            #expect(fields == ["params." + spec.name: spec.invalidReason], "\(slug).\(spec.name)")
        }
    }
}
