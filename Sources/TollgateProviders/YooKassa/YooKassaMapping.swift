/// YooKassa API v3 (HTTP Basic, shop id and secret key): payments at `POST /payments` and
/// `GET /payments/{id}`, refunds at `POST /refunds` and `GET /refunds/{id}`, and the HTTP notifications it
/// sends. Pure: requests out, answers in; `YooKassaClient` puts them on the transport.
public enum YooKassaMapping {
    /// Longest `Idempotence-Key` YooKassa accepts.
    static let maxIdempotenceKeyLength = 64
    /// Longest payment `description`.
    static let maxDescriptionLength = 128

    /// `POST /payments`. A POST that fails with a 5xx or no answer must be repeated with the same key and body.
    public static func createPayment(_ payment: YooKassaPaymentRequest, idempotenceKey: String) throws(ProviderFailure)
        -> UpstreamRequest
    {
        if let description = payment.description, description.count > maxDescriptionLength {
            throw ProviderFailure(.rejected, "The payment description is longer than 128 characters.")
        }
        guard payment.metadata.count <= 16,
            payment.metadata.allSatisfy({ $0.key.count <= 32 && $0.value.count <= 512 })
        else {
            throw ProviderFailure(.rejected, "The payment metadata exceeds YooKassa's limits.")
        }
        return try post("/payments", body: WireJSON.encode(payment), idempotenceKey: idempotenceKey)
    }

    /// `GET /payments/{id}`: the payment's current state, the only one Tollgate trusts.
    public static func getPayment(id: String) throws(ProviderFailure) -> UpstreamRequest {
        UpstreamRequest(method: "GET", path: "/payments/" + (try pathID(id)))
    }

    /// `POST /refunds`. As with payments, a retry after a 5xx keeps the key.
    public static func createRefund(_ refund: YooKassaRefundRequest, idempotenceKey: String) throws(ProviderFailure)
        -> UpstreamRequest
    {
        _ = try pathID(refund.paymentID)
        return try post("/refunds", body: WireJSON.encode(refund), idempotenceKey: idempotenceKey)
    }

    /// `GET /refunds/{id}`: a refund's current state (to verify a `refund.succeeded` notification).
    public static func getRefund(id: String) throws(ProviderFailure) -> UpstreamRequest {
        UpstreamRequest(method: "GET", path: "/refunds/" + (try pathID(id)))
    }

    /// The payment in a create or GET answer; a non-2xx answer throws its failure.
    public static func payment(_ response: UpstreamResponse) throws(ProviderFailure) -> YooKassaPayment {
        guard (200..<300).contains(response.status) else { throw failure(response) }
        return try WireJSON.decode(YooKassaPayment.self, from: response.body)
    }

    /// The refund in a create or GET answer; a non-2xx answer throws its failure.
    public static func refund(_ response: UpstreamResponse) throws(ProviderFailure) -> YooKassaRefund {
        guard (200..<300).contains(response.status) else { throw failure(response) }
        return try WireJSON.decode(YooKassaRefund.self, from: response.body)
    }

    /// An HTTP notification's body: its event and object id, nothing else (the body is unsigned).
    public static func notification(_ body: [UInt8]) throws(ProviderFailure) -> YooKassaNotification {
        let notification = try WireJSON.decode(YooKassaNotification.self, from: body)
        guard !notification.event.isEmpty, isSafeID(notification.object.id) else {
            throw ProviderFailure(.malformed, "The notification names no valid object.")
        }
        return notification
    }

    /// The failure for a non-2xx answer. A 400 or 422 names YooKassa's `code`, the field at fault and a
    /// short, single-line description; nothing else of the body is repeated.
    public static func failure(_ response: UpstreamResponse) -> ProviderFailure {
        var failure = ProviderFailure.fromStatus(
            response.status, retryAfter: response.header("retry-after").flatMap(Double.init))
        guard response.status == 400 || response.status == 422,
            let error = WireJSON.decodeIfPossible(YooKassaErrorBody.self, from: response.body),
            let code = error.code.flatMap(safeWord)
        else { return failure }
        var detail = code
        if let parameter = error.parameter.flatMap(safeWord) { detail += " " + parameter }
        if let description = error.description.map(oneLine), !description.isEmpty { detail += ": " + description }
        failure.message = "YooKassa rejected the request (\(detail))."
        return failure
    }

    // MARK: - Pieces

    /// A POST with a JSON body and its `Idempotence-Key`.
    static func post(_ path: String, body: [UInt8], idempotenceKey: String) throws(ProviderFailure) -> UpstreamRequest {
        // Any printable ASCII would do for YooKassa; this also keeps the header free of line breaks.
        let printable = idempotenceKey.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) }
        guard !idempotenceKey.isEmpty, idempotenceKey.count <= maxIdempotenceKeyLength, printable else {
            throw ProviderFailure(.rejected, "The idempotence key must be 1–64 printable ASCII characters.")
        }
        return UpstreamRequest(path: path, headers: [("Idempotence-Key", idempotenceKey)], body: body)
    }

    /// An object id checked to be one path segment (YooKassa's ids are UUID-like).
    static func pathID(_ id: String) throws(ProviderFailure) -> String {
        guard isSafeID(id) else { throw ProviderFailure(.rejected, "The YooKassa object id is not valid.") }
        return id
    }

    /// Whether `id` is 1–64 ASCII letters, digits, `-` or `_`: nothing that could change a path.
    static func isSafeID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64
            && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    /// A code or field name, if it is a short token (`invalid_request`, `receipt.items`, `Idempotence-Key`).
    static func safeWord(_ text: String) -> String? {
        let safe = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.[]".contains($0)) }
        return !text.isEmpty && text.count <= 64 && safe ? text : nil
    }

    /// A description on one line (whitespace runs collapsed) of at most 200 characters.
    static func oneLine(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return line.count <= 200 ? line : String(line.prefix(199)) + "…"
    }
}
