import Foundation
import PostgresNIO

/// Runs the shared statements (SQLText) on PostgreSQL.
extension PostgresConnection {
    func select(_ sql: SQLText) async throws -> [PostgresRandomAccessRow] { try await rows(PostgresQuery(sql)) }

    func selectOne(_ sql: SQLText) async throws -> PostgresRandomAccessRow? { try await row(PostgresQuery(sql)) }

    /// Runs a statement; returns how many rows it returned (use RETURNING to count changes).
    @discardableResult
    func execute(_ sql: SQLText) async throws -> Int { try await run(PostgresQuery(sql)) }
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
