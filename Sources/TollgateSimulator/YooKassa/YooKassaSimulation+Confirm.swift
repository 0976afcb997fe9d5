import Foundation
import Hummingbird
import TollgateCore

extension YooKassaSimulation {
    /// Why a payment canceled on the confirmation page is canceled: a user who does not pay lets the
    /// confirmation expire (`yoo_money` / `expired_on_confirmation`, as YooKassa reports it).
    static let abandoned = (party: "yoo_money", reason: "expired_on_confirmation")

    /// The user's side: `GET /yookassa/confirm/{id}` shows the amount with a Pay form (a card number,
    /// a test card by default) and a Cancel form; both POST to the same path, which moves the payment,
    /// notifies, and sends the browser to the payment's `return_url` (303) or a plain "done" page.
    func addConfirmRoutes(to router: Router<BasicRequestContext>) {
        router.get("yookassa/confirm/{id}") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let payment = book.withLock({ $0.payments[id] }) else {
                return Self.page(Self.unknownPage, status: .notFound)
            }
            return Self.page(Self.confirmPage(payment))
        }
        router.post("yookassa/confirm/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            guard let payment = book.withLock({ $0.payments[id] }) else {
                return Self.page(Self.unknownPage, status: .notFound)
            }
            let body = try await request.body.collect(upTo: 1 << 16)
            let form = Dictionary(
                URLEncodedForm.fields(String(buffer: body)).map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }
            )
            let move: YooKassaState.Move =
                form["action"] == "pay"
                ? .pay(form["card"].map(YooKassaTestCard.init) ?? .standard)
                : .cancel(party: Self.abandoned.party, reason: Self.abandoned.reason)
            // A second click (the payment already final) changes nothing and just goes back.
            let outcome: Result<(YooKassaPayment, [YooKassaState.Delivery]), YooKassaError> = book.withLock { state in
                do throws(YooKassaError) { return .success(try state.move(id, move, now: Date())) } catch {
                    return .failure(error)
                }
            }
            if case .success(let (_, deliveries)) = outcome { _ = await send(deliveries, context) }
            guard let returnURL = payment.returnURL else {
                let now = book.withLock { $0.payments[id] } ?? payment
                return Self.page(Self.donePage(now))
            }
            return Response(status: .seeOther, headers: [.location: returnURL])
        }
    }

    /// An HTML answer.
    static func page(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func confirmPage(_ payment: YooKassaPayment) -> String {
        let action = "/yookassa/confirm/\(HTMLEscape.escape(payment.id))"
        let amount = HTMLEscape.escape(payment.amount.value + " " + payment.amount.currency)
        var body = """
            <h1>YooKassa (simulated)</h1>
            <p>Amount: <strong id="amount">\(amount)</strong></p>
            <p id="description">\(HTMLEscape.escape(payment.description ?? ""))</p>

            """
        if payment.status == .pending {
            body += """
                <form method="post" action="\(action)">
                <label>Card number <input name="card" id="card" value="5555 5555 5555 4444"></label>
                <button type="submit" name="action" value="pay" id="pay">Pay</button>
                </form>
                <form method="post" action="\(action)">
                <button type="submit" name="action" value="cancel" id="cancel">Cancel</button>
                </form>

                """
        } else {
            body += "<p id=\"status\">This payment is \(payment.status.rawValue).</p>\n"
            if let returnURL = payment.returnURL {
                body += "<p><a id=\"return\" href=\"\(HTMLEscape.escape(returnURL))\">Back to the shop</a></p>\n"
            }
        }
        return document(title: "Payment", body: body)
    }

    static func donePage(_ payment: YooKassaPayment) -> String {
        document(
            title: "Done",
            body: "<h1>Done</h1>\n<p id=\"status\">The payment is \(payment.status.rawValue).</p>\n")
    }

    static let unknownPage = document(title: "Not found", body: "<h1>No such payment</h1>\n")

    static func document(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>\(title) - YooKassa (simulated)</title></head>
        <body>
        \(body)</body>
        </html>

        """
    }

}
