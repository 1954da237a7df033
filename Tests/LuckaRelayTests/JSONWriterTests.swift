import Foundation
import LuckaCore
import NIOCore
import Testing

@testable import LuckaRelay

/// JSONWriter must write exactly what JSONEncoder (sorted keys, unescaped slashes) writes.
@Suite struct JSONWriterTests {
    static let awkward = ["kast-göteborg", "a\"b\\c/d", "tab\there\nnew\r\u{01}\u{1F}\u{7F}", "😀 é ü", ""]

    func encoded(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    func written(_ value: some JSONWritable) -> [UInt8] {
        var json = JSONWriter(capacity: 16)
        value.write(to: &json)
        return Array(json.buffer.readableBytesView)
    }

    func message(_ seq: Int, size: Int = 1064) -> MessageRecord {
        MessageRecord(seq: seq, author: seq.isMultiple(of: 2) ? .clinic : .writer, epoch: UInt32(seq), date: "2026-11-22", ciphertext: Random.bytes(size))
    }

    @Test func aWriterThreadIsWrittenAsJSONEncoderWrites() throws {
        for text in Self.awkward {
            for count in [0, 1, 10] {
                let thread = WriterThread(
                    clinic: text, channel: .professional, status: .answered, expires: text, messages: (0..<count).map { message($0, size: 40 + $0) })
                #expect(written(thread) == (try encoded(thread)), "clinic \(text.debugDescription), \(count) messages")
            }
        }
    }

    @Test func aStaffThreadIsWrittenAsJSONEncoderWrites() throws {
        for text in Self.awkward {
            let thread = StaffThread(
                handle: text, channel: .self, status: .new, created: "2026-01-01", lastActivity: text, expires: "2026-04-01",
                writerKey: Random.bytes(32), messages: [message(1), message(2, size: 4136)])
            #expect(written(thread) == (try encoded(thread)))
        }
    }

    @Test func anInboxPageIsWrittenAsJSONEncoderWrites() throws {
        for next in [nil, "2026-11-22.abc", "a\"\\/\n"] {
            let entries = Self.awkward.enumerated().map { index, text in
                InboxEntry(
                    handle: text, channel: .relative, status: .closed, created: "2026-01-01", lastActivity: "2026-02-02", messageCount: index * 1000,
                    unread: -index, writerKey: Random.bytes(32), latest: index.isMultiple(of: 2) ? nil : message(index),
                    waitingDays: index.isMultiple(of: 3) ? nil : index, overdue: index.isMultiple(of: 2), handler: index.isMultiple(of: 2) ? text : nil,
                    unreadForMe: index)
            }
            let page = InboxPage(threads: entries, next: next)
            #expect(written(page) == (try encoded(page)))
            #expect(written(InboxPage(threads: [], next: next)) == (try encoded(InboxPage(threads: [], next: next))))
        }
    }

    @Test func aPostedMessageIsWrittenAsJSONEncoderWrites() throws {
        for seq in [0, 1, 99, Int.max, Int.min] {
            let posted = PostedMessage(seq: seq, date: "2026-11-22")
            #expect(written(posted) == (try encoded(posted)))
        }
    }
}
