/// Matroska and WebM: the EBML element walk and the Segment's Info and Tracks.
extension MediaProbe {
    /// One EBML element: its ID (with its length marker, as the specification writes IDs) and where its data
    /// starts and ends; an element of unknown size ends with its parent.
    struct Element {
        /// The element ID.
        var id: UInt64
        /// The offset of the data.
        var body: Int
        /// The offset just past the data.
        var end: Int
    }

    /// The EBML elements laid end to end in a range; the walk stops at a malformed header and after an
    /// element of unknown size (a live-streamed Segment or Cluster), which runs to the range's end.
    struct Elements: Sequence, IteratorProtocol {
        let bytes: Bytes
        var position: Int
        let end: Int

        /// The elements in `range` of `bytes` (clamped to the input).
        init(_ bytes: Bytes, in range: Range<Int>) {
            self.bytes = bytes
            self.position = range.lowerBound
            self.end = Swift.min(range.upperBound, bytes.count)
        }

        /// The next element, nil at the end of the range or at a header that does not fit.
        mutating func next() -> Element? {
            guard position < end, let id = vint(at: position, keepMarker: true), id.length <= 4,
                let size = vint(at: position + id.length, keepMarker: false)
            else { return nil }
            let body = position + id.length + size.length
            guard body <= end else { return nil }
            let unknown = size.value == (1 << (7 * UInt64(size.length))) - 1
            let elementEnd = unknown || size.value > UInt64(end - body) ? end : body + Int(size.value)
            position = elementEnd
            return Element(id: id.value, body: body, end: elementEnd)
        }

        /// The variable-length integer at `offset`: its length (1–8, told by the first byte's leading zeros)
        /// and value, with or without the length marker bit.
        func vint(at offset: Int, keepMarker: Bool) -> (length: Int, value: UInt64)? {
            guard let first = bytes[offset], first != 0 else { return nil }
            let length = first.leadingZeroBitCount + 1
            guard let raw = bytes.uint(offset, length) else { return nil }
            return (length, keepMarker ? raw : raw & ((1 << (7 * UInt64(length))) - 1))
        }
    }

    /// Matroska and WebM: the Segment's Info (Duration × TimecodeScale) and the first video track's
    /// PixelWidth and PixelHeight. Clusters are skipped by size; the walk ends at one of unknown size.
    static func matroska(_ bytes: Bytes) -> MediaFacts? {
        guard let segment = Elements(bytes, in: 0..<bytes.count).first(where: { $0.id == 0x1853_8067 }) else {
            return nil
        }
        var facts = MediaFacts()
        var timecodeScale: UInt64 = 1_000_000
        var duration: Double?
        for element in Elements(bytes, in: segment.body..<segment.end) {
            if element.id == 0x1549_A966 {  // Info
                for field in Elements(bytes, in: element.body..<element.end) {
                    if field.id == 0x2A_D7B1, let scale = bytes.uint(field.body, field.end - field.body), scale > 0 {
                        timecodeScale = scale
                    }
                    if field.id == 0x4489 { duration = float(bytes, field) }
                }
            } else if element.id == 0x1654_AE6B, facts.width == nil,  // Tracks
                let picture = matroskaVideoSize(bytes, element)
            {
                facts.width = picture.width
                facts.height = picture.height
            }
        }
        if let duration { facts.durationSeconds = rounded(duration * Double(timecodeScale) / 1_000_000_000) }
        return facts
    }

    /// The PixelWidth and PixelHeight of the first TrackEntry whose TrackType is video (1).
    static func matroskaVideoSize(_ bytes: Bytes, _ tracks: Element) -> MediaFacts? {
        for entry in Elements(bytes, in: tracks.body..<tracks.end) where entry.id == 0xAE {
            let fields = Elements(bytes, in: entry.body..<entry.end)
            guard let type = fields.first(where: { $0.id == 0x83 }), bytes.be(type.body, type.end - type.body) == 1,
                let video = fields.first(where: { $0.id == 0xE0 })
            else { continue }
            let sizes = Elements(bytes, in: video.body..<video.end)
            let width = sizes.first { $0.id == 0xB0 }.flatMap { bytes.be($0.body, $0.end - $0.body) }
            let height = sizes.first { $0.id == 0xBA }.flatMap { bytes.be($0.body, $0.end - $0.body) }
            return picture(width: width, height: height)
        }
        return nil
    }

    /// An EBML float element (4 or 8 bytes).
    static func float(_ bytes: Bytes, _ element: Element) -> Double? {
        switch element.end - element.body {
        case 4: bytes.uint(element.body, 4).map { Double(Float(bitPattern: UInt32($0))) }
        case 8: bytes.uint(element.body, 8).map { Double(bitPattern: $0) }
        default: nil
        }
    }
}
