/// What the YooKassa fake has served (`GET /yookassa/_sim/stats`).
struct YooKassaCounts: Encodable, Sendable {
    /// `POST /payments` received (failures and replays included).
    var creates = 0
    /// Payments actually created.
    var paymentsCreated = 0
    /// `GET /payments/{id}` received.
    var gets = 0
    /// `POST /refunds` received.
    var refunds = 0
    /// Notifications POSTed (each URL counts).
    var notificationsSent = 0
    /// Notifications that got no 2xx answer.
    var notificationsFailed = 0

    enum CodingKeys: String, CodingKey {
        case creates, gets, refunds
        case paymentsCreated = "payments_created"
        case notificationsSent = "notifications_sent"
        case notificationsFailed = "notifications_failed"
    }
}
