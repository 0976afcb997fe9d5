/// A card number typed on the fake's confirmation page, read as YooKassa's test shop reads it:
/// `5555555555554444`, `4111111111111111` and `5555555555554477` pay; `5555555555554600` is declined
/// for `insufficient_funds` and `5555555555554527` for `general_decline`.
struct YooKassaTestCard: Sendable {
    /// The digits.
    var number: String

    /// The card used when the form sends none.
    static let standard = YooKassaTestCard(number: "5555555555554444")

    /// Reads a typed number (spaces and dashes are ignored).
    init(number: String) {
        self.number = String(number.filter(\.isASCIIDigit))
    }

    /// Why the issuer declines the card, if it does.
    var declineReason: String? {
        switch number {
        case "5555555555554600": "insufficient_funds"
        case "5555555555554527": "general_decline"
        case let digits where digits.count < 13 || digits.count > 19: "invalid_card_number"
        default: nil
        }
    }

    /// The payment method the card makes, with `id` (YooKassa reuses the payment's id).
    func method(id: String, saved: Bool) -> YooKassaWire.PaymentMethod {
        let last4 = String(number.suffix(4))
        let brand = number.hasPrefix("4") ? "Visa" : number.hasPrefix("2") ? "Mir" : "MasterCard"
        return YooKassaWire.PaymentMethod(
            type: "bank_card", id: id, saved: saved, title: "Bank card *\(last4)",
            card: .init(
                first6: String(number.prefix(6)), last4: last4, expiryYear: "2030", expiryMonth: "12",
                cardType: brand))
    }
}
