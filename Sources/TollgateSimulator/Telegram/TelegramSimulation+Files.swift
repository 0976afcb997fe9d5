import Hummingbird
import NIOCore

extension TelegramSimulation {
    /// `getFile`: any `file_id` a test put in an update names a photo of the fake; its `file_path` is what
    /// `GET /telegram/file/bot<token>/<file_path>` serves (a 1×1 PNG), as Telegram's file download does.
    func getFile(_ call: TelegramCall) throws(TelegramError) -> AnyJSON {
        guard let fileID = call.string("file_id"), !fileID.isEmpty else {
            throw .badRequest("file_id is required")
        }
        return .object([
            "file_id": .string(fileID), "file_unique_id": .string("u" + fileID),
            "file_size": .int(Self.photo.count), "file_path": .string("photos/\(fileID).png"),
        ])
    }

    func addFileRoutes(to router: Router<BasicRequestContext>) {
        router.get("telegram/file/bot{token}/photos/{name}") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "image/png"],
                body: .init(byteBuffer: ByteBuffer(bytes: Self.photo)))
        }
    }

    /// A valid 1×1 PNG.
    static let photo: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00,
        0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF,
        0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]
}
