import TollgateCore

/// Who is calling: resolved from an API key, or from a JWT access token (then `keyID` is nil and the
/// plan's `api_access` does not apply).
public struct Principal: Sendable, Equatable {
    public var accountID: Int64
    public var keyID: Int64?
    public var plan: String

    public init(accountID: Int64, keyID: Int64?, plan: String) {
        self.accountID = accountID
        self.keyID = keyID
        self.plan = plan
    }
}
