import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore
import LuckaRelay
import LuckaText

extension LuckaRelayCommand {
    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Contact figures per clinic and in total, per month and channel (counts only).",
            discussion:
                "The same report as `lucka-staff stats`, for every clinic on this relay; json is documented in docs/STATISTICS.md."
        )
        @OptionGroup var data: DataOptions
        @Option(help: ArgumentHelp("Only this clinic.", valueName: "slug")) var clinic: String?
        @Option(help: ArgumentHelp("First month, YYYY-MM (default: January this year).", valueName: "month")) var from: String?
        @Option(help: ArgumentHelp("Last month, YYYY-MM (default: this month).", valueName: "month")) var to: String?
        @Option(help: "table, csv, json or html.") var format: String = "table"
        @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?
        @Option(help: "sv, en or sv-x-easy; the last --lang wins, then env LUCKA_LANG, then the locale (LC_ALL, LC_MESSAGES, LANG), else Swedish; see docs/TRANSLATING.md.") var lang: String?

        func validate() throws {
            guard StatisticsRenderer.Format(rawValue: format) != nil else {
                throw ValidationError("--format is table, csv, json or html")
            }
            for month in [from, to].compactMap({ $0 }) where !StatisticsReport.isMonth(month) {
                throw ValidationError("\(month) is not a month: write YYYY-MM, e.g. 2026-01")
            }
        }

        func run() async throws {
            let range = StatisticsReader.defaultRange()
            let (first, last) = (from ?? range.from, to ?? range.to)
            guard first <= last else { throw fail("--from must not be after --to") }
            let clinic = self.clinic
            let report = try await withStore(try data.resolve()) { store -> StatisticsReport? in
                if let clinic, try await store.clinic(slug: clinic) == nil { return nil }
                return try await StatisticsReader(store: store).report(clinic: clinic, from: first, to: last)
            }
            guard let report else { throw fail("no clinic named \(clinic ?? "")") }
            let text = try StatisticsRenderer(report: report, language: Language.resolve(flag: lang, environment: ProcessInfo.processInfo.environment)).render(
                StatisticsRenderer.Format(rawValue: format) ?? .table)
            guard let output else { return print(text, terminator: "") }
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                throw fail("cannot write \(output)")
            }
            print("lucka-relay: wrote \(output)")
        }
    }
}
