import Foundation
import GRDB

/// Runs the shared statements (SQLText) on SQLite. Statements are prepared once per
/// connection: their texts come from this code, so there are few of them.
extension Database {
    func select(_ sql: SQLText) throws -> [Row] {
        let (text, values) = sql.rendered(.sqlite)
        return try Row.fetchAll(cachedStatement(sql: text), arguments: Self.arguments(values))
    }

    func selectOne(_ sql: SQLText) throws -> Row? {
        let (text, values) = sql.rendered(.sqlite)
        return try Row.fetchOne(cachedStatement(sql: text), arguments: Self.arguments(values))
    }

    /// Runs a statement; returns how many rows it changed.
    @discardableResult
    func execute(_ sql: SQLText) throws -> Int {
        let (text, values) = sql.rendered(.sqlite)
        try cachedStatement(sql: text).execute(arguments: Self.arguments(values))
        return changesCount
    }

    static func arguments(_ values: [SQLValue]) -> StatementArguments {
        StatementArguments(values.map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .integer(let number): number
            case .text(let text): text
            case .bytes(let bytes): Data(bytes)
            case .boolean(let flag): flag
            case .null: nil
            }
        })
    }
}

extension Row: SQLRow {
    func integer(_ column: String) throws -> Int64 { self[column] }
    func optionalInteger(_ column: String) throws -> Int64? { self[column] }
    func text(_ column: String) throws -> String { self[column] }
    func optionalText(_ column: String) throws -> String? { self[column] }
    func bytes(_ column: String) throws -> [UInt8] { try optionalBytes(column) ?? [] }
    func optionalBytes(_ column: String) throws -> [UInt8]? { (self[column] as Data?).map { Array($0) } }
    func boolean(_ column: String) throws -> Bool { self[column] }
}
