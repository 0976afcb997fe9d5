/// A `POST /payments` body, checked as YooKassa checks it.
struct YooKassaPaymentRequest: Sendable {
    var amount: YooKassaWire.Amount
    var minorUnits: Int
    /// One-stage (`true`) or two-stage (`false`, YooKassa's default).
    var capture: Bool
    /// The confirmation type asked for (`redirect`, …), if any.
    var confirmationType: String?
    var returnURL: String?
    var description: String?
    var metadata: AnyJSON
    /// A saved method to charge without the user.
    var paymentMethodID: String?
    var savePaymentMethod: Bool
    var merchantCustomerID: String?
    var hasReceipt: Bool

    static let confirmationTypes: Set<String> = ["redirect", "embedded", "qr", "external", "mobile_application"]

    /// Reads and checks `json`.
    init(_ json: AnyJSON?) throws(YooKassaError) {
        guard let json, json.objectValue != nil else {
            throw .invalidRequest("The request body must be a JSON object")
        }
        (amount, minorUnits) = try YooKassaMoney.amount(json["amount"], parameter: "amount")
        capture = json["capture"]?.boolValue ?? false
        if let confirmation = json["confirmation"], confirmation != .null {
            guard let type = confirmation["type"]?.stringValue, Self.confirmationTypes.contains(type) else {
                throw .invalidRequest("Invalid confirmation type", parameter: "confirmation.type")
            }
            confirmationType = type
            returnURL = confirmation["return_url"]?.stringValue
            if let returnURL, returnURL.count > 2048 {
                throw .invalidRequest("return_url is too long", parameter: "confirmation.return_url")
            }
        }
        description = json["description"]?.stringValue
        if let description, description.count > 128 {
            throw .invalidRequest("Description is too long (128 characters at most)", parameter: "description")
        }
        metadata = try Self.metadata(json["metadata"])
        paymentMethodID = json["payment_method_id"]?.stringValue
        savePaymentMethod = json["save_payment_method"]?.boolValue ?? false
        merchantCustomerID = json["merchant_customer_id"]?.stringValue
        if let merchantCustomerID, merchantCustomerID.count > 200 {
            throw .invalidRequest("merchant_customer_id is too long", parameter: "merchant_customer_id")
        }
        hasReceipt = json["receipt"].map { $0 != .null } ?? false
        if paymentMethodID != nil, confirmationType != nil {
            throw .invalidRequest(
                "A saved payment method is charged without confirmation", parameter: "confirmation")
        }
    }

    /// Checks YooKassa's metadata limits: at most 16 keys of at most 32 characters, string values of at
    /// most 512.
    static func metadata(_ json: AnyJSON?) throws(YooKassaError) -> AnyJSON {
        guard let json, json != .null else { return .object([:]) }
        guard let members = json.objectValue else {
            throw .invalidRequest("metadata must be an object", parameter: "metadata")
        }
        guard members.count <= 16 else {
            throw .invalidRequest("metadata has more than 16 keys", parameter: "metadata")
        }
        for (key, value) in members {
            guard key.count <= 32 else {
                throw .invalidRequest("metadata key is longer than 32 characters", parameter: "metadata")
            }
            guard let text = value.stringValue, text.count <= 512 else {
                throw .invalidRequest(
                    "metadata values must be strings of at most 512 characters", parameter: "metadata")
            }
        }
        return json
    }
}
