import Foundation
import LuckaCore

/// A statement written once for both engines: values are bound, never spliced into the
/// text, and the placeholders are rendered as `?` for SQLite or `$1, $2, …` for PostgreSQL.
///
///     let sql: SQLText = "SELECT * FROM thread WHERE handle = \(handle) AND clinic = \(clinic)"
///
/// `\(raw:)` inserts text written in this code (a column name, a fragment), never input;
/// `\(sqlite:postgres:)` the few words the engines spell differently (`max` and
/// `greatest`, row locks SQLite has no need of).
struct SQLText: Sendable, ExpressibleByStringInterpolation {
    enum Part: Sendable {
        case text(String)
        case value(SQLValue)
        case dialect(sqlite: String, postgres: String)
        case list([SQLValue])
    }

    private(set) var parts: [Part]

    init(stringLiteral: String) { parts = [.text(stringLiteral)] }

    init(stringInterpolation: Interpolation) { parts = stringInterpolation.parts }

    struct Interpolation: StringInterpolationProtocol {
        var parts: [Part] = []

        init(literalCapacity: Int, interpolationCount: Int) {}

        mutating func appendLiteral(_ literal: String) { parts.append(.text(literal)) }

        mutating func appendInterpolation(_ value: some SQLBindable) { parts.append(.value(value.sqlValue)) }

        mutating func appendInterpolation(_ value: (some SQLBindable)?) { parts.append(.value(value?.sqlValue ?? .null)) }

        mutating func appendInterpolation(raw text: String) { parts.append(.text(text)) }

        mutating func appendInterpolation(_ sql: SQLText) { parts += sql.parts }

        mutating func appendInterpolation(sqlite: String, postgres: String) { parts.append(.dialect(sqlite: sqlite, postgres: postgres)) }

        /// Values for `IN (…)`, one placeholder each (at least one: an empty list matches nothing).
        mutating func appendInterpolation(list values: [some SQLBindable]) { parts.append(.list(values.map(\.sqlValue))) }
    }

    static func + (first: SQLText, second: SQLText) -> SQLText {
        var joined = first
        joined.parts += second.parts
        return joined
    }

    static func += (first: inout SQLText, second: SQLText) { first.parts += second.parts }

    /// The text with the dialect's placeholders, and the values in their order.
    func rendered(_ dialect: SQLDialect) -> (text: String, values: [SQLValue]) {
        var text = ""
        var values: [SQLValue] = []
        for part in parts {
            switch part {
            case .text(let piece):
                text += piece
            case .value(let value):
                values.append(value)
                text += dialect.placeholder(values.count)
            case .dialect(let sqlite, let postgres):
                text += dialect == .sqlite ? sqlite : postgres
            case .list(let list):
                let items = list.isEmpty ? [SQLValue.null] : list
                text += items.map { item in
                    values.append(item)
                    return dialect.placeholder(values.count)
                }.joined(separator: ", ")
            }
        }
        return (text, values)
    }
}

enum SQLDialect: Sendable {
    case sqlite, postgres

    /// The `number`th placeholder (from 1).
    func placeholder(_ number: Int) -> String { self == .sqlite ? "?" : "$\(number)" }
}

/// The values a statement binds. Days are stored as their `YYYY-MM-DD` text in both engines.
enum SQLValue: Sendable, Equatable {
    case integer(Int64)
    case text(String)
    case bytes([UInt8])
    case boolean(Bool)
    case null
}

protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

extension Int: SQLBindable { var sqlValue: SQLValue { .integer(Int64(self)) } }
extension SQLValue: SQLBindable { var sqlValue: SQLValue { self } }
extension Int32: SQLBindable { var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Int64: SQLBindable { var sqlValue: SQLValue { .integer(self) } }
extension UInt32: SQLBindable { var sqlValue: SQLValue { .integer(Int64(self)) } }
extension String: SQLBindable { var sqlValue: SQLValue { .text(self) } }
extension Bool: SQLBindable { var sqlValue: SQLValue { .boolean(self) } }
extension Day: SQLBindable { var sqlValue: SQLValue { .text(description) } }
extension Array: SQLBindable where Element == UInt8 { var sqlValue: SQLValue { .bytes(self) } }
