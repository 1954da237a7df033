import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension LuckaStaff {
    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The clinic's contact figures per month and channel, for the funder's report.",
            discussion: """
                New conversations, messages, replies, conversations answered, days to the first answer \
                and how many within the promise, deletions and expiry: counted as they happen, kept when \
                conversations are deleted, nothing per conversation. --format html writes one page with \
                charts to print to PDF; json is documented in docs/STATISTICS.md.
                """)
        @OptionGroup var options: StaffOptions
        @Option(help: ArgumentHelp("First month, YYYY-MM (default: January this year).", valueName: "month")) var from: String?
        @Option(help: ArgumentHelp("Last month, YYYY-MM (default: this month).", valueName: "month")) var to: String?
        @Option(help: "table, csv, json or html.") var format: String = "table"
        @Option(
            help: ArgumentHelp(
                "Write to this file instead of standard output (html: the default is lucka-statistics.html).", valueName: "file"))
        var output: String?
        @Option(help: "sv or en (env LUCKA_LANG; default: the locale, else Swedish).") var lang: String?

        func validate() throws {
            guard StatisticsRenderer.Format(rawValue: format) != nil else {
                throw ValidationError("--format is table, csv, json or html")
            }
            for month in [from, to].compactMap({ $0 }) where !StatisticsReport.isMonth(month) {
                throw ValidationError("\(month) is not a month: write YYYY-MM, e.g. 2026-01")
            }
        }

        func run() async throws {
            try await reporting {
                let language = ReportLanguage.resolve(flag: lang)
                let format = StatisticsRenderer.Format(rawValue: format) ?? .table
                let (_, session) = try options.session()
                let report = try await session.statistics(from: from, to: to)
                let text = try StatisticsRenderer(report: report, language: language).render(format)
                let file = output ?? (format == .html ? "lucka-statistics.html" : nil)
                guard let file else { return print(text, terminator: "") }
                do { try Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic) } catch {
                    throw ClientError(.local, "cannot write \(file)")
                }
                print(StatsText.word("wrote", language, ["file": file]))
            }
        }
    }
}
