import Foundation
import Testing

@testable import LuckaRelay

/// The shared statement text renders the same statement for both engines.
@Suite struct SQLTextTests {
    @Test func placeholdersValuesListsAndDialectWords() {
        let handle = "abc'; DROP TABLE thread; --"
        let sql: SQLText = """
            SELECT * FROM thread WHERE handle = \(handle) AND id IN (\(list: [Int64(1), 2, 3])) AND handler = \(nil as String?) \
            ORDER BY \(raw: "handle")\(sqlite: "", postgres: " FOR UPDATE")
            """
        let sqlite = sql.rendered(.sqlite)
        let postgres = sql.rendered(.postgres)
        #expect(sqlite.text == "SELECT * FROM thread WHERE handle = ? AND id IN (?, ?, ?) AND handler = ? ORDER BY handle")
        #expect(postgres.text == "SELECT * FROM thread WHERE handle = $1 AND id IN ($2, $3, $4) AND handler = $5 ORDER BY handle FOR UPDATE")
        #expect(sqlite.values == [.text(handle), .integer(1), .integer(2), .integer(3), .null])
        #expect(sqlite.values == postgres.values)
        // An empty list matches nothing rather than being a syntax error.
        let empty: SQLText = "SELECT 1 WHERE 1 IN (\(list: [Int64]()))"
        #expect(empty.rendered(.postgres).text == "SELECT 1 WHERE 1 IN ($1)" && empty.rendered(.postgres).values == [.null])
    }

    @Test func joinedStatementsNumberTheirValuesInOrder() {
        var sql: SQLText = "UPDATE t SET a = \(1)"
        sql += ", b = \(true)"
        let joined = sql + " WHERE id = \([UInt8]([7, 8]))"
        #expect(joined.rendered(.postgres).text == "UPDATE t SET a = $1, b = $2 WHERE id = $3")
        #expect(joined.rendered(.postgres).values == [.integer(1), .boolean(true), .bytes([7, 8])])
    }
}
