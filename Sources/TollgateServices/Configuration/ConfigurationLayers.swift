import Foundation
import TollgateCore

/// Raw settings gathered from every source, lowest precedence first:
/// defaults < config file < environment < command-line flags. Each value remembers where it came from
/// so an error can name both the key and its origin.
public struct ConfigurationLayers: Sendable {
    /// A raw value and where it came from.
    public struct Value: Sendable {
        public var text: String
        public var origin: String
    }

    private(set) var values: [String: Value] = [:]
    /// Secrets, which are read only from the environment or from a file the environment names.
    private(set) var secrets: [String: String] = [:]

    public init() {}

    /// Keys whose values are secrets: never accepted from the config file or flags.
    public static func isSecret(_ key: String) -> Bool {
        key.hasSuffix("api_key") || key.hasSuffix("secret") || key.hasSuffix("secret_key") || key.hasSuffix("token")
            || key.hasSuffix("password")
    }

    /// Sets `key` from `origin`, overriding lower layers.
    public mutating func set(_ key: String, _ text: String, origin: String) {
        values[key] = Value(text: text, origin: origin)
    }

    /// Adds a JSON config file: nested objects become dotted keys (`providers.openai.base_url`).
    public mutating func addFile(at path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(key: "config", message: "cannot read config file \(path)")
        }
        guard let object = (try? JSONDecoder().decode(JSONValue.self, from: data))?.objectValue else {
            throw ConfigurationError(key: "config", message: "config file \(path) is not a JSON object")
        }
        try flatten(object, prefix: "", origin: "config file \(path)")
    }

    private mutating func flatten(_ object: [String: JSONValue], prefix: String, origin: String) throws {
        for (name, value) in object {
            let key = prefix + name
            if case .object(let nested) = value {
                try flatten(nested, prefix: key + ".", origin: origin)
                continue
            }
            if Self.isSecret(key) {
                throw ConfigurationError(
                    key: key,
                    message:
                        "is a secret: set it in the environment (or a file named by the environment), not in the config file"
                )
            }
            switch value {
            case .string(let text): set(key, text, origin: origin)
            case .int(let number): set(key, String(number), origin: origin)
            case .double(let number): set(key, String(number), origin: origin)
            case .bool(let flag): set(key, flag ? "true" : "false", origin: origin)
            case .null: values[key] = nil
            case .array, .object: throw ConfigurationError(key: key, message: "has an unsupported value in \(origin)")
            }
        }
    }

    /// Adds `TOLLGATE_*` variables: `TOLLGATE_PROVIDERS_OPENAI_BASE_URL` → `providers.openai.base_url` for
    /// every key in `known`; secrets also from `<NAME>_FILE`.
    public mutating func addEnvironment(_ environment: [String: String], known: [String]) throws {
        for key in known {
            let name = Self.environmentName(key)
            if Self.isSecret(key) {
                if let value = environment[name], !value.isEmpty {
                    secrets[key] = value
                } else if let file = environment[name + "_FILE"], !file.isEmpty {
                    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                        throw ConfigurationError(key: key, message: "cannot read the file named by \(name)_FILE")
                    }
                    secrets[key] = text.trimmingCharacters(in: .whitespacesAndNewlines)
                }
            } else if let value = environment[name] {
                set(key, value, origin: "environment \(name)")
            }
        }
    }

    /// The environment variable that sets `key`.
    public static func environmentName(_ key: String) -> String {
        "TOLLGATE_" + key.uppercased().replacingOccurrences(of: ".", with: "_").replacingOccurrences(of: "-", with: "_")
    }

    /// The raw value of `key`, if any layer set it.
    public func value(_ key: String) -> Value? { values[key] }

    /// The secret named `key`, if the environment gave one.
    public func secret(_ key: String) -> Secret? { secrets[key].map { Secret($0) } }

    /// Every key that was set, for rejecting unknown ones.
    public var keys: Dictionary<String, Value>.Keys { values.keys }
}

/// A configuration value that stops the start; the message names the key.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var key: String
    public var message: String

    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "configuration error: \(key) \(message)" }
}
