import TollgateCore

/// Calls YooKassa API v3 over the shared transport: `YooKassaMapping` builds and reads, this only sends.
/// The endpoint's `apiKey` is the shop's secret key and its auth is `.basic(username: shopID)`.
public struct YooKassaClient: Sendable {
    /// YooKassa's production API; test shops use it too, with their own shop id and `test_` key.
    public static let defaultBaseURL = "https://api.yookassa.ru/v3"

    private let transport: ProviderTransport
    private let endpoint: ProviderEndpoint

    /// A client sending through `transport` to `endpoint` (see `endpoint(shopID:secretKey:)`).
    public init(transport: ProviderTransport, endpoint: ProviderEndpoint) {
        self.transport = transport
        self.endpoint = endpoint
    }

    /// The endpoint for a shop: HTTP Basic with the shop id as user and the secret key as password.
    public static func endpoint(
        shopID: String, secretKey: Secret?, baseURL: String = defaultBaseURL, proxy: String? = nil
    ) -> ProviderEndpoint {
        // YooKassa answers within 30 s (a 500 when it cannot decide), so a longer wait means a lost answer.
        ProviderEndpoint(
            providerID: "yookassa", baseURL: baseURL, apiKey: secretKey, auth: .basic(username: shopID), proxy: proxy,
            readTimeoutSeconds: 45)
    }

    /// Creates a payment. Repeat a call that failed with `.upstreamError`, `.timeout` or `.connection` with the
    /// same key and request: the outcome is unknown, and the key makes the retry return the first result.
    public func create(_ request: YooKassaPaymentRequest, idempotenceKey: String) async throws(ProviderFailure)
        -> YooKassaPayment
    {
        let upstream = try YooKassaMapping.createPayment(request, idempotenceKey: idempotenceKey)
        return try YooKassaMapping.payment(try await transport.send(upstream, to: endpoint))
    }

    /// The payment `id` as YooKassa holds it now.
    public func payment(id: String) async throws(ProviderFailure) -> YooKassaPayment {
        let upstream = try YooKassaMapping.getPayment(id: id)
        return try YooKassaMapping.payment(try await transport.send(upstream, to: endpoint))
    }

    /// Refunds (part of) a succeeded payment; retried like `create`, with the same key.
    public func refund(_ request: YooKassaRefundRequest, idempotenceKey: String) async throws(ProviderFailure)
        -> YooKassaRefund
    {
        let upstream = try YooKassaMapping.createRefund(request, idempotenceKey: idempotenceKey)
        return try YooKassaMapping.refund(try await transport.send(upstream, to: endpoint))
    }

    /// The refund `id` as YooKassa holds it now.
    public func refund(id: String) async throws(ProviderFailure) -> YooKassaRefund {
        let upstream = try YooKassaMapping.getRefund(id: id)
        return try YooKassaMapping.refund(try await transport.send(upstream, to: endpoint))
    }
}
