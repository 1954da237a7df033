import Foundation
import PostgresNIO

/// Runs statements (SQLText, shared or PostgreSQL's own) on PostgreSQL.
extension PostgresConnection {
    /// Every row, for reading columns by name.
    func select(_ sql: SQLText) async throws -> [PostgresRandomAccessRow] {
        var result: [PostgresRandomAccessRow] = []
        for try await row in try await query(PostgresQuery(sql), logger: PostgresRelayStore.quiet) {
            result.append(row.makeRandomAccess())
        }
        return result
    }

    func selectOne(_ sql: SQLText) async throws -> PostgresRandomAccessRow? { try await select(sql).first }

    /// Runs a statement; returns how many rows it returned (use RETURNING to count changes).
    @discardableResult
    func execute(_ sql: SQLText) async throws -> Int {
        var count = 0
        for try await _ in try await query(PostgresQuery(sql), logger: PostgresRelayStore.quiet) { count += 1 }
        return count
    }

    /// The single value of a one-row, one-column query (nil for no row or NULL).
    func value<T: PostgresDecodable>(_ sql: SQLText, as type: T.Type = T.self) async throws -> T? {
        guard let row = try await selectOne(sql), row[0].bytes != nil else { return nil }
        return try row[0].decode(T.self)
    }
}

extension PostgresQuery {
    init(_ sql: SQLText) {
        let (text, values) = sql.rendered(.postgres)
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .integer(let number): bindings.append(number)
            case .text(let text): bindings.append(text)
            case .bytes(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            case .boolean(let flag): bindings.append(flag)
            case .null: bindings.appendNull()
            }
        }
        self.init(unsafeSQL: text, binds: bindings)
    }
}

extension PostgresRandomAccessRow: SQLRow {
    func integer(_ column: String) throws -> Int64 { try self[column].decode(Int64.self) }
    func optionalInteger(_ column: String) throws -> Int64? { try self[column].decode(Int64?.self) }
    func text(_ column: String) throws -> String { try self[column].decode(String.self) }
    func optionalText(_ column: String) throws -> String? { try self[column].decode(String?.self) }
    func boolean(_ column: String) throws -> Bool { try self[column].decode(Bool.self) }
    func optionalBytes(_ column: String) throws -> [UInt8]? { try self[column].decode(Data?.self).map { Array($0) } }
}
