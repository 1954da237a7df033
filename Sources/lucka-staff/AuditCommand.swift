import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension LuckaStaff {
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: T(.auditAbstract))
        @OptionGroup var options: StaffOptions
        @Option(help: ArgumentHelp(T(.auditFromHelp))) var from: String?
        @Option(help: ArgumentHelp(T(.auditToHelp))) var to: String?
        @Flag(help: ArgumentHelp(T(.jsonHelp))) var json = false

        func validate() throws {
            for day in [from, to].compactMap({ $0 }) where !Self.isDay(day) {
                throw ValidationError(T(.auditBadDay, TerminalSafe.line(String(day.prefix(20)))))
            }
        }

        static func isDay(_ text: String) -> Bool {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            return parts.map(\.count) == [4, 2, 2] && parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
        }

        func run() async throws {
            try await reporting {
                let (_, session) = try options.session()
                let rows = try await session.auditLog(from: from, to: to)
                if json { return try printJSON(rows) }
                guard !rows.isEmpty else {
                    print(T(.auditEmpty))
                    return
                }
                let names = Dictionary(
                    try await session.members().map { ($0.id, $0.displayName) }, uniquingKeysWith: { first, _ in first })
                print(T(.auditHeader))
                for row in rows {
                    // Every field came from the relay: through TerminalSafe.
                    let who = names[row.staffID] ?? row.staffID
                    let columns = [
                        Display.safe(row.date).padding(toLength: 11, withPad: " ", startingAt: 0),
                        Display.safe(Display.preview(who, width: 19)).padding(toLength: 19, withPad: " ", startingAt: 0),
                        Display.safe(Self.action(row.action, names: names)).padding(toLength: 21, withPad: " ", startingAt: 0),
                        Display.safe(row.thread ?? ""),
                    ]
                    print(columns.joined(separator: " "))
                }
            }
        }

        /// The relay's action words in the chosen language; others as they are.
        static func action(_ action: String, names: [String: String]) -> String {
            switch action {
            case "read": return T(.actionRead)
            case "reply": return T(.actionReply)
            case "take": return T(.actionTake)
            case "release": return T(.actionRelease)
            case "delete": return T(.actionDelete)
            default:
                if action.hasPrefix("give ") {
                    let id = String(action.dropFirst(5))
                    return T(.actionGive, names[id] ?? id)
                }
                if action.hasPrefix("status-"), let status = ThreadStatus(rawValue: String(action.dropFirst(7))) {
                    return T(.actionStatus, status.localized)
                }
                return action
            }
        }
    }
}
