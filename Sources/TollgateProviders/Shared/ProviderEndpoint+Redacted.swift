extension ProviderEndpoint: CustomStringConvertible, CustomReflectable {
    /// The endpoint without its key.
    public var description: String { "ProviderEndpoint(\(providerID), \(baseURL))" }
    public var customMirror: Mirror { Mirror(self, children: ["providerID": providerID, "baseURL": baseURL]) }
}
