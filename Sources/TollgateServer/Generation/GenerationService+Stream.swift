import Foundation
import NIOCore
import TollgateCore
import TollgateProviders

/// Where a streamed generation's events go: each API surface writes its own wire format.
/// Every method throws when the client has gone away.
protocol GenerationStreamSink {
    mutating func start(_ admission: Admission) async throws
    mutating func delta(_ text: String) async throws
    mutating func keepAlive() async throws
    mutating func end(_ settled: GenerationService.Settled, usage: TokenUsage?) async throws
    mutating func fail(_ error: APIError, _ settled: GenerationService.Settled) async throws
}

extension GenerationService {
    private enum StreamItem: Sendable {
        case event(ChatStreamEvent)
        case end
        case attemptFailed(any Error)
        case tick
    }

    /// Streams a text generation to `sink` and settles it by the SPEC §6 contract: completed and
    /// charged when the provider finishes or the client leaves after the first delta; failed and not
    /// charged when the provider fails or stalls (with an `error` event) or the client leaves before
    /// the first delta. Leaving cancels the upstream request. The relay runs on `loop`, the client connection's.
    func streamText(
        _ admission: Admission, input: GenerationInput, keepAlive: Duration, on loop: any EventLoop, sink: inout some GenerationStreamSink
    ) async throws -> Settled {
        let executor = EventLoopTaskExecutor.on(loop)
        return try await withTaskExecutorPreference(executor) {
            try await relay(admission, input: input, keepAlive: keepAlive, executor: executor, sink: &sink)
        }
    }

    private func relay(
        _ admission: Admission, input: GenerationInput, keepAlive: Duration, executor: EventLoopTaskExecutor,
        sink: inout some GenerationStreamSink
    ) async throws -> Settled {
        let started = ContinuousClock.now
        let routes = textRoutes(input.model)
        guard !routes.isEmpty else {
            let settled = try await settle(admission, failure: ProviderFailure(.unsupported, "The provider is not configured."), started: started)
            try? await sink.fail(settled.failure ?? .internal(), settled)
            return settled
        }
        do {
            try await sink.start(admission)
        } catch {
            return try await settle(admission, failure: ProviderFailure(.connection, "The client disconnected."), started: started)
        }

        let (items, continuation) = AsyncStream<StreamItem>.makeStream()
        let watch = StreamWatch()
        // Each route's attempt is a task of its own, held by the watch, so that a stalled one can be cancelled
        // and the next route still be tried; it ends by sending `.end` or `.attemptFailed`.
        func attempt(_ index: Int) {
            let (route, provider) = routes[index]
            let request = input.chatRequest(model: route.upstreamModel)
            watch.begin(stallTimeout: provider.stallTimeout) {
                Task(executorPreference: executor) {
                    do {
                        try await provider.stream(request) { event in
                            watch.saw(event)
                            continuation.yield(.event(event))
                        }
                        continuation.yield(.end)
                    } catch {
                        continuation.yield(.attemptFailed(error))
                    }
                }
            }
        }
        var route = 0
        attempt(route)
        // Keep-alives and the stall watch; often enough to catch a stall within a quarter of its timeout.
        let tick = min(keepAlive, (routes.map(\.provider.stallTimeout).min() ?? keepAlive) / 4)
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: tick)
                watch.check()
                continuation.yield(.tick)
            }
        }
        defer {
            watch.cancel()
            ticker.cancel()
            continuation.finish()
        }

        var text = ""
        var usage: TokenUsage?
        var delivered = false
        var clientGone = false
        var failure: ProviderFailure?
        var lastWrite = ContinuousClock.now
        loop: for await item in items {
            switch item {
            case .event(.delta(let piece)):
                text += piece
                do {
                    try await sink.delta(piece)
                    delivered = true
                    lastWrite = .now
                } catch {
                    clientGone = true
                    break loop
                }
            case .event(.usage(let counts)):
                usage = counts
            case .event(.reasoningDelta), .event(.finish):
                continue
            case .end:
                break loop
            case .attemptFailed(let error):
                // Another route is tried only while no content has been produced, so the client never sees
                // two answers spliced together.
                let (produced, stalled) = watch.outcome
                let routeFailure = stalled
                    ? ProviderFailure(.timeout, "The provider did not answer in time.") : ProviderTransport.failure(from: error)
                if !produced, routeFailure.allowsFallback, route < routes.count - 1, !Task.isCancelled {
                    logger.notice("route failed, trying the next", metadata: ["model": "\(input.model.slug)", "provider": "\(routes[route].route.provider)"])
                    route += 1
                    attempt(route)
                    continue
                }
                failure = routeFailure
                break loop
            case .tick:
                guard ContinuousClock.now - lastWrite >= keepAlive else { continue }
                do {
                    try await sink.keepAlive()
                    lastWrite = .now
                } catch {
                    clientGone = true
                    break loop
                }
            }
        }
        // Stop the upstream request now, whatever ended the loop.
        watch.cancel()

        if clientGone {
            if delivered { return try await settle(admission, text: text, usage: usage, started: started) }
            return try await settle(admission, failure: ProviderFailure(.connection, "The client disconnected."), started: started)
        }
        if let failure {
            let settled = try await settle(admission, failure: failure, started: started)
            try? await sink.fail(settled.failure ?? failure.apiError(generationID: admission.generation.id), settled)
            return settled
        }
        let settled = try await settle(admission, text: text, usage: usage, started: started)
        try? await sink.end(settled, usage: usage)
        return settled
    }
}
