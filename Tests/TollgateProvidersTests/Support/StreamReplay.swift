@testable import TollgateProviders

/// Replays a recorded SSE transcript through `ServerSentEventParser` and a mapping exactly as
/// `ChatAdapter` does, delivering the bytes in chunks of `chunkSize` to prove boundaries do not matter.
enum StreamReplay {
    /// What a replay produced: the events, and the failure that ended it, if any.
    struct Outcome {
        var events: [ChatStreamEvent]
        var failure: ProviderFailure?
    }

    static func run<Mapping: ChatMapping>(_ mapping: Mapping.Type, _ bytes: [UInt8], chunkSize: Int = 7) -> Outcome {
        var parser = ServerSentEventParser()
        var state = Mapping.makeStreamState()
        var events: [ChatStreamEvent] = []
        do throws(ProviderFailure) {
            var start = 0
            while start < bytes.count {
                let end = min(start + chunkSize, bytes.count)
                for event in parser.feed(bytes[start..<end]) { events += try Mapping.streamEvent(event, state: &state) }
                start = end
            }
            if let last = parser.finish() { events += try Mapping.streamEvent(last, state: &state) }
            return Outcome(events: events)
        } catch {
            return Outcome(events: events, failure: error)
        }
    }

    /// The events of a fixture transcript (any failure is returned in the outcome, not thrown).
    static func run<Mapping: ChatMapping>(_ mapping: Mapping.Type, fixture: String, chunkSize: Int = 7) throws
        -> Outcome
    {
        run(mapping, try Fixture.bytes(fixture), chunkSize: chunkSize)
    }
}

/// The `ProviderFailure` a throwing call ends with, or nil if it returned (or threw something else).
func failure<T>(of body: () throws -> T) -> ProviderFailure? {
    do {
        _ = try body()
        return nil
    } catch {
        return error as? ProviderFailure
    }
}
