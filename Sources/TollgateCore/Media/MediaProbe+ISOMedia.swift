/// ISO-BMFF (MP4, MOV, M4A, 3GP, HEIF, AVIF): the box walk, the movie header, the tracks, movie fragments and
/// image items.
extension MediaProbe {
    /// The box types an ISO-BMFF or QuickTime file may start with.
    static let isoTopLevelTypes: Set<String> = ["ftyp", "moov", "mdat", "free", "skip", "wide", "pnot"]

    /// The most tracks read: enough for any real file, and a bound on what a file of empty `trak` boxes costs.
    static let maximumTracks = 64

    /// One ISO-BMFF box: its type, and where its payload starts and ends (clamped to its parent).
    struct Box {
        /// The four-character type.
        var type: String
        /// The offset of the payload, after the size, type and any 64-bit size.
        var body: Int
        /// The offset just past the box.
        var end: Int
    }

    /// The boxes laid end to end in a range, each skipped by its size (a 32-bit size, 1 for a 64-bit size
    /// after the type, 0 for "to the end"); the walk stops at the first header that does not fit.
    struct Boxes: Sequence, IteratorProtocol {
        let bytes: Bytes
        var position: Int
        let end: Int

        /// The boxes in `range` of `bytes` (clamped to the input).
        init(_ bytes: Bytes, in range: Range<Int>) {
            self.bytes = bytes
            self.position = range.lowerBound
            self.end = Swift.min(range.upperBound, bytes.count)
        }

        /// The next box, nil at the end of the range or at a header that does not fit.
        mutating func next() -> Box? {
            guard position < end, end - position >= 8, let size32 = bytes.uint(position, 4) else { return nil }
            var header = 8
            var size = end - position
            if size32 == 1 {
                guard end - position >= 16, let large = bytes.uint(position + 8, 8) else { return nil }
                header = 16
                size = Int(clamping: large)
            } else if size32 != 0 {
                size = Int(size32)
            }
            guard size >= header else {
                position = end
                return nil
            }
            let boxEnd = size > end - position ? end : position + size
            let box = Box(type: bytes.text(at: position + 4, count: 4), body: position + header, end: boxEnd)
            position = boxEnd
            return box
        }
    }

    /// The first box of `type` directly inside `parent`.
    static func child(_ type: String, of parent: Box, in bytes: Bytes) -> Box? {
        Boxes(bytes, in: parent.body..<parent.end).first { $0.type == type }
    }

    /// The box at the end of a `path` of types below `parent`.
    static func descendant(_ path: [String], of parent: Box, in bytes: Bytes) -> Box? {
        var box = parent
        for type in path {
            guard let next = child(type, of: box, in: bytes) else { return nil }
            box = next
        }
        return box
    }

    /// ISO-BMFF: the `moov` box wherever it lies — its `mvhd` duration (for a fragmented file, see `Fragments`)
    /// and the first video track's frame size; without one, a still image's size.
    static func isoMedia(_ bytes: Bytes) -> MediaFacts? {
        guard let moov = Boxes(bytes, in: 0..<bytes.count).first(where: { $0.type == "moov" }) else {
            return itemImage(bytes)
        }
        var facts = MediaFacts()
        var timescale = 0
        var duration: Double?
        var tracks: [Track] = []
        var mvex: Box?
        for box in Boxes(bytes, in: moov.body..<moov.end) {
            switch box.type {
            case "mvhd":
                let version1 = bytes[box.body] == 1
                timescale = bytes.be(box.body + (version1 ? 20 : 12), 4) ?? 0
                let ticks = bytes.uint(box.body + (version1 ? 24 : 16), version1 ? 8 : 4)
                let unknown: UInt64 = version1 ? .max : 0xFFFF_FFFF
                duration = ticks.flatMap { $0 == unknown || timescale == 0 ? nil : Double($0) / Double(timescale) }
            case "trak" where tracks.count < maximumTracks: tracks.append(track(box, in: bytes))
            case "mvex" where mvex == nil: mvex = box
            default: break
            }
        }
        if let mvex {
            let fragments = Fragments(mvex: mvex, movieEnd: moov.end, tracks: tracks, timescale: timescale)
            duration = fragments.duration(in: bytes, movieDuration: duration)
        }
        facts.durationSeconds = duration.flatMap(rounded)
        let video = tracks.first { $0.handler == "vide" } ?? tracks.first { $0.handler == nil && $0.width > 0 }
        if let video, let picture = picture(width: video.width, height: video.height) {
            facts.width = picture.width
            facts.height = picture.height
        }
        return facts
    }

