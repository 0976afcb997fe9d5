/// Writing binary formats' fixed-width integers (media headers: the simulator's files, the probe's tests).
extension Array where Element == UInt8 {
    /// Appends `value` as 4 bytes, big-endian.
    public mutating func appendBE32(_ value: UInt32) {
        append(contentsOf: [
            UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF),
        ])
    }

    /// Appends `value` as 2 bytes, big-endian.
    public mutating func appendBE16(_ value: UInt16) {
        append(contentsOf: [UInt8(value >> 8), UInt8(value & 0xFF)])
    }

    /// Appends `value` as 4 bytes, little-endian.
    public mutating func appendLE32(_ value: UInt32) {
        append(contentsOf: [
            UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24),
        ])
    }

    /// Appends `value` as 2 bytes, little-endian.
    public mutating func appendLE16(_ value: UInt16) {
        append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8)])
    }

    /// Appends `value` as 8 bytes, little-endian.
    public mutating func appendLE64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { append(UInt8(value >> UInt64(shift) & 0xFF)) }
    }

    /// Appends the ASCII bytes of `text`.
    public mutating func appendASCII(_ text: String) {
        append(contentsOf: Array(text.utf8))
    }
}
