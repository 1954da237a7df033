import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension LuckaStaff {
    struct Inbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: T(.inboxAbstract))
        @OptionGroup var options: StaffOptions
        @Option(help: ArgumentHelp(T(.inboxChannelHelp))) var channel: Channel?
        @Option(help: ArgumentHelp(T(.inboxStatusHelp))) var status: ThreadStatus?
        @Option(help: ArgumentHelp(T(.inboxLimitHelp))) var limit = 50
        @Flag(help: ArgumentHelp(T(.inboxMineHelp))) var mine = false
        @Flag(help: ArgumentHelp(T(.inboxUnassignedHelp))) var unassigned = false
        @Flag(help: ArgumentHelp(T(.inboxOverdueHelp))) var overdue = false
        @Flag(help: ArgumentHelp(T(.jsonHelp))) var json = false

        func validate() throws {
            if mine && unassigned { throw ValidationError(T(.mineAndUnassigned)) }
        }

        func run() async throws {
            try await reporting {
                let (_, session) = try options.session()
                let keys = try await session.clinicKeys()
                let filter = InboxFilter(channel: channel, status: status, mine: mine, unassigned: unassigned, overdue: overdue)
                let (threads, more) = try await session.queue(filter, limit: min(max(limit, 1), 1000))
                let members = try await session.members()
                let me = session.keys.signing.publicKey
                let previews = threads.map { entry -> String in
                    guard let latest = entry.latest else { return "" }
                    let opened = StaffSession.open([latest], writerKey: entry.writerKey.bytes, with: keys)
                    guard let envelope = opened.messages.first?.envelope else { return T(.inboxCannotOpen) }
                    return (envelope.author == .clinic ? T(.inboxYou) : "") + Display.preview(envelope.text)
                }
                // Row numbers refer to this listing from now on (`read 3`).
                LastListing(home: options.homeDirectory).save(threads.map(\.handle))
                func handlerName(_ id: String?) -> String? {
                    guard let id else { return nil }
                    guard let member = members.first(where: { $0.id == id }) else { return id }
                    return member.signingKey.bytes == me ? T(.inboxMe) : member.displayName
                }
                if json {
                    struct Row: Encodable {
                        var number: Int
                        var handle, channel, status, created, lastActivity, preview: String
                        var messages, unread, unreadForMe: Int
                        var waitingDays: Int?
                        var overdue: Bool
                        var handler, handlerName: String?
                    }
                    try printJSON(
                        zip(threads, previews).enumerated().map { index, pair in
                            let (entry, preview) = pair
                            return Row(
                                number: index + 1, handle: entry.handle, channel: entry.channel.rawValue,
                                status: entry.status.rawValue,
                                created: entry.created, lastActivity: entry.lastActivity, preview: preview,
                                messages: entry.messageCount,
                                unread: entry.unreadForMe, unreadForMe: entry.unreadForMe, waitingDays: entry.waitingDays,
                                overdue: entry.overdue,
                                handler: entry.handler, handlerName: handlerName(entry.handler))
                        })
                    return
                }
                if threads.isEmpty {
                    print(T(.inboxEmpty))
                    return
                }
                print(T(.inboxHeader))
                for (index, pair) in zip(threads, previews).enumerated() {
                    let (entry, preview) = pair
                    let waited = entry.waitingDays.map { T(.inboxWaited, String($0)) + (entry.overdue ? " !" : "") } ?? ""
                    let columns = [
                        String(index + 1).padding(toLength: 3, withPad: " ", startingAt: 0),
                        Display.safe(entry.handle).padding(toLength: 13, withPad: " ", startingAt: 0),
                        entry.channel.localized.padding(toLength: 13, withPad: " ", startingAt: 0),
                        entry.status.localized.padding(toLength: 10, withPad: " ", startingAt: 0),
                        waited.padding(toLength: 9, withPad: " ", startingAt: 0),
                        Display.safe(Display.preview(handlerName(entry.handler) ?? T(.inboxNobody), width: 13)).padding(
                            toLength: 13, withPad: " ", startingAt: 0),
                        String(entry.unreadForMe).padding(toLength: 6, withPad: " ", startingAt: 0),
                        Display.safe(preview),
                    ]
                    print(columns.joined(separator: " "))
                }
                if threads.contains(where: \.overdue), let days = keys.clinic.profile.answerDays {
                    let kind = keys.clinic.profile.answerDaysKind == .working ? T(.daysWorking) : T(.daysCalendar)
                    print(T(.inboxOverdueLegend, String(days), kind))
                }
                if more { print(T(.inboxMore, String(threads.count))) }
            }
        }
    }

    struct Take: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: T(.takeAbstract))
        @OptionGroup var options: StaffOptions
        @Argument(help: ArgumentHelp(T(.rowOrHandleHelp))) var thread: String

        func run() async throws {
            try await reporting {
                let (_, session) = try options.session()
                let handle = try options.handle(thread)
                let me = try await session.me()
                try await session.setHandler(handle, to: me.id)
                print(T(.took, Display.safe(handle)))
            }
        }
    }

    struct Give: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: T(.giveAbstract))
        @OptionGroup var options: StaffOptions
        @Argument(help: ArgumentHelp(T(.rowOrHandleHelp))) var thread: String
        @Argument(help: ArgumentHelp(T(.colleagueHelp))) var colleague: String

        func run() async throws {
            try await reporting {
                let (_, session) = try options.session()
                let handle = try options.handle(thread)
                let active = try await session.members().filter { $0.status == .active }
                var matches = active.filter { $0.id == colleague }
                if matches.isEmpty {
                    matches = active.filter {
                        $0.displayName.compare(colleague, options: [.caseInsensitive, .diacriticInsensitive]) == .orderedSame
                    }
                }
                guard let member = matches.first else { throw ClientError(.local, T(.noColleague, colleague)) }
                guard matches.count == 1 else { throw ClientError(.local, T(.manyColleagues, colleague)) }
                try await session.setHandler(handle, to: member.id)
                print(T(.gave, Display.safe(handle), Display.safe(member.displayName)))
            }
        }
    }

    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: T(.releaseAbstract))
        @OptionGroup var options: StaffOptions
        @Argument(help: ArgumentHelp(T(.rowOrHandleHelp))) var thread: String

        func run() async throws {
            try await reporting {
                let (_, session) = try options.session()
                let handle = try options.handle(thread)
                try await session.setHandler(handle, to: nil)
                print(T(.released, Display.safe(handle)))
            }
        }
    }
}

extension StaffOptions {
    /// A row number of the last inbox listing, or a handle as typed.
    func handle(_ argument: String) throws -> String {
        guard let handle = LastListing(home: homeDirectory).resolve(argument) else {
            throw ClientError(.local, T(.noRow, argument))
        }
        return handle
    }
}
