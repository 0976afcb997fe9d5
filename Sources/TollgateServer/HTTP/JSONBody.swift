import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOFoundationCompat
import TollgateCore
import TollgateServices

/// Reading and writing JSON bodies with the SPEC's error semantics: wrong content type and malformed
/// JSON are 400, an oversized body is 413.
public enum JSONBody {
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Collects the body (up to the context's limit) and decodes it as `T`.
    public static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: AppRequestContext)
        async throws -> T
    {
        try decode(type, from: try await collect(request, context: context))
    }

    /// Decodes a collected body as `T`; empty or malformed is a 400.
    public static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        guard buffer.readableBytes > 0 else {
            throw APIError.badRequest("The request body is empty; send a JSON object.")
        }
        guard !escapesNUL(buffer) else {
            throw APIError.badRequest("Strings must not contain the NUL character (\\u0000).")
        }
        do {
            if T.self == JSONValue.self { return try JSONValue(parsing: buffer.readableBytesView) as! T }
            return try decoder.decode(T.self, from: buffer)
        } catch let error as DecodingError {
            throw APIError.badRequest(describe(error))
        } catch {
            throw APIError.badRequest("The request body is not valid JSON.")
        }
    }

    /// Whether a JSON text has a string with an escaped NUL (`\u0000`; a raw one is not JSON at all). No text may
    /// hold one: PostgreSQL's text type cannot, and nothing a client means is lost by refusing it.
    static func escapesNUL(_ buffer: ByteBuffer) -> Bool {
        buffer.withUnsafeReadableBytes { bytes in
            var index = 0
            let end = bytes.count
            while index < end {
                guard bytes[index] == UInt8(ascii: "\\") else {
                    index += 1
                    continue
                }
                if index + 5 < end, bytes[index + 1] == UInt8(ascii: "u"), bytes[index + 2] == UInt8(ascii: "0"),
                    bytes[index + 3] == UInt8(ascii: "0"), bytes[index + 4] == UInt8(ascii: "0"),
                    bytes[index + 5] == UInt8(ascii: "0")
                {
                    return true
                }
                index += 2  // the escaped character, whatever it is, is not the start of another escape
            }
            return false
        }
    }

    /// Collects the raw JSON body after checking its content type and size.
    public static func collect(_ request: Request, context: AppRequestContext) async throws -> ByteBuffer {
        if let contentType = request.headers[.contentType], !contentType.lowercased().hasPrefix("application/json") {
            throw APIError.badRequest(
                "Content-Type must be application/json.", details: ["content_type": .string(contentType)])
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > context.maxUploadSize {
            throw APIError.payloadTooLarge(limit: context.maxUploadSize)
        }
        do {
            return try await request.body.collect(upTo: context.maxUploadSize)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError.payloadTooLarge(limit: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            // A chunked body has no length to check first: it is cut off here.
            throw APIError.payloadTooLarge(limit: context.maxUploadSize)
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "The request body is not valid JSON."
        case .keyNotFound(let key, _):
            return "Missing required field '\(snakeCase(key.stringValue))'."
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map { snakeCase($0.stringValue) }.joined(separator: ".")
            return "Field '\(path)' has the wrong type."
        @unknown default:
            return "The request body could not be decoded."
        }
    }

    private static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Encodes a value as a JSON buffer.
    public static func encode(_ value: some Encodable) -> ByteBuffer {
        let failed = #"{"error":"internal_error","message":"Response encoding failed.","details":{}}"#
        // JSON values carry their wire keys already: no key strategy may touch them.
        if let value = value as? JSONValue { return ByteBuffer(string: JSONText.encode(value) ?? failed) }
        return (try? encoder.encode(value)).map { ByteBuffer(data: $0) } ?? ByteBuffer(string: failed)
    }

    /// A JSON response with `status`.
    public static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: encode(value)))
    }
}
