import TollgateCore

/// A small MP4 with a valid ISO-BMFF box structure: `ftyp`, a `moov` whose movie header carries the
/// duration and whose one video track header carries the frame size (a track with no samples), and
/// an `mdat`. Readers of metadata (duration, width, height) accept it; it plays as nothing.
enum MP4Video {
    /// The MP4 bytes of a `seconds`-long `width`×`height` video.
    static func make(width: Int, height: Int, seconds: Double) -> [UInt8] {
        let timescale: UInt32 = 1000
        let duration = UInt32(max(0, seconds) * 1000)
        var ftyp: [UInt8] = []
        ftyp.appendASCII("isom")
        ftyp.appendBE32(0x200)
        ftyp.appendASCII("isomiso2mp41")

        let moov = box(
            "moov",
            box("mvhd", movieHeader(timescale: timescale, duration: duration))
                + track(width: width, height: height, timescale: timescale, duration: duration))
        return box("ftyp", ftyp) + moov + box("mdat", Array("tollgate simulated video".utf8))
    }

    private static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendBE32(UInt32(8 + payload.count))
        bytes.appendASCII(type)
        return bytes + payload
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

    private static func track(width: Int, height: Int, timescale: UInt32, duration: UInt32) -> [UInt8] {
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
        let emptyTable: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0]
        let sampleTable = box(
            "stbl",
            box("stsd", emptyTable) + box("stts", emptyTable) + box("stsc", emptyTable)
                + box("stsz", emptyTable + [0, 0, 0, 0]) + box("stco", emptyTable))
        let mediaInformation = box("minf", box("vmhd", videoHeader) + box("dinf", dataReference) + sampleTable)
        let media = box("mdia", box("mdhd", mediaHeader) + box("hdlr", handler) + mediaInformation)
        return box("trak", box("tkhd", header) + media)
    }
}
