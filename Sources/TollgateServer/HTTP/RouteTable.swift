import HTTPTypes
import Hummingbird
import Synchronization

/// Every route's path pattern and methods, filled once the router is built, so that a known path asked with
/// a method it does not have answers 405 with `Allow` (RFC 9110) instead of 404. Read only on those misses.
final class RouteTable: Sendable {
    private let routes = Mutex<[(pattern: [Substring], methods: Set<HTTPRequest.Method>)]>([])

    func set(_ descriptions: [(path: String, method: HTTPRequest.Method)]) {
        var byPath: [String: Set<HTTPRequest.Method>] = [:]
        for description in descriptions {
            byPath[description.path, default: []].insert(description.method)
            // Hummingbird answers HEAD wherever there is a GET.
            if description.method == .get { byPath[description.path, default: []].insert(.head) }
        }
        routes.withLock { $0 = byPath.map { (Self.segments($0.key), $0.value) } }
    }

    /// The methods of the routes whose pattern matches `path` (a `{name}` segment matches any one segment).
    func methods(for path: String) -> Set<HTTPRequest.Method> {
        let segments = Self.segments(path)
        return routes.withLock { routes in
            routes.reduce(into: Set<HTTPRequest.Method>()) { found, route in
                guard route.pattern.count == segments.count,
                    zip(route.pattern, segments).allSatisfy({ $0.hasPrefix("{") || $0.hasPrefix(":") || $0 == $1 })
                else { return }
                found.formUnion(route.methods)
            }
        }
    }

    static func segments(_ path: String) -> [Substring] {
        path.split(separator: "?", maxSplits: 1).first.map { $0.split(separator: "/") } ?? []
    }
}
