import Foundation
import Hummingbird
import LuckaCore
import NIOCore

/// Reading and writing JSON bodies. Malformed input is a 400 whose message names no value.
package enum JSONBody {
    package static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw APIError.invalid("The request body is not valid: \(describe(error)).")
        }
    }

    static func collect(_ request: Request, _ context: some RequestContext) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: context.maxUploadSize)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError.tooLarge
        } catch is NIOTooManyBytesError {
            // What `collect(upTo:)` actually throws past the limit.
            throw APIError.tooLarge
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        try decode(type, from: try await collect(request, context))
    }

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The busiest answers, through JSONWriter: the same bytes, a fraction of the time.
    static func written(_ value: some JSONWritable, status: HTTPResponse.Status = .ok) -> Response {
        var json = JSONWriter(capacity: value.estimatedJSONSize)
        value.write(to: &json)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: json.buffer))
    }

    /// Field names only: the path to the problem, never the value found there.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "the body" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing \(path(context).isEmpty ? "" : path(context) + ".")\(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "wrong type at \(path(context))"
        case .dataCorrupted(let context): return "unreadable value at \(path(context))"
        @unknown default: return "unreadable"
        }
    }
}
