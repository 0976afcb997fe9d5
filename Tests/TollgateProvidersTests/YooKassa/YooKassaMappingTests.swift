import Testing
import TollgateCore

@testable import TollgateProviders

/// YooKassa's requests as built, and its recorded payments, refunds, notifications and errors as read.
@Suite("YooKassa mapping")
struct YooKassaMappingTests {
    static let key = "5f2f6c1e-8a3b-4c5d-9e6f-7a8b9c0d1e2f"

    static func answer(_ fixture: String, status: Int = 200, headers: [(String, String)] = []) throws
        -> UpstreamResponse
    {
        UpstreamResponse(status: status, headers: headers, body: try Fixture.bytes("YooKassa/" + fixture))
    }

    @Test("amounts are written with exactly two decimals, from kopecks or whole roubles, and read back")
    func amounts() {
        #expect(YooKassaAmount(kopecks: 89000).value == "890.00")
        #expect(YooKassaAmount(kopecks: 89005).value == "890.05")
        #expect(YooKassaAmount(kopecks: 89050).value == "890.50")
        #expect(YooKassaAmount(kopecks: 7).value == "0.07")
        #expect(YooKassaAmount(kopecks: 0).value == "0.00")
        #expect(YooKassaAmount(kopecks: -150).value == "-1.50")
        #expect(YooKassaAmount(roubles: 890) == YooKassaAmount(value: "890.00", currency: "RUB"))
        #expect(YooKassaAmount(roubles: 1_000_000).value == "1000000.00")
        #expect(YooKassaAmount(kopecks: Int64.max).kopecks == Int64.max)
        #expect(YooKassaAmount(value: "890.00").kopecks == 89000)
        #expect(YooKassaAmount(value: "890.5").kopecks == 89050)
        #expect(YooKassaAmount(value: "890").kopecks == 89000)
        for invalid in ["", ".50", "890.", "890.001", "8,90", "1e3", "+1.00", "99999999999999999999.00"] {
            #expect(YooKassaAmount(value: invalid).kopecks == nil, "\(invalid)")
        }
    }

    @Test("a payment is POST /payments with the Idempotence-Key and the documented JSON body")
    func createPayment() throws {
        let payment = YooKassaPaymentRequest(
            amount: YooKassaAmount(roubles: 890),
            confirmation: .redirect(returnURL: "https://tollgate.example/billing/return?o=ord_123"),
            description: "Tollgate: пакет 1 000 000 токенов", metadata: ["order_id": "ord_123", "user_id": "42"])
        let request = try YooKassaMapping.createPayment(payment, idempotenceKey: Self.key)
        #expect(request.method == "POST")
        #expect(request.path == "/payments")
        #expect(request.header("Idempotence-Key") == Self.key)
        let expected = try JSON.parse(
            """
            {"amount": {"value": "890.00", "currency": "RUB"}, "capture": true,
             "confirmation": {"type": "redirect", "return_url": "https://tollgate.example/billing/return?o=ord_123"},
             "description": "Tollgate: пакет 1 000 000 токенов", "metadata": {"order_id": "ord_123", "user_id": "42"}}
            """)
        #expect(try request.json() == expected)
    }

    @Test("a renewal charges the saved method without a confirmation; a receipt is written as 54-FZ wants")
    func renewalWithReceipt() throws {
        let amount = YooKassaAmount(kopecks: 89000)
        let receipt = YooKassaReceipt(
            customer: .init(email: "user@example.com"),
            items: [.init(description: "Пакет 1 000 000 токенов", amount: amount, vatCode: 1)], taxSystemCode: 2)
        let payment = YooKassaPaymentRequest(
            amount: amount, description: "Renewal", metadata: ["order_id": "ord_200"], savePaymentMethod: true,
            paymentMethodID: "2f4b5e6a-000f-5000-9000-1b2c3d4e5f60", receipt: receipt)
        let body = try YooKassaMapping.createPayment(payment, idempotenceKey: Self.key).json()
        #expect(body["confirmation"] == nil)
        #expect(body["payment_method_id"] == .string("2f4b5e6a-000f-5000-9000-1b2c3d4e5f60"))
        #expect(body["save_payment_method"] == .bool(true))
        let expectedReceipt = try JSON.parse(
            """
            {"customer": {"email": "user@example.com"}, "tax_system_code": 2,
             "items": [{"description": "Пакет 1 000 000 токенов", "quantity": "1.00",
                        "amount": {"value": "890.00", "currency": "RUB"}, "vat_code": 1,
                        "payment_mode": "full_payment", "payment_subject": "service"}]}
            """)
        #expect(body["receipt"] == expectedReceipt)
    }

