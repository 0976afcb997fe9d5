import Testing
import TollgateProviders

@testable import TollgateServices

/// A media generation's steps without providers or a database: submit, poll, wait, complete, fail.
struct MediaJobTests {
    static let result = MediaResult(file: .url("https://cdn.example.com/a.png", contentType: "image/png"))
    static let transient = ProviderFailure(.upstreamError, "The provider failed (HTTP 502).", status: 502)
    static let refused = ProviderFailure(.contentPolicy, "The provider refused the content.")

    @Test func aSyncProviderCompletesOnSubmission() {
        var job = MediaJob(deadline: 1_000, retriesTransient: false)
        #expect(job.next(now: 0) == .submit)
        #expect(job.submitted(.completed(Self.result)) == .complete(Self.result))
    }

    @Test func anAsyncProviderIsPolledAtItsPaceUntilItFinishes() {
        var job = MediaJob(deadline: 60_000, retriesTransient: true)
        #expect(job.next(now: 0) == .submit)
        #expect(job.submitted(.submitted(upstreamID: "up-1", pollAfterSeconds: 2)) == .wait(seconds: 2))
        #expect(job.next(now: 2_000) == .poll(upstreamID: "up-1"))
        #expect(job.polled(.running(progress: 0.5, pollAfterSeconds: 3)) == .wait(seconds: 3))
        #expect(job.next(now: 5_000) == .poll(upstreamID: "up-1"))
        #expect(job.polled(.completed(Self.result)) == .complete(Self.result))
    }

    @Test func withoutAHintTheWaitGrowsToFifteenSeconds() {
        var job = MediaJob(deadline: .max, upstreamID: "up-1", retriesTransient: true)
        var waits: [MediaJob.Outcome] = []
        for step in 0..<8 {
            _ = job.next(now: Int64(step))
            waits.append(job.polled(.running(progress: nil, pollAfterSeconds: nil)))
        }
        #expect(waits == [0.5, 1, 2, 4, 8, 15, 15, 15].map { MediaJob.Outcome.wait(seconds: $0) })
    }

    @Test func theProvidersFailureFailsIt() {
        let job = MediaJob(deadline: 1_000, upstreamID: "up-1", retriesTransient: true)
        #expect(job.polled(.failed(Self.refused)) == .fail(Self.refused))
        #expect(job.threw(Self.refused) == .fail(Self.refused))
    }

    @Test func aTransientErrorIsRetriedByTheRunnerButFailsAWaitingRequest() {
        #expect(MediaJob(deadline: 1_000, retriesTransient: true).threw(Self.transient) == .wait(seconds: 0.5))
        #expect(MediaJob(deadline: 1_000, retriesTransient: false).threw(Self.transient) == .fail(Self.transient))
        let limited = ProviderFailure(
            .rateLimited, "The provider is rate limiting requests.", status: 429, retryAfter: 7)
        #expect(MediaJob(deadline: 1_000, retriesTransient: true).threw(limited) == .wait(seconds: 7))
    }

    @Test func itFailsAtTheDeadline() {
        var job = MediaJob(deadline: 1_000, upstreamID: "up-1", retriesTransient: true)
        #expect(job.next(now: 999) == .poll(upstreamID: "up-1"))
        #expect(job.next(now: 1_000) == .fail(MediaJob.deadlinePassed))
    }
}
