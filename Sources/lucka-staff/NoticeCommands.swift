import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension LuckaStaff {
    struct Notices: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Notices of new messages by e-mail or web hook: show, set (admins), test (admins).",
            discussion: """
                The relay sends each target at most one notice per interval (15 minutes to 24 hours, \
                default 60), or one a day at a set hour, when writers have written. A notice says only \
                the clinic's name and "Det finns nya meddelanden i Lucka": not how many, which channel \
                or conversation, or when. Targets are e-mail addresses and http(s) hook URLs (an \
                ntfy-style POST), at most 10.
                """,
            subcommands: [Show.self, Update.self, Test.self])

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show the clinic's notice targets and interval.")
            @OptionGroup var options: StaffOptions
            @Option(help: "sv or en (env LUCKA_LANG; default: the locale, else Swedish).") var lang: String?
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                try await reporting {
                    let (_, session) = try options.session()
                    let settings = try await session.noticeSettings()
                    if json { return try printJSON(settings) }
                    print(describe(settings, ReportLanguage.resolve(flag: lang)))
                }
            }
        }

        struct Update: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "set",
                abstract: "Set the notice targets and how often (admins; recorded in the audit log).",
                discussion: """
                    --target replaces the whole list (give it once per target); without it the list stays. \
                    Example: lucka-staff notices set --target mottagningen@kommun.se --target https://ntfy.example.org/kast --interval 60
                    """)
            @OptionGroup var options: StaffOptions
            @Option(
                name: .customLong("target"),
                help: ArgumentHelp("An e-mail address or http(s) hook URL; repeat for several.", valueName: "target"))
            var targets: [String] = []
            @Option(help: ArgumentHelp("Minutes between notices, 15 to 1440.", valueName: "minutes")) var interval: Int?
            @Option(
                help: ArgumentHelp("Instead: one notice a day at this hour (0 to 23, the relay's time zone).", valueName: "hour"))
            var daily: Int?
            @Flag(help: "Remove every target: no more notices.") var clear = false
            @Option(help: "sv or en (env LUCKA_LANG; default: the locale, else Swedish).") var lang: String?

            func validate() throws {
                let language = ReportLanguage.resolve(flag: lang)
                if targets.isEmpty && interval == nil && daily == nil && !clear {
                    throw ValidationError(StatsText.word("targetOrClear", language))
                }
                if interval != nil && daily != nil { throw ValidationError(StatsText.word("dailyAndInterval", language)) }
            }

            func run() async throws {
                try await reporting {
                    let language = ReportLanguage.resolve(flag: lang)
                    let (_, session) = try options.session()
                    var settings = try await session.noticeSettings()
                    if clear { settings.targets = [] }
                    if !targets.isEmpty { settings.targets = targets }
                    if let interval {
                        settings.intervalMinutes = interval
                        settings.dailyHour = nil
                    }
                    if let daily { settings.dailyHour = daily }
                    try await session.setNoticeSettings(settings)
                    print(StatsText.word(settings.targets.isEmpty ? "cleared" : "saved", language))
                    if !settings.targets.isEmpty { print(describe(settings, language)) }
                }
            }
        }

        struct Test: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Have the relay send a test notice to every target now (admins).")
            @OptionGroup var options: StaffOptions
            @Option(help: "sv or en (env LUCKA_LANG; default: the locale, else Swedish).") var lang: String?
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                try await reporting {
                    let language = ReportLanguage.resolve(flag: lang)
                    let (_, session) = try options.session()
                    let settings = try await session.noticeSettings()
                    let result = try await session.testNotices()
                    if json { return try printJSON(result) }
                    for delivery in result.deliveries {
                        let target =
                            delivery.index < settings.targets.count ? Display.safe(settings.targets[delivery.index]) : "?"
                        print(
                            "  \(delivery.index + 1). \(target): \(StatsText.word(delivery.delivered ? "delivered" : "failed", language))"
                        )
                    }
                    if result.deliveries.contains(where: { !$0.delivered }) { throw ExitCode.failure }
                }
            }
        }
    }
}

/// The settings in a few lines for people.
private func describe(_ settings: NoticeSettings, _ language: ReportLanguage) -> String {
    guard !settings.targets.isEmpty else { return StatsText.word("noTargets", language) }
    var lines = [StatsText.word("targets", language)]
    for (index, target) in settings.targets.enumerated() { lines.append("  \(index + 1). \(Display.safe(target))") }
    if let hour = settings.dailyHour {
        lines.append(StatsText.word("daily", language, ["hour": String(format: "%02d", hour)]))
    } else {
        lines.append(StatsText.word("interval", language, ["minutes": String(settings.intervalMinutes)]))
    }
    lines.append(StatsText.word("content", language))
    return lines.joined(separator: "\n")
}
