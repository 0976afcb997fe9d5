import Foundation

/// A payment as the YooKassa fake keeps it, with the moves of its lifecycle: `pending` →
/// `succeeded` (one-stage) or `waiting_for_capture` → `succeeded` (two-stage), or → `canceled`.
struct YooKassaPayment: Sendable {
    /// YooKassa's payment statuses.
    enum Status: String, Sendable {
        case pending
        case waitingForCapture = "waiting_for_capture"
        case succeeded
        case canceled
    }

    var id: String
    var shopID: String
    /// Whether the shop is a test shop (its secret key starts with `test_`).
    var test: Bool
    var status = Status.pending
    var amount: YooKassaWire.Amount
    var minorUnits: Int
    var capture: Bool
    var description: String?
    var metadata: AnyJSON
    var confirmation: YooKassaWire.Confirmation?
    var returnURL: String?
    var savePaymentMethod: Bool
    var merchantCustomerID: String?
    var paymentMethod: YooKassaWire.PaymentMethod?
    var createdAt: Date
    var capturedAt: Date?
    var expiresAt: Date?
    var cancellation: YooKassaWire.CancellationDetails?
    var refundedMinor = 0

    /// How long a two-stage payment waits for capture.
    static let captureWindow: TimeInterval = 7 * 24 * 3600

    /// What is left to refund.
    var refundableMinor: Int { status == .succeeded ? minorUnits - refundedMinor : 0 }

    /// The notification event of the current status (`nil` while pending).
    var event: String? {
        switch status {
        case .pending: nil
        case .waitingForCapture: "payment.waiting_for_capture"
        case .succeeded: "payment.succeeded"
        case .canceled: "payment.canceled"
        }
    }

    /// The user (or a saved method) paid with `method`: the payment succeeds, or, two-stage, waits for
    /// capture. Only a pending payment moves; returns whether it did.
    mutating func authorize(with method: YooKassaWire.PaymentMethod, at now: Date) -> Bool {
        guard status == .pending else { return false }
        paymentMethod = method
        if capture {
            status = .succeeded
            capturedAt = now
        } else {
            status = .waitingForCapture
            expiresAt = now.addingTimeInterval(Self.captureWindow)
        }
        return true
    }

    /// Captures a two-stage payment, all of it or `minor` units of it.
    mutating func capture(minor: Int?, at now: Date) throws(YooKassaError) {
        guard status == .waitingForCapture else {
            throw .invalidRequest("Payment is in \(status.rawValue) status: it cannot be captured", parameter: "id")
        }
        if let minor {
            guard minor <= minorUnits else {
                throw .invalidRequest("Capture amount exceeds the payment amount", parameter: "amount.value")
            }
            minorUnits = minor
            amount.value = YooKassaMoney.string(minor)
        }
        status = .succeeded
        capturedAt = now
        expiresAt = nil
    }

    /// Cancels a payment that is not final yet; returns whether it moved.
    mutating func cancel(party: String, reason: String) -> Bool {
        guard status == .pending || status == .waitingForCapture else { return false }
        status = .canceled
        expiresAt = nil
        cancellation = .init(party: party, reason: reason)
        return true
    }

    /// The payment object.
    var wire: YooKassaWire.Payment {
        let paid = status == .succeeded || status == .waitingForCapture
        // YooKassa keeps its fee (3.5 % here) out of what the shop receives.
        let income = minorUnits - minorUnits * 35 / 1000
        return YooKassaWire.Payment(
            id: id, status: status.rawValue, paid: paid, amount: amount,
            incomeAmount: paid ? .init(value: YooKassaMoney.string(income), currency: amount.currency) : nil,
            description: description, recipient: .init(accountID: shopID, gatewayID: "100700"),
            paymentMethod: paymentMethod, capturedAt: capturedAt.map(isoTimestamp), createdAt: isoTimestamp(createdAt),
            expiresAt: expiresAt.map(isoTimestamp), confirmation: status == .pending ? confirmation : nil, test: test,
            refundedAmount: refundedMinor > 0
                ? .init(value: YooKassaMoney.string(refundedMinor), currency: amount.currency) : nil,
            refundable: refundableMinor > 0, metadata: metadata, cancellationDetails: cancellation,
            merchantCustomerID: merchantCustomerID)
    }
}
