import ArgumentParser
import Foundation
import Spawn
import LuckaClient
import LuckaCore

extension LuckaStaff {
    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: T(.watchAbstract))
        @OptionGroup var options: StaffOptions
        @Option(help: ArgumentHelp(T(.watchIntervalHelp))) var interval = 60
        @Flag(help: ArgumentHelp(T(.watchOnceHelp))) var once = false
        @Option(help: ArgumentHelp(T(.watchPollsHelp), visibility: .hidden)) var polls: Int?

        func validate() throws {
            guard (1...3600).contains(interval) else { throw ValidationError(T(.watchIntervalRange)) }
        }

        func run() async throws {
            try await reporting {
                // Unlocks once; after that only the counts are asked for, signed.
                let (_, session) = try options.session()
                var last = try await session.inboxCount().unreadForMe
                FileHandle.standardError.write(Data((T(.watchStarted, String(interval)) + "\n").utf8))
                var asked = 1
                var warned = false
                while polls.map({ asked < $0 }) ?? true {
                    try await Task.sleep(for: .seconds(interval))
                    asked += 1
                    let count: InboxCount
                    do { count = try await session.inboxCount() } catch let error as ClientError
                        where error.kind == .unreachable || (error.status ?? 0) >= 500
                    {
                        if !warned { FileHandle.standardError.write(Data((T(.watchUnreachable) + "\n").utf8)) }
                        warned = true
                        continue
                    }
                    warned = false
                    // Only more unopened writer messages than last time is news; reading
                    // lowers the count, and that is not.
                    defer { last = count.unreadForMe }
                    guard count.unreadForMe > last else { continue }
                    print(T(.newMessages))
                    Self.notify(T(.newMessages))
                    if once { break }
                }
            }
        }

        /// A desktop notification with no content, when `notify-send` is on the PATH.
        static func notify(_ text: String) {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            guard
                let tool = path.split(separator: ":").map({ $0 + "/notify-send" }).first(where: {
                    FileManager.default.isExecutableFile(atPath: $0)
                })
            else { return }
            let process = ChildProcess()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = ["Lucka", text]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try? process.run()
            process.waitUntilExit()
        }
    }
}
