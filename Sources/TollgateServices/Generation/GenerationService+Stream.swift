import Foundation
import Logging
import NIOCore
import TollgateCore
import TollgateProviders
import TollgateStore

/// Where a streamed generation's events go: each surface writes its own wire format.
/// Every method throws when the client has gone away.
public protocol GenerationStreamSink {
    mutating func start(_ admission: Admission) async throws
    mutating func delta(_ text: String) async throws
    mutating func keepAlive() async throws
    mutating func end(_ result: GenerationResult, usage: TokenUsage?) async throws
    mutating func fail(_ error: APIError, _ result: GenerationResult) async throws
    /// Whether the client has closed its side of the connection. A peer that left with a FIN still takes one
    /// more write into its socket without an error, so a successful write alone does not prove delivery.
    func clientLeft() async -> Bool
    /// What ends the client's connection, for a client that stopped reading (its write never completes).
    func abandoner() -> @Sendable () -> Void
}

extension GenerationStreamSink {
    public func clientLeft() async -> Bool { false }
    public func abandoner() -> @Sendable () -> Void { {} }
}

/// How a streamed call begins.
public enum StreamStart: Sendable {
    /// Admitted: answer with its rate headers, then relay it into the response.
    case stream(GenerationStream)
    /// A repeat of an idempotent request: the first request's answer.
    case replay(status: Int, body: String)

    /// The admitted stream — for a surface that sends no idempotency claim, the only way to get a replay.
    public func admitted() throws -> GenerationStream {
        guard case .stream(let stream) = self else { throw APIError.internal() }
        return stream
    }
}

/// A streamed text generation, admitted and holding its price; `relay` runs it to its end.
public struct GenerationStream: Sendable {
    public let admission: Admission
    let call: GenerationCall
    let service: GenerationService

    /// The caller's rate-limit standing once the generation was counted.
    public var rate: RateLimitState { admission.rate }

    /// Streams the generation into `sink` and settles it by the SPEC §6 contract (`StreamRelay`), then
    /// remembers the idempotent answer. The relay runs on `loop`, the client connection's.
    public func relay(to sink: inout some GenerationStreamSink, on loop: any EventLoop) async throws -> GenerationResult
    {
        let executor = EventLoopTaskExecutor.on(loop)
        let result = try await withTaskExecutorPreference(executor) {
            try await service.relay(admission, call: call, executor: executor, sink: &sink)
        }
        await service.remember(admission, result, baseURL: call.baseURL)
        return result
    }
}

extension GenerationService {
    /// Admits a streamed text generation (402, 429, 403 thrown before anything is held or written).
    public func startStream(_ call: GenerationCall) async throws -> StreamStart {
        guard call.input.model.category == .text else {
            throw APIError.validation(["stream": "model \(call.input.model.slug) does not stream; only text models do"])
        }
        try await checkInputs(call.input)
        switch try await admit(call, asJob: false) {
        case .replay(let status, let body): return .replay(status: status, body: body)
        case .fresh(let admission): return .stream(GenerationStream(admission: admission, call: call, service: self))
        }
    }

    private enum StreamItem: Sendable {
        case event(ChatStreamEvent)
        case end
        case attemptFailed(any Error)
        case tick
    }

