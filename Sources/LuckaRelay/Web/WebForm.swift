import Hummingbird
import LuckaCore
import NIOCore

/// A posted `application/x-www-form-urlencoded` body, decoded into bytes per field.
///
/// The body is read up to the relay's body limit and no further. Every field must be
/// valid UTF-8; anything malformed is `WebFormError.unreadable` (a 400 page), a body over
/// the limit `WebFormError.tooLarge` (a 413 page). The decoded bytes are wiped when the
/// form is released, so the code a person typed does not linger in this copy.
package final class WebForm {
    package enum WebFormError: Error {
        case tooLarge
        case unreadable
    }

    /// More fields than any Lucka form has is not a Lucka form.
    static let maximumFields = 16

    private var fields: [(name: String, value: [UInt8])] = []

    private init() {}

    deinit {
        for index in fields.indices { wipe(&fields[index].value) }
    }

    /// Reads and decodes the body of `request`.
    static func read(_ request: Request, maximumBytes: Int) async throws(WebFormError) -> WebForm {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else { throw .unreadable }
        var buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBytes)
        } catch is NIOTooManyBytesError {
            throw .tooLarge
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw .tooLarge
        } catch {
            throw .unreadable
        }
        let length = buffer.readableBytes
        var bytes = buffer.readBytes(length: length) ?? []
        defer { wipe(&bytes) }
        // Zero the collected copy too. Best effort: NIO's own read buffers may hold others.
        buffer.setRepeatingByte(0, count: length, at: buffer.readerIndex - length)
        return try parse(bytes)
    }

    /// Decodes `name=value&name=value` with `+` for space and `%XX` escapes.
    package static func parse(_ body: [UInt8]) throws(WebFormError) -> WebForm {
        let form = WebForm()
        guard !body.isEmpty else { return form }
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            guard form.fields.count < maximumFields else { throw .unreadable }
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            var nameBytes = try decode(parts[0])
            defer { wipe(&nameBytes) }
            guard let name = String(validating: nameBytes, as: UTF8.self) else { throw .unreadable }
            var value = parts.count > 1 ? try decode(parts[1]) : []
            guard String(validating: value, as: UTF8.self) != nil else {
                wipe(&value)
                throw .unreadable
            }
            form.fields.append((name, value))
        }
        return form
    }

    private static func decode(_ encoded: ArraySlice<UInt8>) throws(WebFormError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count)
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let byte = encoded[index]
            switch byte {
            case UInt8(ascii: "+"):
                out.append(UInt8(ascii: " "))
                index += 1
            case UInt8(ascii: "%"):
                guard encoded.endIndex - index >= 3, let high = hexValue(encoded[index + 1]), let low = hexValue(encoded[index + 2])
                else {
                    wipe(&out)
                    throw .unreadable
                }
                out.append(high << 4 | low)
                index += 3
            default:
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The first value of `name` as text (already checked to be UTF-8).
    package func text(_ name: String) -> String? {
        fields.first { $0.name == name }.map { String(decoding: $0.value, as: UTF8.self) }
    }

    /// The first value of `name` as bytes, for secrets: the caller wipes the copy.
    package func bytes(_ name: String) -> [UInt8]? {
        fields.first { $0.name == name }?.value
    }
}
