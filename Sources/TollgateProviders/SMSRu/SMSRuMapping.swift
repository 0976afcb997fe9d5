/// SMS.ru's send method (`POST /sms/send`, form fields `api_id`, `to` as digits, `msg`, optional `from`, and
/// `json=1`). The answer is `{"status": "OK", "status_code": 100, "sms": {"<number>": {"status": "OK", …}}}`;
/// a request-level refusal is `"status": "ERROR"` with a `status_code` (200 a wrong `api_id`, 201 no money, …)
/// and a per-number refusal sits in that number's entry. Pure: `SMSRuClient` sends.
public enum SMSRuMapping {
    /// The send request for one number (E.164 `+7…`; SMS.ru takes the digits).
    public static func send(to phone: String, text: String, apiID: String, sender: String?) -> UpstreamRequest {
        let digits = String(phone.filter(\.isNumber))
        var fields = [("api_id", apiID), ("to", digits), ("msg", text), ("json", "1")]
        if let sender { fields.append(("from", sender)) }
        return FormBody.request(path: "/sms/send", fields)
    }

    /// The message id SMS.ru gave the number, or the refusal as a failure: a request-level code, or the number's.
    public static func messageID(_ response: UpstreamResponse, phone: String) throws(ProviderFailure) -> String {
        guard response.status == 200 else { throw ProviderFailure.fromStatus(response.status, retryAfter: nil) }
        let answer = try WireJSON.decode(SMSRuAnswer.self, from: response.body)
        guard answer.status == "OK" else { throw refusal(answer.statusCode) }
        let digits = String(phone.filter(\.isNumber))
        guard let entry = answer.sms?[digits] else {
            throw ProviderFailure(.malformed, "SMS.ru's answer does not name the number.")
        }
        guard entry.status == "OK", let id = entry.smsID else { throw refusal(entry.statusCode) }
        return id
    }

    /// A refusal by its code: a wrong key or an empty account is the gateway's (retrying will not help until an
    /// operator acts); a number SMS.ru will not send to is the caller's.
    static func refusal(_ code: Int?) -> ProviderFailure {
        switch code {
        case 200, 201, 300, 301, 302:
            return ProviderFailure(.unauthorized, "SMS.ru refused the account (code \(code ?? 0)).")
        case 202, 207, 208, 209:
            return ProviderFailure(.rejected, "SMS.ru cannot send to this number (code \(code ?? 0)).")
        default:
            return ProviderFailure(
                .upstreamError, "SMS.ru refused the message (code \(code.map(String.init) ?? "none")).")
        }
    }
}

/// SMS.ru's JSON answer to `sms/send`.
struct SMSRuAnswer: Decodable {
    var status: String
    var statusCode: Int?
    var sms: [String: Entry]?

    struct Entry: Decodable {
        var status: String
        var statusCode: Int?
        var smsID: String?

        enum CodingKeys: String, CodingKey {
            case status
            case statusCode = "status_code"
            case smsID = "sms_id"
        }
    }

    enum CodingKeys: String, CodingKey {
        case status
        case statusCode = "status_code"
        case sms
    }
}
