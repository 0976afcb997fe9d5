import Foundation
import Hummingbird

/// SMS.ru's send method, faithful to its wire format: `POST /smsru/sms/send` with form fields `api_id`, `to`
/// (digits, comma-separated), `msg`, `from` and `json=1`; answers `{"status": "OK", "status_code": 100, "sms":
/// {"<number>": {"status": "OK", "status_code": 100, "sms_id": "…"}}, "balance": …}`. An `api_id` of `bad` is
/// refused as SMS.ru refuses a wrong key (`"status": "ERROR", "status_code": 200`); a number that is not 10–15
/// digits gets its own error (202). The test side reads what was sent: `GET /smsru/_sim/messages?to=<digits>`.
struct SMSRuSimulation: Sendable {
    struct Message: Encodable, Sendable {
        var to: String
        var text: String
        var from: String?
        var smsID: String

        enum CodingKeys: String, CodingKey {
            case to, text, from
            case smsID = "sms_id"
        }
    }

    let messages = LockedState<[Message]>([])

    func add(to router: Router<BasicRequestContext>) {
        router.post("smsru/sms/send") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 16)
            let fields = Dictionary(
                URLEncodedForm.fields(String(buffer: body)).map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }
            )
            guard let apiID = fields["api_id"], !apiID.isEmpty, apiID != "bad" else {
                return Self.json(
                    AnyJSON.object([
                        "status": .string("ERROR"), "status_code": .int(200),
                        "status_text": .string("Неправильный api_id"),
                    ]))
            }
            guard let text = fields["msg"], !text.isEmpty, let to = fields["to"], !to.isEmpty else {
                return Self.json(
                    AnyJSON.object([
                        "status": .string("ERROR"), "status_code": .int(204),
                        "status_text": .string("Нет текста сообщения или номера"),
                    ]))
            }
            var entries: [String: AnyJSON] = [:]
            for number in to.split(separator: ",").map(String.init) {
                guard (10...15).contains(number.count), number.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    entries[number] = .object([
                        "status": .string("ERROR"), "status_code": .int(202),
                        "status_text": .string("Неправильно указан номер телефона получателя"),
                    ])
                    continue
                }
                let id = "\(100000 + Int.random(in: 0..<900000))-\(Int.random(in: 1_000_000..<9_999_999))"
                messages.withLock { $0.append(Message(to: number, text: text, from: fields["from"], smsID: id)) }
                entries[number] = .object(["status": .string("OK"), "status_code": .int(100), "sms_id": .string(id)])
            }
            return Self.json(
                AnyJSON.object([
                    "status": .string("OK"), "status_code": .int(100), "sms": .object(entries),
                    "balance": .double(4122.56),
                ]))
        }
        router.get("smsru/_sim/messages") { request, _ in
            let to = request.uri.queryParameters.get("to")
            return Self.json(["messages": messages.withLock { $0.filter { to == nil || $0.to == to } }])
        }
    }

    static func json(_ value: some Encodable) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: WireJSON.buffer(value)))
    }
}