    /// HEIF and AVIF still images: the largest `ispe` (image spatial extents) among the item properties in
    /// `meta/iprp/ipco` — the primary image's, since thumbnails and a grid's tiles are smaller than it.
    static func itemImage(_ bytes: Bytes) -> MediaFacts? {
        // `meta` is a full box: its children follow 4 bytes of version and flags.
        guard let meta = Boxes(bytes, in: 0..<bytes.count).first(where: { $0.type == "meta" }),
            meta.end - meta.body >= 4,
            let ipco = descendant(
                ["iprp", "ipco"], of: Box(type: "meta", body: meta.body + 4, end: meta.end), in: bytes)
        else { return nil }
        var largest: MediaFacts?
        for ispe in Boxes(bytes, in: ipco.body..<ipco.end) where ispe.type == "ispe" {
            guard let extents = picture(width: bytes.be(ispe.body + 4, 4), height: bytes.be(ispe.body + 8, 4)) else {
                continue
            }
            if area(extents) > largest.map(area) ?? 0 { largest = extents }
        }
        return largest
    }

    /// A picture's area in pixels.
    private static func area(_ facts: MediaFacts) -> Double {
        Double(facts.width ?? 0) * Double(facts.height ?? 0)
    }

    /// What a `trak` says: its ID, handler type (`vide`, `soun`, …; nil without `mdia/hdlr`), media timescale
    /// and duration, and frame size.
    struct Track {
        /// The `tkhd` track ID.
        var id: UInt64?
        /// The `hdlr` handler type.
        var handler: String?
        /// The `mdhd` ticks a second.
        var timescale: UInt64 = 0
        /// The `mdhd` duration in ticks, of the samples in `moov` (0 when unknown).
        var duration: UInt64 = 0
        /// The frame width in pixels (0 for none).
        var width = 0
        /// The frame height in pixels (0 for none).
        var height = 0
    }

    /// Reads a `trak`. The frame size is the `tkhd`'s (16.16 fixed point), or for a video track whose `tkhd`
    /// says 0×0 its first sample entry's.
    static func track(_ trak: Box, in bytes: Bytes) -> Track {
        var track = Track()
        if let tkhd = child("tkhd", of: trak, in: bytes) {
            let version1 = bytes[tkhd.body] == 1
            let size = tkhd.body + (version1 ? 88 : 76)
            track.id = bytes.uint(tkhd.body + (version1 ? 20 : 12), 4)
            (track.width, track.height) = ((bytes.be(size, 4) ?? 0) >> 16, (bytes.be(size + 4, 4) ?? 0) >> 16)
        }
        if let mdhd = descendant(["mdia", "mdhd"], of: trak, in: bytes) {
            let version1 = bytes[mdhd.body] == 1
            track.timescale = bytes.uint(mdhd.body + (version1 ? 20 : 12), 4) ?? 0
            let duration = bytes.uint(mdhd.body + (version1 ? 24 : 16), version1 ? 8 : 4) ?? 0
            track.duration = duration == (version1 ? .max : 0xFFFF_FFFF) ? 0 : duration  // all ones: unknown
        }
        track.handler = descendant(["mdia", "hdlr"], of: trak, in: bytes).map { bytes.text(at: $0.body + 8, count: 4) }
        if track.handler == "vide", track.width == 0 || track.height == 0,
            let stsd = descendant(["mdia", "minf", "stbl", "stsd"], of: trak, in: bytes)
        {
            // The first visual sample entry starts 8 bytes in; its width and height follow 24 bytes of header.
            let entry = stsd.body + 8
            (track.width, track.height) = (bytes.be(entry + 32, 2) ?? 0, bytes.be(entry + 34, 2) ?? 0)
        }
        return track
    }

    /// The movie fragments of a fragmented file: the `mvex` box in `moov` and the `moof` boxes after it.
    struct Fragments {
        /// The movie extends box.
        let mvex: Box
        /// The end of `moov`, where the fragments may start.
        let movieEnd: Int
        /// The tracks, for their IDs, timescales and durations in `moov`.
        let tracks: [Track]
        /// The movie header's timescale, which `mehd` uses.
        let timescale: Int

