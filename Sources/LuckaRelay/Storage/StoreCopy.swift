import Foundation
import GRDB
import LuckaCore
import PostgresNIO

/// Moves a relay from SQLite to PostgreSQL (`lucka-relay migrate-to`): every row of every
/// table, ids kept, in one PostgreSQL transaction, read from one SQLite snapshot. Then it
/// checks that the copy is whole: row counts per table, and a digest over every ciphertext
/// (messages, notes, templates) computed on both sides. The SQLite folder is only read.
public enum StoreCopy {
    /// Tables in an order that satisfies their references.
    static let tables = [
        "clinic", "inbox_key", "staff", "wrapped_key", "enrolment_token", "identity_succession", "thread", "message", "audit",
        "seen", "note", "template", "notice", "statistics", "statistics_since",
    ]
    /// SQLite keeps booleans as 0 and 1.
    static let booleans: Set<String> = ["clinic_replied", "founding", "pending"]
    /// The sealed payloads the digest covers, with the columns that order and name them.
    static let sealed: [(table: String, order: String, bytes: String)] = [
        ("message", "id", "ciphertext"), ("note", "id", "sealed"), ("template", "id", "sealed"),
    ]

    public struct Report: Sendable {
        public var counts: [(table: String, rows: Int)]
        /// BLAKE2b over every sealed payload, as read back from PostgreSQL (equal to SQLite's).
        public var digest: String
    }

    public static func copy(from source: SQLiteRelayStore, to target: PostgresRelayStore) async throws -> Report {
        let existing = try await target.read { db in try await db.value("SELECT count(*) FROM clinic", as: Int.self) ?? 0 }
        guard existing == 0 else { throw StoreError(.conflict, "the PostgreSQL database already holds clinics: copy into an empty one") }
        // Read everything from one snapshot first (a relay that is being moved is stopped,
        // and a relay's database fits in memory several times over at this size).
        let snapshot = try await source.read { db in
            try tables.map { table in
                TableRows(table: table, rows: try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { row in
                    row.map { column, value in Cell(column: column, value: value.storage) }
                })
            }
        }
        try await target.write(deadline: .seconds(3600)) { db in
            // The migration filled statistics_since with today's month; the source's wins.
            try await db.execute("DELETE FROM statistics_since")
            for table in snapshot {
                for row in table.rows { try await db.execute(insert(table.table, row)) }
            }
        }
        var counts: [(String, Int)] = []
        for (table, rows) in snapshot.map({ ($0.table, $0.rows) }) {
            let copied = try await target.read { db in
                try await db.value("SELECT count(*) FROM \(raw: table)", as: Int.self) ?? 0
            }
            guard copied == rows.count else {
                throw StoreError(.conflict, "\(table): \(rows.count) rows in SQLite but \(copied) in PostgreSQL")
            }
            counts.append((table, rows.count))
        }
        let expected = try await source.read { db in try digest(sqlite: db) }
        let actual = try await digest(postgres: target)
        guard expected == actual else { throw StoreError(.conflict, "the ciphertexts in PostgreSQL differ from SQLite's") }
        return Report(counts: counts, digest: actual.hex)
    }

    /// One table's rows as read from SQLite, in a form that can cross to another task.
    struct TableRows: Sendable {
        var table: String
        var rows: [[Cell]]
    }

    struct Cell: Sendable {
        var column: String
        var value: DatabaseValue.Storage
    }

    static func insert(_ table: String, _ row: [Cell]) throws -> SQLText {
        let values: [SQLValue] = try row.map { cell in
            switch cell.value {
            case .null: return .null
            case .int64(let number): return booleans.contains(cell.column) ? .boolean(number != 0) : .integer(number)
            case .string(let text): return .text(text)
            case .blob(let data): return .bytes(Array(data))
            // No column of the schema holds a real number.
            case .double: throw StoreError(.conflict, "\(table).\(cell.column) holds a real number, which no Lucka column does")
            }
        }
        return "INSERT INTO \(raw: table) (\(raw: row.map(\.column).joined(separator: ", "))) VALUES (\(list: values))"
    }

    /// A running BLAKE2b chain over (table, id, payload) in id order.
    static func step(_ chain: [UInt8], _ table: String, _ id: String, _ payload: [UInt8]) -> [UInt8] {
        Hash.blake2b(chain, Array(table.utf8), [0], Array(id.utf8), [0], Hash.blake2b(payload))
    }

    static func digest(sqlite db: Database) throws -> [UInt8] {
        var chain = [UInt8](repeating: 0, count: 32)
        for (table, order, bytes) in sealed {
            let rows = try Row.fetchCursor(db, sql: "SELECT CAST(\(order) AS TEXT) AS k, \(bytes) AS b FROM \(table) ORDER BY \(order)")
            while let row = try rows.next() { chain = step(chain, table, row["k"], Array(row["b"] as Data)) }
        }
        return chain
    }

    static func digest(postgres store: PostgresRelayStore) async throws -> [UInt8] {
        try await store.read { db in
            var chain = [UInt8](repeating: 0, count: 32)
            for (table, order, bytes) in sealed {
                // The same order as SQLite's: ids are numbers in messages and notes, text in templates.
                let rows = try await db.select("SELECT \(raw: order)::text AS k, \(raw: bytes) AS b FROM \(raw: table) ORDER BY \(raw: order)")
                for row in rows { chain = step(chain, table, try row.get("k"), try row.bytes("b")) }
            }
            return chain
        }
    }
}
