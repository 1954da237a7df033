import Foundation
import LuckaCore

/// The records the store returns, built from rows the same way on both engines.
extension ThreadRow {
    init(_ row: some SQLRow) throws {
        self.init(
            id: try row.integer("id"), handle: try row.text("handle"), clinic: try row.text("clinic"),
            channel: Channel(rawValue: try row.text("channel")) ?? .self, status: ThreadStatus(rawValue: try row.text("status")) ?? .new,
            writerKey: try row.bytes("writer_key"), created: try row.day("created"), lastActivity: try row.day("last_activity"),
            expires: try row.day("expires"), messageCount: try row.int("message_count"), unread: try row.int("unread"),
            waitingSince: try row.optionalDay("waiting_since"), handler: try row.optionalText("handler"))
    }
}

extension MessageRecord {
    init(_ row: some SQLRow) throws {
        self.init(
            seq: try row.int("seq"), author: try row.text("author") == "clinic" ? .clinic : .writer,
            epoch: UInt32(try row.integer("epoch")), date: try row.text("date"), ciphertext: try row.bytes("ciphertext"))
    }
}