    /// The I/O of a stream: the provider's attempts, the ticks, the writes; `StreamRelay` decides. Leaving
    /// cancels the upstream request.
    fileprivate func relay(
        _ admission: Admission, call: GenerationCall, executor: EventLoopTaskExecutor,
        sink: inout some GenerationStreamSink
    ) async throws -> GenerationResult {
        let started = ContinuousClock.now
        let input = call.input
        let routes = textRoutes(input.model)
        var state = StreamRelay(routes: routes.count, keepAlive: keepAlive, now: started)
        var action = state.begin()
        if case .attempt = action {
            do {
                try await sink.start(admission)
                state.wrote(delta: false, at: .now)
            } catch {
                action = state.writeFailed()
            }
        }
        guard case .attempt = action else {
            return try await end(action, state, admission, started: started, sink: &sink, logger: call.logger)
        }

        let (items, continuation) = AsyncStream<StreamItem>.makeStream()
        let watch = StreamWatch(writeTimeout: stalledReaderTimeout, abandon: sink.abandoner())
        // Each route's attempt is a task of its own, held by the watch, so that a stalled one can be cancelled
        // and the next route still be tried; it ends by sending `.end` or `.attemptFailed`.
        func attempt(_ index: Int) {
            let (route, provider) = routes[index]
            let request = input.chatRequest(model: route.upstreamModel)
            watch.begin(stallTimeout: provider.stallTimeout) {
                Task(executorPreference: executor) {
                    do {
                        try await provider.stream(request) { event in
                            continuation.yield(.event(event))
                            await watch.saw(event)
                        }
                        continuation.yield(.end)
                    } catch {
                        continuation.yield(.attemptFailed(error))
                    }
                }
            }
        }
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

        var pending = items.makeAsyncIterator()
        loop: while true {
            switch action {
            case .attempt(let route):
                if route > 0 {
                    call.logger.notice(
                        "route failed, trying the next",
                        metadata: ["model": "\(input.model.slug)", "provider": "\(routes[route - 1].route.provider)"])
                }
                attempt(route)
            case .write(let piece):
                // The first delta makes the stream chargeable: only if the client is still there to read it (one
                // that closed with a FIN would take the write without an error). Checked before the write, so a
                // client that reads the delta and then leaves at once is rightly charged.
                if !state.delivered, await sink.clientLeft() {
                    action = state.writeFailed()
                    continue loop
                }
                do {
                    watch.writing(true)
                    defer { watch.writing(false) }
                    try await sink.delta(piece)
                    state.wrote(delta: true, at: .now)
                } catch {
                    action = state.writeFailed()
                    continue loop
                }
            case .keepAlive:
                do {
                    watch.writing(true)
                    defer { watch.writing(false) }
                    try await sink.keepAlive()
                    state.wrote(delta: false, at: .now)
                } catch {
                    action = state.writeFailed()
                    continue loop
                }
            case .wait:
                break
            case .end:
                break loop
            }
            guard let item = await pending.next() else { break loop }
            if case .event = item { watch.took() }
            switch item {
            case .event(.delta(let piece)): action = state.received(delta: piece)
            case .event(.usage(let counts)):
                state.received(usage: counts)
                action = .wait
            case .event(.reasoningDelta), .event(.finish): action = .wait
            case .end: action = state.finished()
            case .attemptFailed(let error):
                action = state.attemptFailed(
                    ProviderTransport.failure(from: error), stalled: watch.stalled, cancelled: Task.isCancelled)
            case .tick: action = state.tick(at: .now)
            }
        }
        // Stop the upstream request now, whatever ended the loop.
        watch.cancel()
        return try await end(action, state, admission, started: started, sink: &sink, logger: call.logger)
    }

    /// Settles a stream as `action` (an `.end`) says, and tells the client if it is there.
    private func end(
        _ action: StreamRelay.Action, _ state: StreamRelay, _ admission: Admission, started: ContinuousClock.Instant,
        sink: inout some GenerationStreamSink, logger: Logger
    ) async throws -> GenerationResult {
        switch action {
        case .end(.completed(let notify)):
            let result = try await complete(
                admission.generation, text: state.text, usage: state.usage, started: started)
            if notify { try? await sink.end(result, usage: state.usage) }
            return result
        case .end(.failed(let failure, let notify)):
            let result = try await fail(
                admission.generation, failure: failure, processingMs: Self.milliseconds(since: started), logger: logger)
            if notify {
                try? await sink.fail(result.failure ?? failure.apiError(generationID: admission.generation.id), result)
            }
            return result
        default:
            // The items ended without an ending (the relay's task was cancelled): the client is gone.
            return try await end(state.writeFailed(), state, admission, started: started, sink: &sink, logger: logger)
        }
    }
}
