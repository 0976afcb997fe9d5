/// The kind of value a model parameter takes.
public enum ParamType: String, Sendable, Codable, CaseIterable {
    /// A string: one of `values` when they are given, else free text up to `maxLength`.
    case string
    /// A whole number: one of `values`, or within `min`…`max`.
    case integer
    /// Any number within `min`…`max`.
    case number
    /// `true` or `false`.
    case boolean
    /// An `http` or `https` URL up to `maxLength` (default 2048) characters.
    case url
    /// A string, or a list of up to `maxItems` strings, each up to `maxLength` characters (e.g. `stop`).
    case stringList = "string_list"
    /// A list of up to `maxItems` `{"text", "voice_id"}` lines with at most `maxLength` characters of text.
    case dialogue
}