        /// The duration: the `mehd`'s, else the fragments' end (at least `movieDuration`, which counts the
        /// samples in `moov`); nil for an initialization segment whose movie header says 0.
        func duration(in bytes: Bytes, movieDuration: Double?) -> Double? {
            let mehd = child("mehd", of: mvex, in: bytes)
            if let ticks = mehd.flatMap({ bytes.uint($0.body + 4, bytes[$0.body] == 1 ? 8 : 4) }), timescale > 0 {
                return Double(ticks) / Double(timescale)
            }
            if let end = fragmentsEnd(in: bytes) { return Swift.max(movieDuration ?? 0, end) }
            return movieDuration == 0 ? nil : movieDuration
        }

        /// The latest end, in seconds, of any track's fragments, nil without any: each `traf` starts at its
        /// `tfdt` decode time (else where the track's previous one ended, first of all after its samples in
        /// `moov`) and lasts its `trun` sample durations (else the `tfhd`, else the `trex`, default duration).
        func fragmentsEnd(in bytes: Bytes) -> Double? {
            var defaults: [UInt64: UInt64] = [:]
            for trex in Boxes(bytes, in: mvex.body..<mvex.end)
            where trex.type == "trex" && defaults.count < maximumTracks {
                if let id = bytes.uint(trex.body + 4, 4) { defaults[id] = bytes.uint(trex.body + 12, 4) }
            }
            var ends: [UInt64: Double] = [:]
            for track in tracks { if let id = track.id { ends[id] = Double(track.duration) } }
            var latest: Double?
            for moof in Boxes(bytes, in: movieEnd..<bytes.count) where moof.type == "moof" {
                for traf in Boxes(bytes, in: moof.body..<moof.end) where traf.type == "traf" {
                    guard let tfhd = child("tfhd", of: traf, in: bytes), let flags = bytes.uint(tfhd.body, 4),
                        let id = bytes.uint(tfhd.body + 4, 4),
                        let timescale = tracks.first(where: { $0.id == id })?.timescale, timescale > 0
                    else { continue }
                    // Optional fields: base data offset (8 bytes), sample description index (4), default duration.
                    let defaultAt = tfhd.body + 8 + (flags & 1 != 0 ? 8 : 0) + (flags & 2 != 0 ? 4 : 0)
                    let defaultDuration = flags & 8 != 0 ? bytes.uint(defaultAt, 4) : defaults[id]
                    let tfdt = child("tfdt", of: traf, in: bytes)
                    let decodeTime = tfdt.flatMap { bytes.uint($0.body + 4, bytes[$0.body] == 1 ? 8 : 4) }
                    var time = decodeTime.map { Double($0) } ?? ends[id] ?? 0
                    for trun in Boxes(bytes, in: traf.body..<traf.end) where trun.type == "trun" {
                        time += runDuration(bytes, trun, defaultDuration: defaultDuration ?? 0)
                    }
                    ends[id] = time
                    latest = Swift.max(latest ?? 0, time / Double(timescale))
                }
            }
            return latest
        }
    }

    /// The summed sample durations of a `trun`: per sample when recorded (flag 0x100), else the count times
    /// the default. Only as many samples as the box holds are read.
    static func runDuration(_ bytes: Bytes, _ trun: Box, defaultDuration: UInt64) -> Double {
        guard let flags = bytes.uint(trun.body, 4), let count = bytes.uint(trun.body + 4, 4) else { return 0 }
        guard flags & 0x100 != 0 else { return Double(count) * Double(defaultDuration) }
        // After the count: an optional data offset and first-sample flags, then records of 4-byte fields.
        var offset = trun.body + 8 + (flags & 1 != 0 ? 4 : 0) + (flags & 4 != 0 ? 4 : 0)
        let stride = 4 * (flags & 0xF00).nonzeroBitCount
        let records = Swift.min(Int(clamping: count), Swift.max(0, trun.end - offset) / stride)
        var total = 0.0
        for _ in 0..<records {
            total += Double(bytes.uint(offset, 4) ?? 0)
            offset += stride
        }
        return total
    }
}
