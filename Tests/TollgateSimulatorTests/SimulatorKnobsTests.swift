import Hummingbird
import Testing

@testable import TollgateSimulator

@Suite("Knobs, directives and headers")
struct SimulatorKnobsTests {
    @Test func directiveSetsEveryKnob() {
        let overrides = SimulatorDirective.parse(
            "before [[sim latency_ms=100 chunk_ms=20 chunks=64 error=500 error_rate=0.5 stall_after=3 cut_after=4 error_after=2]] after"
        )
        let knobs = SimulatorKnobs().applying(overrides)
        #expect(knobs.latencyMs == 100)
        #expect(knobs.chunkIntervalMs == 20)
        #expect(knobs.chunks == 64)
        #expect(knobs.errorStatus == 500)
        #expect(knobs.errorRate == 0.5)
        #expect(knobs.stallAfter == 3)
        #expect(knobs.cutAfter == 4)
        #expect(knobs.errorAfter == 2)
    }

    @Test func directiveSubsetsKeepTheRest() {
        var defaults = SimulatorKnobs()
        defaults.latencyMs = 7
        defaults.chunks = 3
        let knobs = defaults.applying(SimulatorDirective.parse("[[sim chunks=5 colour=blue]]"))
        #expect(knobs.latencyMs == 7)
        #expect(knobs.chunks == 5)
    }

    @Test func unknownKeysAndUnreadableValuesAreIgnored() {
        let overrides = SimulatorDirective.parse("[[sim foo=1 chunks=many latency_ms= error_rate=nan bare]]")
        #expect(overrides.isEmpty)
    }

    @Test func noneClearsARunDefault() {
        var defaults = SimulatorKnobs()
        defaults.errorStatus = 503
        defaults.stallAfter = 2
        let knobs = defaults.applying(SimulatorDirective.parse("[[sim error=none stall_after=off]]"))
        #expect(knobs.errorStatus == nil)
        #expect(knobs.stallAfter == nil)
    }

    @Test func laterDirectivesWinAndLookalikesAreNotDirectives() {
        let overrides = SimulatorDirective.parse(
            "[[sim chunks=2]] [[simulate chunks=9]] [[sim chunks=4]] [[sim chunks=6")
        #expect(overrides.chunks == 4)
        #expect(SimulatorDirective.parse("[[sim]]").isEmpty)
    }

    @Test func directivesAreFoundInRawJSONBodies() {
        let body = ByteBuffer(string: #"{"messages":[{"role":"user","content":"hi [[sim error=429 chunk_ms=5]]"}]}"#)
        let overrides = SimulatorDirective.parse(body.readableBytesView)
        #expect(overrides.errorStatus == .some(429))
        #expect(overrides.chunkIntervalMs == 5)
    }

    @Test func stripRemovesDirectives() {
        #expect(SimulatorDirective.strip("tell [[sim chunks=2]]me [[sim error=500]]") == "tell me ")
        #expect(SimulatorDirective.strip("nothing here") == "nothing here")
    }

    @Test func headersSetKnobs() {
        var headers = HTTPFields()
        headers[.init("X-Sim-Latency-Ms")!] = "10"
        headers[.init("X-Sim-Chunk-Ms")!] = "2"
        headers[.init("X-Sim-Chunks")!] = "12"
        headers[.init("X-Sim-Error")!] = "503"
        headers[.init("X-Sim-Error-Rate")!] = "0.25"
        headers[.init("X-Sim-Stall-After")!] = "1"
        headers[.init("X-Sim-Cut-After")!] = "2"
        headers[.init("X-Sim-Error-After")!] = "3"
        headers[.init("X-Other")!] = "1"
        let knobs = SimulatorKnobs().applying(KnobOverrides(headers: headers))
        #expect(knobs.latencyMs == 10)
        #expect(knobs.chunkIntervalMs == 2)
        #expect(knobs.chunks == 12)
        #expect(knobs.errorStatus == 503)
        #expect(knobs.errorRate == 0.25)
        #expect(knobs.stallAfter == 1)
        #expect(knobs.cutAfter == 2)
        #expect(knobs.errorAfter == 3)
    }

    @Test func headersWinOverDirectivesInTheSimulator() async throws {
        let (app, _) = makeSimulator()
        try await app.test(.router) { client in
            var headers = Requests.bearer
            headers[.init("X-Sim-Error")!] = "503"
            let response = try await client.execute(
                uri: "/openai/v1/chat/completions", method: .post, headers: headers,
                body: Requests.openAI("Hi [[sim error=429]]"))
            #expect(response.status.code == 503)
        }
    }

    @Test func runDefaultsApplyToEveryRequest() async throws {
        var defaults = SimulatorKnobs()
        defaults.errorStatus = 429
        let (app, simulator) = makeSimulator(defaults)
        try await app.test(.router) { client in
            let failed = try await client.execute(
                uri: "/openai/v1/chat/completions", method: .post, headers: Requests.bearer, body: Requests.openAI("Hi")
            )
            #expect(failed.status == .tooManyRequests)
            let cleared = try await client.execute(
                uri: "/openai/v1/chat/completions", method: .post, headers: Requests.bearer,
                body: Requests.openAI("Hi [[sim error=none]]"))
            #expect(cleared.status == .ok)
        }
        #expect(simulator.stats.requests == 2)
        #expect(simulator.stats.errorsInjected == 1)
    }

    @Test func errorRateIsDeterministicPerText() {
        var knobs = SimulatorKnobs()
        knobs.errorStatus = 500
        knobs.errorRate = 0.5
        let seeds = (0..<400).map { SeededRandom.seed("prompt \($0)") }
        let first = seeds.map { knobs.injectedError(seed: $0) }
        let second = seeds.map { knobs.injectedError(seed: $0) }
        #expect(first == second)
        let failures = first.compactMap { $0 }.count
        #expect((140...260).contains(failures))
        #expect(first.compactMap { $0 }.allSatisfy { $0 == 500 })
    }

    @Test func errorRateAloneFailsWith500AndStatusAloneAlwaysFails() {
        var rateOnly = SimulatorKnobs()
        rateOnly.errorRate = 1
        #expect(rateOnly.injectedError(seed: 1) == 500)
        var statusOnly = SimulatorKnobs()
        statusOnly.errorStatus = 429
        #expect(statusOnly.injectedError(seed: 1) == 429)
        #expect(SimulatorKnobs().injectedError(seed: 1) == nil)
        var off = SimulatorKnobs()
        off.errorStatus = 0
        #expect(off.injectedError(seed: 1) == nil)
    }
}
