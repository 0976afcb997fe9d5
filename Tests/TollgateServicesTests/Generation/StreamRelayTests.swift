import Testing
import TollgateProviders

@testable import TollgateServices

/// The stream's decisions without sockets or providers, with SPEC §6's billing table as the test table.
struct StreamRelayTests {
    static let start = ContinuousClock.now
    static let upstreamDown = ProviderFailure(.upstreamError, "The provider failed (HTTP 503).", status: 503)
    static let refused = ProviderFailure(.rejected, "The provider rejected the request.", status: 400)

    /// One thing that happens to a stream, fed to the relay.
    enum Event {
        case delta(String), wrote, writeFailed, finished, failed(ProviderFailure), stalled
    }

    static func run(_ events: [Event], routes: Int = 1) -> (StreamRelay.Action, StreamRelay) {
        var relay = StreamRelay(routes: routes, keepAlive: .seconds(15), now: start)
        var action = relay.begin()
        for event in events {
            switch event {
            case .delta(let piece): action = relay.received(delta: piece)
            case .wrote: relay.wrote(delta: true, at: start)
            case .writeFailed: action = relay.writeFailed()
            case .finished: action = relay.finished()
            case .failed(let failure): action = relay.attemptFailed(failure, stalled: false, cancelled: false)
            case .stalled:
                action = relay.attemptFailed(
                    ProviderFailure(.connection, "The request was cancelled."), stalled: true, cancelled: false)
            }
        }
        return (action, relay)
    }

    /// SPEC §6, row by row: what happens, and how the stream ends (completed and charged, or failed and free).
    @Test(
        arguments: [
            (
                "the provider finishes", [Event.delta("Hel"), .wrote, .delta("lo"), .wrote, .finished],
                StreamRelay.Ending.completed(notify: true)
            ),
            ("the provider fails before the first delta", [.failed(refused)], .failed(refused, notify: true)),
            (
                "the provider fails after some deltas", [.delta("Hel"), .wrote, .failed(upstreamDown)],
                .failed(upstreamDown, notify: true)
            ),
            (
                "the provider stalls after some deltas", [.delta("Hel"), .wrote, .stalled],
                .failed(StreamRelay.stalled, notify: true)
            ),
            (
                "the client disconnects after the first delta", [.delta("Hel"), .wrote, .delta("lo"), .writeFailed],
                .completed(notify: false)
            ),
            (
                "the client disconnects before the first delta", [.delta("Hel"), .writeFailed],
                .failed(StreamRelay.clientGone, notify: false)
            ),
        ] as [(String, [Event], StreamRelay.Ending)])
    func billingContract(_ row: String, _ events: [Event], _ ending: StreamRelay.Ending) {
        #expect(Self.run(events).0 == .end(ending), "\(row)")
    }

    @Test func theTextChargedIsWhatWasRelayed() {
        let (_, relay) = Self.run([.delta("Hel"), .wrote, .delta("lo"), .writeFailed])
        #expect(relay.text == "Hello")
    }

    @Test func aTransientFailureBeforeAnyContentFallsBackToTheNextRoute() {
        #expect(Self.run([.failed(Self.upstreamDown)], routes: 2).0 == .attempt(route: 1))
        #expect(Self.run([.stalled], routes: 2).0 == .attempt(route: 1))
        // The last route's failure ends the stream.
        #expect(
            Self.run([.failed(Self.upstreamDown), .failed(Self.upstreamDown)], routes: 2).0
                == .end(.failed(Self.upstreamDown, notify: true)))
    }

    @Test func noFallbackAfterContentNorForARefusal() {
        // An empty delta counts as content too: two answers must never be spliced together.
        #expect(
            Self.run([.delta(""), .failed(Self.upstreamDown)], routes: 2).0
                == .end(.failed(Self.upstreamDown, notify: true)))
        #expect(Self.run([.failed(Self.refused)], routes: 2).0 == .end(.failed(Self.refused, notify: true)))
    }

    @Test func noFallbackOnceTheRelayIsCancelled() {
        var relay = StreamRelay(routes: 2, keepAlive: .seconds(15), now: Self.start)
        #expect(
            relay.attemptFailed(Self.upstreamDown, stalled: false, cancelled: true)
                == .end(.failed(Self.upstreamDown, notify: true)))
    }

    @Test func aModelWithoutARouteFailsAtOnce() {
        let relay = StreamRelay(routes: 0, keepAlive: .seconds(15), now: Self.start)
        #expect(relay.begin() == .end(.failed(StreamRelay.notConfigured, notify: true)))
    }

    @Test func keepAlivesOnlyAfterSilence() {
        var relay = StreamRelay(routes: 1, keepAlive: .seconds(15), now: Self.start)
        #expect(relay.tick(at: Self.start + .seconds(14)) == .wait)
        #expect(relay.tick(at: Self.start + .seconds(15)) == .keepAlive)
        relay.wrote(delta: false, at: Self.start + .seconds(15))
        #expect(relay.tick(at: Self.start + .seconds(20)) == .wait)
        // A keep-alive is no content: leaving after it is still free.
        #expect(relay.writeFailed() == .end(.failed(StreamRelay.clientGone, notify: false)))
    }
}
