import Foundation
import LuckaCore

/// A result row, read by column name the same way on both engines, so that each record is
/// built from a row in one place (StoredRecords.swift).
protocol SQLRow {
    func integer(_ column: String) throws -> Int64
    func optionalInteger(_ column: String) throws -> Int64?
    func text(_ column: String) throws -> String
    func optionalText(_ column: String) throws -> String?
    /// A blob; an absent (NULL) one reads as empty.
    func bytes(_ column: String) throws -> [UInt8]
    func optionalBytes(_ column: String) throws -> [UInt8]?
    func boolean(_ column: String) throws -> Bool
}

extension SQLRow {
    func int(_ column: String) throws -> Int { Int(try integer(column)) }

    /// Days are stored as `YYYY-MM-DD` text.
    func day(_ column: String) throws -> Day { Day(try text(column)) ?? Day(number: 0) }

    func optionalDay(_ column: String) throws -> Day? { try optionalText(column).flatMap(Day.init) }
}
