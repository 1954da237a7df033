import Foundation
import LuckaCore
import LuckaText

/// Turns a statistics report into what people and scripts read: a text table, CSV, JSON
/// or a self-contained HTML page. Shared by `lucka-staff stats` and `lucka-relay stats`.
public struct StatisticsRenderer: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case table, csv, json, html
    }

    public let report: StatisticsReport
    public let language: Language

    public init(report: StatisticsReport, language: Language) {
        self.report = report
        self.language = language
    }

    public func render(_ format: Format) throws -> String {
        switch format {
        case .table: return table()
        case .csv: return csv()
        case .json: return try json()
        case .html: return html()
        }
    }

    func word(_ key: String, _ values: [String: String] = [:]) -> String { ReportText.word(key, language, values) }

    /// The sections shown: each clinic, and the total when there are several.
    var sections: [ClinicStatistics] {
        guard report.clinics.count > 1 else { return report.clinics }
        return report.clinics + [Self.total(of: report.clinics, named: word("allClinics"))]
    }

    /// All clinics' counts added up, per month and channel.
    static func total(of clinics: [ClinicStatistics], named name: String) -> ClinicStatistics {
        var rows: [String: StatisticsRow] = [:]
        for row in clinics.flatMap(\.rows) {
            let key = row.month + "/" + row.channel.rawValue
            rows[key, default: StatisticsRow(month: row.month, channel: row.channel)].add(row)
        }
        return ClinicStatistics(clinic: "(total)", name: name, promiseDays: nil, rows: rows.keys.sorted().compactMap { rows[$0] })
    }

    /// The sum of a clinic's rows.
    static func sum(_ rows: [StatisticsRow]) -> StatisticsRow {
        rows.reduce(into: StatisticsRow(month: "", channel: .self)) { $0.add($1) }
    }

    /// The counted columns, in order: report key and value.
    static func columns(_ row: StatisticsRow) -> [(key: String, value: Int)] {
        [
            ("newConversations", row.newConversations), ("writerMessages", row.writerMessages),
            ("clinicReplies", row.clinicReplies),
            ("answered", row.answered), ("withinPromise", row.answeredWithinPromise), ("deletedByWriter", row.deletedByWriter),
            ("deletedByStaff", row.deletedByStaff), ("expired", row.expired),
        ]
    }

    func title(_ clinic: ClinicStatistics) -> String {
        clinic.clinic == "(total)" ? (clinic.name ?? "") : "\(clinic.name ?? clinic.clinic) (\(clinic.clinic))"
    }

    /// A share as people write it: "67 %" in Swedish, "67%" in English.
    func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "–" }
        let value = Int((Double(part) * 100 / Double(whole)).rounded())
        return ReportText.word("percent", language, ["value": String(value)])
    }

    // MARK: Table

    func table() -> String {
        var out = "\(word("title")) · \(word("period")) \(report.from) – \(report.to)\n"
        for clinic in sections {
            out += "\n== \(TerminalSafe.line(title(clinic))) ==\n"
            guard !clinic.rows.isEmpty else {
                out += word("nothing") + "\n"
                continue
            }
            let headers = [word("month"), word("channel")] + Self.columns(clinic.rows[0]).map { word($0.key) }
            var lines = clinic.rows.map { row in
                [row.month, word("channel.\(row.channel.rawValue)")] + Self.columns(row).map { String($0.value) }
            }
            lines.append([word("total"), ""] + Self.columns(Self.sum(clinic.rows)).map { String($0.value) })
            out += Self.aligned([headers] + lines)
            out += "\n\(word("answerTime")):\n"
            let total = Self.sum(clinic.rows)
            var histogram = [[word("days"), word("count"), word("share")]]
            for (index, bucket) in report.buckets.enumerated() {
                let count = index < total.answerDays.count ? total.answerDays[index] : 0
                histogram.append([bucket, String(count), percent(count, of: total.answered)])
            }
            out += Self.aligned(histogram)
            if let days = clinic.promiseDays {
                out +=
                    word("promise", ["days": String(days)]) + ". "
                    + word("withinShare", ["share": percent(total.answeredWithinPromise, of: total.answered)]) + "\n"
            } else if clinic.clinic != "(total)" {
                out += word("noPromise") + "\n"
            }
        }
        if let since = report.countedSince { out += "\n" + word("countedSince", ["month": since]) + "\n" }
        return out
    }

    /// Columns padded to their widest cell; numbers right-aligned.
    static func aligned(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.map(\.count).max() ?? 0)).map { column in
            rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return Int(cell) != nil ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }

    // MARK: CSV

    /// Stable English column names whatever the language, one row per clinic, month and
    /// channel; the operator's report adds rows for "(total)".
    public static let csvHeader =
        ["clinic", "month", "channel", "new_conversations", "writer_messages", "clinic_replies", "answered"]
        + [
            "answer_days_0", "answer_days_1", "answer_days_2", "answer_days_3", "answer_days_4_5", "answer_days_6_7",
            "answer_days_8_14", "answer_days_15_30", "answer_days_over_30",
        ]
        + ["answered_within_promise", "deleted_by_writer", "deleted_by_staff", "expired", "promise_days"]

    func csv() -> String {
        var lines = [Self.csvHeader.joined(separator: ",")]
        for clinic in sections {
            for row in clinic.rows {
                let counts: [Int] =
                    [row.newConversations, row.writerMessages, row.clinicReplies, row.answered] + row.answerDays
                    + [row.answeredWithinPromise, row.deletedByWriter, row.deletedByStaff, row.expired]
                var cells: [String] = [clinic.clinic, row.month, row.channel.rawValue]
                cells += counts.map { String($0) }
                cells.append(clinic.promiseDays.map { String($0) } ?? "")
                lines.append(cells.map(Self.csvCell).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 4180 quoting, and a leading ' for cells a spreadsheet would take as a formula.
    static func csvCell(_ text: String) -> String {
        var cell = text
        if let first = cell.first, "=+-@".contains(first), Int(cell) == nil { cell = "'" + cell }
        guard cell.contains(where: { ",\"\r\n".contains($0) }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: JSON

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }
}
