import LuckaCore
import NIOCore

/// Writes JSON straight into a buffer. The busiest answers (a thread's messages, the
/// inbox) are mostly base64, and JSONEncoder spent more time on them than the database
/// did (see docs/PERFORMANCE.md). The output is byte for byte what JSONEncoder writes
/// with sorted keys and unescaped slashes; JSONWriterTests holds it to that.
struct JSONWriter {
    private(set) var buffer: ByteBuffer
    private var needsComma = false

    init(capacity: Int) { buffer = ByteBuffer(); buffer.reserveCapacity(capacity) }

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        separate()
        buffer.writeInteger(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        buffer.writeInteger(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func array<T>(_ key: String, _ elements: [T], _ element: (inout JSONWriter, T) -> Void) {
        self.key(key)
        buffer.writeInteger(UInt8(ascii: "["))
        needsComma = false
        for value in elements { element(&self, value) }
        buffer.writeInteger(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Keys must be given in sorted (byte) order, as `.sortedKeys` would put them.
    mutating func key(_ key: String) {
        separate()
        string(key)
        buffer.writeInteger(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func field(_ key: String, _ value: String) {
        self.key(key)
        string(value)
        needsComma = true
    }

    mutating func field(_ key: String, _ value: Int) {
        self.key(key)
        buffer.writeString(String(value))
        needsComma = true
    }

    mutating func field(_ key: String, _ value: Bool) {
        self.key(key)
        buffer.writeStaticString(value ? "true" : "false")
        needsComma = true
    }
    /// Base64 never needs escaping.
    mutating func field(_ key: String, base64 bytes: [UInt8]) {
        self.key(key)
        buffer.writeInteger(UInt8(ascii: "\""))
        buffer.writeString(bytes.base64)
        buffer.writeInteger(UInt8(ascii: "\""))
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { buffer.writeInteger(UInt8(ascii: ",")) }
    }

    /// A JSON string with JSONEncoder's escapes: quote, backslash and control characters.
    private mutating func string(_ value: String) {
        buffer.writeInteger(UInt8(ascii: "\""))
        // Almost every string here (dates, names of states, handles) needs no escape.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            buffer.writeString(value)
            buffer.writeInteger(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case 0x0A: buffer.writeStaticString("\\n")
            case 0x0D: buffer.writeStaticString("\\r")
            case 0x09: buffer.writeStaticString("\\t")
            case 0x08: buffer.writeStaticString("\\b")
            case 0x0C: buffer.writeStaticString("\\f")
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                buffer.writeStaticString("\\u00")
                buffer.writeInteger(hex[Int(byte >> 4)])
                buffer.writeInteger(hex[Int(byte & 0x0F)])
            default: buffer.writeInteger(byte)
            }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }
}

/// Answers written with JSONWriter.
protocol JSONWritable {
    func write(to json: inout JSONWriter)
    /// Bytes to reserve up front.
    var estimatedJSONSize: Int { get }
}

extension MessageRecord: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("author", author.name)
            json.field("ciphertext", base64: ciphertext.bytes)
            json.field("date", date)
            json.field("epoch", Int(epoch))
            json.field("seq", seq)
        }
    }

    var estimatedJSONSize: Int { ciphertext.bytes.count * 4 / 3 + 96 }
}

extension WriterThread: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("channel", channel.rawValue)
            json.field("clinic", clinic)
            json.field("expires", expires)
            json.array("messages", messages) { json, message in message.write(to: &json) }
            json.field("status", status.rawValue)
        }
    }

    var estimatedJSONSize: Int { messages.reduce(128) { $0 + $1.estimatedJSONSize } }
}

extension StaffThread: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("channel", channel.rawValue)
            json.field("created", created)
            json.field("expires", expires)
            json.field("handle", handle)
            if let handler { json.field("handler", handler) }
            json.field("lastActivity", lastActivity)
            json.array("messages", messages) { json, message in message.write(to: &json) }
            if let notes { json.array("notes", notes) { json, note in note.write(to: &json) } }
            json.field("status", status.rawValue)
            json.field("writerKey", base64: writerKey.bytes)
        }
    }

    var estimatedJSONSize: Int { messages.reduce(256) { $0 + $1.estimatedJSONSize } + (notes ?? []).reduce(0) { $0 + $1.estimatedJSONSize } }
}

extension NoteRecord: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("afterSeq", afterSeq)
            json.field("date", date)
            json.field("epoch", Int(epoch))
            json.field("sealed", base64: sealed.bytes)
            json.field("seq", seq)
        }
    }

    var estimatedJSONSize: Int { sealed.bytes.count * 4 / 3 + 96 }
}

extension InboxEntry: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("channel", channel.rawValue)
            json.field("created", created)
            json.field("handle", handle)
            if let handler { json.field("handler", handler) }
            json.field("lastActivity", lastActivity)
            if let latest {
                json.key("latest")
                latest.write(to: &json)
            }
            json.field("messageCount", messageCount)
            json.field("overdue", overdue)
            json.field("status", status.rawValue)
            json.field("unread", unread)
            json.field("unreadForMe", unreadForMe)
            if let waitingDays { json.field("waitingDays", waitingDays) }
            json.field("writerKey", base64: writerKey.bytes)
        }
    }

    var estimatedJSONSize: Int { 256 + (latest?.estimatedJSONSize ?? 0) }
}

extension InboxPage: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            if let next { json.field("next", next) }
            json.array("threads", threads) { json, entry in entry.write(to: &json) }
        }
    }

    var estimatedJSONSize: Int { threads.reduce(64) { $0 + $1.estimatedJSONSize } }
}

extension PostedMessage: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("date", date)
            json.field("seq", seq)
        }
    }

    var estimatedJSONSize: Int { 48 }
}
