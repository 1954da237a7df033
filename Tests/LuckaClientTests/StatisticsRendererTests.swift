import Foundation
import LuckaCore
import LuckaText
import Testing

@testable import LuckaClient

/// The statistics report as table, CSV, JSON and HTML, in Swedish and English.
@Suite("Statistics report")
struct StatisticsRendererTests {
    static let report = StatisticsReport(
        from: "2026-01", to: "2026-03", countedSince: "2026-01",
        clinics: [
            ClinicStatistics(
                clinic: "kast-a", name: "KAST <Jönköping> & \"co\"", promiseDays: 3,
                rows: [
                    StatisticsRow(
                        month: "2026-01", channel: .self, newConversations: 5, writerMessages: 9, clinicReplies: 6, answered: 4,
                        answerDays: [1, 1, 0, 1, 1, 0, 0, 0, 0], answeredWithinPromise: 3, deletedByWriter: 1),
                    StatisticsRow(
                        month: "2026-02", channel: .relative, newConversations: 2, writerMessages: 3, clinicReplies: 1,
                        answered: 1,
                        answerDays: [0, 0, 0, 0, 0, 0, 1, 0, 0], deletedByStaff: 1, expired: 2),
                ]),
            ClinicStatistics(
                clinic: "kast-b", name: "KAST B", promiseDays: nil,
                rows: [
                    StatisticsRow(month: "2026-01", channel: .self, newConversations: 1, writerMessages: 1)
                ]),
        ])

    @Test func everyWordHasSwedishAndEnglishWithTheSamePlaceholders() {
        #expect(Set(ReportText.keys).count == ReportText.keys.count)
        #expect(ReportText.keys.count > 20)
        for key in ReportText.keys {
            let sv = Catalogue.report.lookup(key, .sv)?.0 ?? ""
            let en = Catalogue.report.lookup(key, .en)?.0 ?? ""
            #expect(!sv.isEmpty && !en.isEmpty, "\(key)")
            func placeholders(_ text: String) -> Set<String> {
                Set(text.split(separator: "{").dropFirst().compactMap { $0.split(separator: "}").first.map(String.init) })
            }
            #expect(placeholders(sv) == placeholders(en), "\(key)")
        }
    }

    @Test func languageComesFromTheFlagThenLuckaLangThenTheLocaleThenSwedish() {
        #expect(Language.resolve(flag: "en", environment: ["LUCKA_LANG": "sv"]) == .en)
        #expect(Language.resolve(flag: nil, environment: ["LUCKA_LANG": "en", "LANG": "sv_SE.UTF-8"]) == .en)
        #expect(Language.resolve(flag: nil, environment: ["LANG": "en_GB.UTF-8"]) == .en)
        #expect(Language.resolve(flag: nil, environment: ["LANG": "C.UTF-8"]) == .sv)
        #expect(Language.resolve(flag: nil, environment: [:]) == .sv)
    }

    @Test func csvHasStableColumnsOneRowPerClinicMonthAndChannelAndTotals() throws {
        let csv = try StatisticsRenderer(report: Self.report, language: .sv).render(.csv)
        let lines = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines[0] == StatisticsRenderer.csvHeader.joined(separator: ","))
        #expect(lines.count == 1 + 3 + 2)  // header, three rows, two total rows
        #expect(lines[1] == "kast-a,2026-01,self,5,9,6,4,1,1,0,1,1,0,0,0,0,3,1,0,0,3")
        #expect(lines[2] == "kast-a,2026-02,relative,2,3,1,1,0,0,0,0,0,0,1,0,0,0,0,1,2,3")
        #expect(lines[3] == "kast-b,2026-01,self,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,")
        #expect(lines[4].hasPrefix("(total),2026-01,self,6,10,6,4,"))
        #expect(
            lines.allSatisfy {
                $0.split(separator: ",", omittingEmptySubsequences: false).count == StatisticsRenderer.csvHeader.count
            })
        #expect(StatisticsRenderer.csvCell("=HYPERLINK(1)") == "'=HYPERLINK(1)")
        #expect(StatisticsRenderer.csvCell("a,\"b\"") == "\"a,\"\"b\"\"\"")
    }

    @Test func jsonIsTheDocumentedReport() throws {
        let json = try StatisticsRenderer(report: Self.report, language: .en).render(.json)
        let decoded = try JSONDecoder().decode(StatisticsReport.self, from: Data(json.utf8))
        #expect(decoded == Self.report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["version", "from", "to", "countedSince", "buckets", "clinics"])
        let clinics = try #require(object["clinics"] as? [[String: Any]])
        let row = try #require((clinics[0]["rows"] as? [[String: Any]])?.first)
        #expect(
            Set(row.keys) == [
                "month", "channel", "newConversations", "writerMessages", "clinicReplies", "answered", "answerDays",
                "answeredWithinPromise",
                "deletedByWriter", "deletedByStaff", "expired",
            ])
    }

    @Test func theTableSumsAndGivesTheShareWithinThePromise() throws {
        let sv = try StatisticsRenderer(report: Self.report, language: .sv).render(.table)
        #expect(sv.contains("Nya samtal") && sv.contains("Alla mottagningar"))
        #expect(sv.contains("Löfte: svar inom 3 dagar. 60 % av de besvarade samtalen fick svar inom löftet."))
        #expect(sv.contains("Räknat sedan 2026-01."))
        let en = try StatisticsRenderer(report: Self.report, language: .en).render(.table)
        #expect(
            en.contains("New conversations") && en.contains("60% of the answered conversations were answered within the promise.")
        )
        #expect(en.contains("The clinic's profile gives no promise in days."))
    }

    @Test(arguments: Language.allCases)
    func htmlIsOneSelfContainedPageWithTablesAndCharts(language: Language) throws {
        let html = try StatisticsRenderer(report: Self.report, language: language).render(.html)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\" dir=\"ltr\">"))
        #expect(html.components(separatedBy: "<svg ").count - 1 == 6, "two charts for each clinic and for the total")
        #expect(html.contains("<table>") && html.contains("<style>"))
        for forbidden in ["<script", "<link", "src=", "href=", "url(", "@import", "<iframe", "<img", "javascript:"] {
            #expect(!html.lowercased().contains(forbidden), "\(forbidden)")
        }
        // The only URL is the SVG namespace, which loads nothing.
        let urls = html.components(separatedBy: "http").dropFirst().map { $0.prefix(30) }
        #expect(urls.allSatisfy { $0.hasPrefix("://www.w3.org/2000/svg\"") }, "\(urls)")
        // Names are escaped.
        #expect(html.contains("KAST &lt;Jönköping&gt; &amp; &quot;co&quot;") && !html.contains("<Jönköping>"))
        // Lätt svenska has no report words of its own: they come from Swedish.
        #expect(html.contains(language != .en ? "Nya samtal per månad och kanal" : "New conversations per month and channel"))
        #expect(html.contains(language != .en ? "Löfte: svar inom 3 dagar" : "Promise: an answer within 3 days"))
    }
}
