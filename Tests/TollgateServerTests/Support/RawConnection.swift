import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A raw TCP connection to `host:port` (an `http://` prefix is ignored), so a test can send half a request or
/// leave the way a real client does. Its reads block a thread of their own, never the concurrency pool the
/// server under test answers on (two tests reading at once would starve it on two cores).
final class RawConnection: @unchecked Sendable {
    let descriptor: Int32

    /// `receiveBuffer`: the socket's receive buffer in bytes (the kernel's default if nil); a small one makes a
    /// client that stops reading felt by the server at once.
    init(_ address: String, receiveBuffer: Int32? = nil) throws {
        let parts = address.replacingOccurrences(of: "http://", with: "").split(separator: ":")
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if var size = receiveBuffer {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = in_port_t(UInt16(parts[1])!).bigEndian
        inet_pton(AF_INET, String(parts[0]), &target.sin_addr)
        let connected = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        // Long enough for a loaded machine running the whole suite at once (a read that times out reads as "no
        // answer" and fails the test).
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// Reads until the peer closes (0) or the read times out (-1); returns what came and whether it closed.
    func readToClose() async -> (bytes: Int, closed: Bool) { await offPool(blockingReadToClose) }

    /// Reads until what came contains `marker` (or the peer closes, or a read times out); returns it all.
    func read(until marker: String) async -> String { await offPool { self.blockingRead(until: marker) } }

    /// Reads everything until the peer closes (or a read times out).
    func readAll() async -> String { await read(until: "\u{0}never") }

    private func offPool<Value: Sendable>(_ read: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: read()) }
        }
    }

    private func blockingReadToClose() -> (bytes: Int, closed: Bool) {
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count < 0, errno == EINTR { continue }
            if count == 0 { return (total, true) }
            if count < 0 { return (total, false) }
            total += count
        }
    }

    private func blockingRead(until marker: String) -> String {
        var text = ""
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !text.contains(marker) {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            text += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        return text
    }

    /// Leaves as a client that has read everything does: a FIN, not a reset.
    func finish() { shutdown(descriptor, Int32(SHUT_WR)) }

    deinit { close(descriptor) }
}
