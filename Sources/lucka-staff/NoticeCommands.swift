import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension LuckaStaff {
    struct Notices: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: T(.noticesAbstract), discussion: T(.noticesDiscussion), subcommands: [Show.self, Update.self, Test.self])

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: T(.noticesShowAbstract))
            @OptionGroup var options: StaffOptions
            @Flag(help: ArgumentHelp(T(.jsonHelp))) var json = false

            func run() async throws {
                try await reporting {
                    let (_, session) = try options.session()
                    let settings = try await session.noticeSettings()
                    if json { return try printJSON(settings) }
                    print(describe(settings))
                }
            }
        }

        struct Update: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "set", abstract: T(.noticesSetAbstract), discussion: T(.noticesSetDiscussion))
            @OptionGroup var options: StaffOptions
            @Option(name: .customLong("target"), help: ArgumentHelp(T(.noticesTargetHelp), valueName: "target")) var targets: [String] = []
            @Option(help: ArgumentHelp(T(.noticesIntervalHelp), valueName: "minutes")) var interval: Int?
            @Option(help: ArgumentHelp(T(.noticesDailyHelp), valueName: "hour")) var daily: Int?
            @Flag(help: ArgumentHelp(T(.noticesClearHelp))) var clear = false

            func validate() throws {
                if targets.isEmpty && interval == nil && daily == nil && !clear { throw ValidationError(T(.noticeTargetOrClear)) }
                if interval != nil && daily != nil { throw ValidationError(T(.noticeDailyAndInterval)) }
                if let plain = targets.first(where: NoticeSettings.isPlainHTTP) { throw ValidationError(T(.noticeHookHTTPS, Display.safe(plain))) }
            }

            func run() async throws {
                try await reporting {
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
                    print(settings.targets.isEmpty ? T(.noticeCleared) : T(.noticeSaved))
                    if !settings.targets.isEmpty { print(describe(settings)) }
                }
            }
        }

        struct Test: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: T(.noticesTestAbstract))
            @OptionGroup var options: StaffOptions
            @Flag(help: ArgumentHelp(T(.jsonHelp))) var json = false

            func run() async throws {
                try await reporting {
                    let (_, session) = try options.session()
                    let settings = try await session.noticeSettings()
                    let result = try await session.testNotices()
                    if json { return try printJSON(result) }
                    for delivery in result.deliveries {
                        let target = delivery.index < settings.targets.count ? Display.safe(settings.targets[delivery.index]) : "?"  // admins only: real URLs
                        print(T(.noticeDeliveryLine, String(delivery.index + 1), target, delivery.delivered ? T(.noticeDelivered) : T(.noticeFailed)))
                    }
                    if result.deliveries.contains(where: { !$0.delivered }) { throw ExitCode.failure }
                }
            }
        }
    }
}

/// The settings in a few lines for people.
private func describe(_ settings: NoticeSettings) -> String {
    guard !settings.targets.isEmpty else { return T(.noticeNoTargets) }
    var lines = [T(.noticeTargets)]
    for (index, target) in settings.targets.enumerated() {
        lines.append("  \(index + 1). \(target == NoticeSettings.hiddenHook ? T(.noticeHiddenHook) : Display.safe(target))")
    }
    if let hour = settings.dailyHour {
        lines.append(T(.noticeDaily, String(format: "%02d", hour)))
    } else {
        lines.append(T(.noticeInterval, String(settings.intervalMinutes)))
    }
    lines.append(T(.noticeContent))
    return lines.joined(separator: "\n")
}
