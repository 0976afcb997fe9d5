import Foundation

/// Where result files' bytes live: a local folder by default, an S3-compatible bucket for several instances.
public protocol FileStorage: Sendable {
    func put(key: String, bytes: [UInt8], contentType: String) async throws
    func get(key: String) async throws -> [UInt8]?
    func delete(key: String) async throws
    /// Releases connections; called once at shutdown.
    func shutdown() async
}

extension FileStorage {
    public func shutdown() async {}
}

/// Files in a local folder, one file per key (keys are generated tokens: no path tricks possible).
public struct LocalFileStorage: FileStorage {
    let root: URL

    public init(directory: String) throws {
        root = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func url(_ key: String) -> URL { root.appendingPathComponent(key) }

    public func put(key: String, bytes: [UInt8], contentType: String) async throws {
        // Written to a temporary name first, so a reader never sees half a file.
        let final = url(key), temporary = url(key + ".part")
        try Data(bytes).write(to: temporary)
        _ = try? FileManager.default.removeItem(at: final)
        try FileManager.default.moveItem(at: temporary, to: final)
    }

    public func get(key: String) async throws -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: url(key).path) else { return nil }
        return Array(data)
    }

    public func delete(key: String) async throws {
        try? FileManager.default.removeItem(at: url(key))
    }
}
