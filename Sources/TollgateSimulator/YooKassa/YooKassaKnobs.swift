/// The fault knobs of the YooKassa fake, set with `POST /yookassa/_sim/knobs`; a body changes only the
/// fields it names.
struct YooKassaKnobs: Codable, Sendable {
    /// How many of the next `POST /payments` answer `failStatus` without doing anything.
    var failNextCreates = 0
    /// The status of those failures.
    var failStatus = 500
    /// How long every `POST /payments` waits before answering.
    var delayMs = 0
    /// Saved payment methods whose charges end `canceled`, with the reason.
    var failSavedMethods: [String: String] = [:]
    /// Whether creates without a 54-FZ `receipt` are refused, as on a shop with receipts enabled.
    var receiptsRequired = false

    enum CodingKeys: String, CodingKey {
        case failNextCreates = "fail_next_creates"
        case failStatus = "fail_status"
        case delayMs = "delay_ms"
        case failSavedMethods = "fail_saved_methods"
        case receiptsRequired = "receipts_required"
    }

    /// The reason a declined saved-method charge gives when the knob names none.
    static let savedMethodReason = "card_expired"

    /// These knobs with the fields `json` names changed: `fail_next_creates`, `fail_status`,
    /// `delay_ms`, `fail_saved_method` (+ `fail_saved_reason`), `fail_saved_methods` (replaces the
    /// map), `receipts_required`, or `"reset": true` first.
    func updated(by json: AnyJSON) -> YooKassaKnobs {
        var knobs = json["reset"]?.boolValue == true ? YooKassaKnobs() : self
        if let count = json["fail_next_creates"]?.intValue { knobs.failNextCreates = max(0, count) }
        if let status = json["fail_status"]?.intValue, (400...599).contains(status) { knobs.failStatus = status }
        if let delay = json["delay_ms"]?.intValue { knobs.delayMs = max(0, delay) }
        if let methods = json["fail_saved_methods"]?.objectValue {
            knobs.failSavedMethods = methods.compactMapValues(\.stringValue)
        }
        if let method = json["fail_saved_method"]?.stringValue {
            knobs.failSavedMethods[method] = json["fail_saved_reason"]?.stringValue ?? Self.savedMethodReason
        }
        if let required = json["receipts_required"]?.boolValue { knobs.receiptsRequired = required }
        return knobs
    }
}