    @Test("an idempotence key must be 1–64 printable characters; a description at most 128")
    func requestLimits() {
        let payment = YooKassaPaymentRequest(amount: YooKassaAmount(roubles: 1))
        for key in ["", String(repeating: "k", count: 65), "key\r\nX-Injected: 1", "ключ"] {
            #expect(failure { try YooKassaMapping.createPayment(payment, idempotenceKey: key) }?.kind == .rejected)
        }
        #expect(
            failure { try YooKassaMapping.createPayment(payment, idempotenceKey: String(repeating: "k", count: 64)) }
                == nil)
        let long = YooKassaPaymentRequest(
            amount: YooKassaAmount(roubles: 1), description: String(repeating: "я", count: 129))
        #expect(failure { try YooKassaMapping.createPayment(long, idempotenceKey: Self.key) }?.kind == .rejected)
        let metadata = Dictionary(uniqueKeysWithValues: (0..<17).map { ("k\($0)", "v") })
        let crowded = YooKassaPaymentRequest(amount: YooKassaAmount(roubles: 1), metadata: metadata)
        #expect(failure { try YooKassaMapping.createPayment(crowded, idempotenceKey: Self.key) }?.kind == .rejected)
    }

    @Test("a payment is read with GET /payments/{id}, no body, no key; an id that could change the path is refused")
    func getPayment() throws {
        let request = try YooKassaMapping.getPayment(id: "23d93cac-000f-5000-8000-126628f15141")
        #expect(request == UpstreamRequest(method: "GET", path: "/payments/23d93cac-000f-5000-8000-126628f15141"))
        for id in ["", "../refunds", "a/b", "a?b=1", "a b", "%2e%2e", String(repeating: "a", count: 65)] {
            #expect(failure { try YooKassaMapping.getPayment(id: id) }?.kind == .rejected, "\(id)")
        }
        #expect(
            try YooKassaMapping.getRefund(id: "2f4c1d2e-0015-5000-a000-1a2b3c4d5e6f").path
                == "/refunds/2f4c1d2e-0015-5000-a000-1a2b3c4d5e6f")
    }

    @Test("a refund is POST /refunds with the key, the payment id, the amount and a description")
    func createRefund() throws {
        let refund = YooKassaRefundRequest(
            paymentID: "2f4b5e6a-000f-5000-9000-1b2c3d4e5f60", amount: YooKassaAmount(kopecks: 200),
            description: "Partial refund")
        let request = try YooKassaMapping.createRefund(refund, idempotenceKey: Self.key)
        #expect(request.method == "POST")
        #expect(request.path == "/refunds")
        #expect(request.header("Idempotence-Key") == Self.key)
        let expected = try JSON.parse(
            """
            {"payment_id": "2f4b5e6a-000f-5000-9000-1b2c3d4e5f60", "amount": {"value": "2.00", "currency": "RUB"},
             "description": "Partial refund"}
            """)
        #expect(try request.json() == expected)
    }

    @Test("the documented create answer reads as a pending payment with its confirmation page")
    func pendingPayment() throws {
        let payment = try YooKassaMapping.payment(Self.answer("payment-pending.json"))
        #expect(payment.id == "23d93cac-000f-5000-8000-126628f15141")
        #expect(payment.status == .pending)
        #expect(!payment.status.isFinal)
        #expect(!payment.paid)
        #expect(payment.amount.kopecks == 10000)
        #expect(payment.confirmation?.type == "redirect")
        #expect(
            payment.confirmation?.confirmationURL
                == "https://yoomoney.ru/api-pages/v2/payment-confirm/epl?orderId=23d93cac-000f-5000-8000-126628f15141")
        #expect(payment.metadata == [:])
        #expect(payment.createdAt == "2019-01-22T14:30:45.129Z")
        #expect(payment.paymentMethod == nil)
    }

    @Test("a payment.succeeded notification reads as its event and object id; the object reads as a payment")
    func succeededNotification() throws {
        let body = try Fixture.bytes("YooKassa/notification-payment-succeeded.json")
        let notification = try YooKassaMapping.notification(body)
        #expect(notification.type == "notification")
        #expect(notification.event == "payment.succeeded")
        #expect(notification.object.id == "2f4b5e6a-000f-5000-9000-1b2c3d4e5f60")
        #expect(!notification.isRefund)
        // The same object as a GET would answer it, extra fields (card, income_amount, …) ignored.
        guard case .object(let root) = try JSON.parse(body), let object = root["object"] else {
            Issue.record("no object")
            return
        }
        let payment = try YooKassaMapping.payment(UpstreamResponse(status: 200, body: object.sortedJSONBytes ?? []))
        #expect(payment.status == .succeeded && payment.status.isFinal && payment.paid)
        #expect(payment.amount == YooKassaAmount(kopecks: 89000))
        #expect(payment.metadata == ["order_id": "ord_123", "user_id": "42"])
        #expect(
            payment.paymentMethod
                == YooKassaPaymentMethod(id: "2f4b5e6a-000f-5000-9000-1b2c3d4e5f60", type: "bank_card", saved: true))
        #expect(payment.capturedAt == "2026-03-02T10:15:41.512Z")
        #expect(payment.test == true)
    }

    @Test("canceled and refund notifications; a notification without an object id is malformed")
    func otherNotifications() throws {
        let canceled = try YooKassaMapping.notification(Fixture.bytes("YooKassa/notification-payment-canceled.json"))
        #expect(canceled.event == "payment.canceled" && canceled.object.id == "2f4b61c2-000f-5000-8000-1d2e3f4a5b6c")
        let refund = try YooKassaMapping.notification(Fixture.bytes("YooKassa/notification-refund-succeeded.json"))
        #expect(refund.isRefund && refund.object.id == "2f4c1d2e-0015-5000-a000-1a2b3c4d5e6f")
        for body in [
            #"{"type":"notification","event":"payment.succeeded","object":{}}"#,
            #"{"type":"notification","event":"payment.succeeded","object":{"id":"../x"}}"#, #"{"event":""}"#, "<html>",
        ] {
            #expect(failure { try YooKassaMapping.notification(Array(body.utf8)) }?.kind == .malformed, "\(body)")
        }
    }

    @Test("a canceled payment carries who cancelled and why")
    func canceledPayment() throws {
        let body = try JSON.parse(Fixture.bytes("YooKassa/notification-payment-canceled.json"))
        let payment = try YooKassaMapping.payment(
            UpstreamResponse(status: 200, body: body["object"]?.sortedJSONBytes ?? []))
        #expect(payment.status == .canceled)
        #expect(
            payment.cancellationDetails
                == YooKassaCancellationDetails(party: "yoo_money", reason: "expired_on_confirmation"))
    }

    @Test("a refund answer reads as a refund")
    func refund() throws {
        let refund = try YooKassaMapping.refund(Self.answer("refund-succeeded.json"))
        #expect(refund.id == "2f4c1d2e-0015-5000-a000-1a2b3c4d5e6f")
        #expect(refund.paymentID == "2f4b5e6a-000f-5000-9000-1b2c3d4e5f60")
        #expect(refund.status == .succeeded)
        #expect(refund.amount.kopecks == 200)
        #expect(refund.createdAt == "2026-03-03T12:00:00.000Z")
    }

    @Test("an unknown status still decodes; an undecodable 2xx is malformed")
    func leniency() throws {
        let future =
            #"{"id":"a1","status":"on_hold","paid":false,"amount":{"value":"1.00","currency":"RUB"},"created_at":"x"}"#
        #expect(
            try YooKassaMapping.payment(UpstreamResponse(status: 200, body: Array(future.utf8))).status.rawValue
                == "on_hold")
        #expect(
            failure { try YooKassaMapping.payment(UpstreamResponse(status: 200, body: Array("{}".utf8))) }?.kind
                == .malformed)
        #expect(
            failure { try YooKassaMapping.refund(UpstreamResponse(status: 200, body: Array("<html>".utf8))) }?.kind
                == .malformed)
    }

    @Test(
        "errors map by status; a 400 names YooKassa's code, field and description",
        arguments: [
            ("error-400-idempotence.json", 400, ProviderFailure.Kind.rejected),
            ("error-400-receipt.json", 400, .rejected),
            ("error-401.json", 401, .unauthorized),
            ("error-404.json", 404, .rejected),
            ("error-429.json", 429, .rateLimited),
            ("error-500.json", 500, .upstreamError),
        ])
    func errors(fixture: String, status: Int, kind: ProviderFailure.Kind) throws {
        let response = try Self.answer(fixture, status: status)
        let paymentFailure = failure { try YooKassaMapping.payment(response) }
        #expect(paymentFailure?.kind == kind)
        #expect(paymentFailure?.status == status)
        #expect(failure { try YooKassaMapping.refund(response) } == paymentFailure)
    }

    @Test("a 400's message is short and built from the code, the field and the description only")
    func rejectionMessage() throws {
        let duplicated = failure { try YooKassaMapping.payment(Self.answer("error-400-idempotence.json", status: 400)) }
        #expect(
            duplicated?.message
                == "YooKassa rejected the request (invalid_request Idempotence-Key: Idempotence key duplicated).")
        let receipt = failure { try YooKassaMapping.payment(Self.answer("error-400-receipt.json", status: 400)) }
        #expect(
            receipt?.message
                == "YooKassa rejected the request (invalid_request receipt: Receipt is missing or illegal).")
        #expect(receipt?.message.contains("0d4f3a27") == false)
        let html = UpstreamResponse(status: 400, body: Array("<html>Bad Request</html>".utf8))
        #expect(failure { try YooKassaMapping.payment(html) } == .fromStatus(400))
    }

    @Test("a 429 keeps Retry-After")
    func retryAfter() throws {
        let response = try Self.answer("error-429.json", status: 429, headers: [("Retry-After", "60")])
        #expect(failure { try YooKassaMapping.payment(response) }?.retryAfter == 60)
    }

    @Test("the client's endpoint is HTTP Basic with the shop id, at api.yookassa.ru/v3")
    func endpoint() {
        let endpoint = YooKassaClient.endpoint(shopID: "123456", secretKey: "test_secret")
        #expect(endpoint.baseURL == "https://api.yookassa.ru/v3")
        #expect(endpoint.auth == .basic(username: "123456"))
        #expect(endpoint.apiKey == "test_secret")
        #expect(
            ProviderTransport.basic(username: "123456", password: "test_secret") == "Basic MTIzNDU2OnRlc3Rfc2VjcmV0")
    }
}
