/// How a generation runs: streamed text, a synchronous answer, or a background job polled by id.
public enum ModelMode: String, Sendable, Codable, CaseIterable {
    /// Synchronous text that can also stream (SSE).
    case textStream = "text_stream"
    /// The answer comes back in the same request.
    case sync
    /// The request answers `pending` at once; a job finishes it.
    case async

    /// The SPEC §5 `mode` field: `sync` or `async` (streaming text counts as sync).
    public var apiName: String {
        self == .async ? "async" : "sync"
    }
}
