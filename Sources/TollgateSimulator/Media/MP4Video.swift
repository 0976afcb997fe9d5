import TollgateCore

/// A small MP4 a decoder can play: `ftyp`, a `moov` whose movie header carries the duration and whose one video
/// track carries the frame size and a single sample — a PNG of the whole frame (QuickTime's `png ` codec, which
/// ffmpeg decodes) lasting the whole clip — and the `mdat` holding that PNG. Readers of metadata see the duration
/// and size; a thumbnailer sees a frame.
enum MP4Video {
    /// The MP4 bytes of a `seconds`-long `width`×`height` video showing `color`.
    static func make(width: Int, height: Int, seconds: Double, color: (UInt8, UInt8, UInt8) = (40, 90, 160))
        -> [UInt8]
    {
        let timescale: UInt32 = 1000
        let duration = UInt32(max(0, seconds) * 1000)
        var ftyp: [UInt8] = []
        ftyp.appendASCII("isom")
        ftyp.appendBE32(0x200)
        ftyp.appendASCII("isomiso2mp41")
        let head = box("ftyp", ftyp)
        let frame = PNGImage.make(width: width, height: height, color: color)

        // The movie box's size does not depend on the offset it names, so it is built once to be measured.
        func movie(frameOffset: UInt32) -> [UInt8] {
            box(
                "moov",
                box("mvhd", movieHeader(timescale: timescale, duration: duration))
                    + track(
                        width: width, height: height, timescale: timescale, duration: duration,
                        frame: (offset: frameOffset, size: UInt32(frame.count))))
        }
        let offset = UInt32(head.count + movie(frameOffset: 0).count + 8)
        return head + movie(frameOffset: offset) + box("mdat", frame)
    }

    private static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendBE32(UInt32(8 + payload.count))
        bytes.appendASCII(type)
        return bytes + payload
    }

    /// A full box's payload: version 0, no flags, then `fields` as 32-bit numbers.
    private static func fullBox(_ type: String, _ fields: [UInt32]) -> [UInt8] {
        var payload: [UInt8] = [0, 0, 0, 0]
        for field in fields { payload.appendBE32(field) }
        return box(type, payload)
    }

    private static let matrix: [UInt32] = [0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000]

    private static func movieHeader(timescale: UInt32, duration: UInt32) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, 0, 0]  // version 0, flags
        bytes.appendBE32(0)  // creation time
        bytes.appendBE32(0)  // modification time
        bytes.appendBE32(timescale)
        bytes.appendBE32(duration)
        bytes.appendBE32(0x0001_0000)  // rate 1.0
        bytes.appendBE16(0x0100)  // volume 1.0
        bytes += [UInt8](repeating: 0, count: 10)
        for value in matrix { bytes.appendBE32(value) }
        bytes += [UInt8](repeating: 0, count: 24)
        bytes.appendBE32(2)  // next track id
        return bytes
    }

    /// The `png ` visual sample entry (ISO/IEC 14496-12 §12.1.3) of a `width`×`height` frame.
    private static func sampleEntry(width: Int, height: Int) -> [UInt8] {
        var entry: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 1]  // reserved, data reference index 1
        entry += [UInt8](repeating: 0, count: 16)  // pre-defined and reserved
        entry.appendBE16(UInt16(width))
        entry.appendBE16(UInt16(height))
        entry.appendBE32(0x0048_0000)  // 72 dpi across
        entry.appendBE32(0x0048_0000)  // 72 dpi down
        entry.appendBE32(0)
        entry.appendBE16(1)  // frames per sample
        entry += [UInt8](repeating: 0, count: 32)  // compressor name
        entry.appendBE16(0x0018)  // 24-bit colour
        entry.appendBE16(0xFFFF)
        return box("png ", entry)
    }

    private static func track(
        width: Int, height: Int, timescale: UInt32, duration: UInt32, frame: (offset: UInt32, size: UInt32)
    ) -> [UInt8] {
        var header: [UInt8] = [0, 0, 0, 3]  // version 0, enabled | in movie
        header.appendBE32(0)
        header.appendBE32(0)
        header.appendBE32(1)  // track id
        header.appendBE32(0)
        header.appendBE32(duration)
        header += [UInt8](repeating: 0, count: 8)
        header.appendBE16(0)  // layer
        header.appendBE16(0)  // alternate group
        header.appendBE16(0)  // volume (video)
        header.appendBE16(0)
        for value in matrix { header.appendBE32(value) }
        header.appendBE32(UInt32(width) << 16)
        header.appendBE32(UInt32(height) << 16)

        var mediaHeader: [UInt8] = [0, 0, 0, 0]
        mediaHeader.appendBE32(0)
        mediaHeader.appendBE32(0)
        mediaHeader.appendBE32(timescale)
        mediaHeader.appendBE32(duration)
        mediaHeader.appendBE16(0x55C4)  // language "und"
        mediaHeader.appendBE16(0)

        var handler: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0]
        handler.appendASCII("vide")
        handler += [UInt8](repeating: 0, count: 12)
        handler.appendASCII("VideoHandler")
        handler.append(0)

        let videoHeader: [UInt8] = [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]
        let dataReference = box("dref", [0, 0, 0, 0, 0, 0, 0, 1] + box("url ", [0, 0, 0, 1]))
        // One sample in one chunk: the PNG, lasting the whole clip.
        let sampleTable = box(
            "stbl",
            box("stsd", [0, 0, 0, 0, 0, 0, 0, 1] + sampleEntry(width: width, height: height))
                + fullBox("stts", [1, 1, max(1, duration)]) + fullBox("stsc", [1, 1, 1, 1])
                + fullBox("stsz", [frame.size, 1]) + fullBox("stco", [1, frame.offset]))
        let mediaInformation = box("minf", box("vmhd", videoHeader) + box("dinf", dataReference) + sampleTable)
        let media = box("mdia", box("mdhd", mediaHeader) + box("hdlr", handler) + mediaInformation)
        return box("trak", box("tkhd", header) + media)
    }
}
