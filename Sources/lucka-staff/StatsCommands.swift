import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore
import LuckaText

extension LuckaStaff {
    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: T(.statsAbstract), discussion: T(.statsDiscussion))
        @OptionGroup var options: StaffOptions
        @Option(help: ArgumentHelp(T(.statsFromHelp), valueName: "month")) var from: String?
        @Option(help: ArgumentHelp(T(.statsToHelp), valueName: "month")) var to: String?
        @Option(help: ArgumentHelp(T(.statsFormatHelp))) var format: String = "table"
        @Option(help: ArgumentHelp(T(.statsOutputHelp), valueName: "file")) var output: String?

        func validate() throws {
            guard StatisticsRenderer.Format(rawValue: format) != nil else { throw ValidationError(T(.statsBadFormat)) }
            for month in [from, to].compactMap({ $0 }) where !StatisticsReport.isMonth(month) {
                throw ValidationError(T(.statsBadMonth, month))
            }
        }

        func run() async throws {
            try await reporting {
                let language = Language.current
                let format = StatisticsRenderer.Format(rawValue: format) ?? .table
                let (_, session) = try options.session()
                let report = try await session.statistics(from: from, to: to)
                let text = try StatisticsRenderer(report: report, language: language).render(format)
                let file = output ?? (format == .html ? "lucka-statistics.html" : nil)
                guard let file else { return print(text, terminator: "") }
                do { try Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic) } catch {
                    throw ClientError(.local, T(.cannotWrite, file))
                }
                print(T(.statsWrote, file))
            }
        }
    }
}
