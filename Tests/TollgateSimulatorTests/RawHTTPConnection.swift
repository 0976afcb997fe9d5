import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A bare HTTP/1.1 client over a non-blocking socket, so a test can see bytes as they arrive, notice
/// the server closing, and hang up mid-response — what a real client of a stream does.
final class RawHTTPConnection: @unchecked Sendable {
    private let descriptor: Int32
    private var open = true
    /// Every byte received so far.
    private(set) var received: [UInt8] = []
    /// Whether the server closed the connection.
    private(set) var closedByPeer = false

    /// The received bytes as text (chunked framing included).
    var text: String { String(decoding: received, as: UTF8.self) }

    /// Connects to 127.0.0.1:`port`.
    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ConnectionError.socket(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            Glibc.close(descriptor)
            throw ConnectionError.connect(errno)
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close()
    }

    enum ConnectionError: Error {
        case socket(Int32), connect(Int32), write(Int32)
    }

    /// Sends a POST with a JSON body.
    func post(_ path: String, headers: [String: String], body: String) throws {
        var request = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        var bytes = Array(request.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EAGAIN { continue }
                throw ConnectionError.write(errno)
            }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Reads until `done(text)` holds, the server closes, or `timeout` passes; `onRead` sees the
    /// text after each read. Returns whether `done` held.
    @discardableResult
    func read(
        until done: (String) -> Bool, timeout: Duration = .seconds(10), onRead: (String) -> Void = { _ in }
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 65536)
        while ContinuousClock.now < deadline {
            if done(text) { return true }
            if closedByPeer { return false }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[0..<count]
                onRead(text)
            } else if count == 0 {
                closedByPeer = true
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                try await Task.sleep(for: .milliseconds(2))
            } else {
                closedByPeer = true
            }
        }
        return done(text)
    }

    /// Hangs up.
    func close() {
        guard open else { return }
        open = false
        Glibc.close(descriptor)
    }
}

extension String {
    /// How many times `needle` occurs.
    func occurrences(of needle: String) -> Int {
        components(separatedBy: needle).count - 1
    }
}
