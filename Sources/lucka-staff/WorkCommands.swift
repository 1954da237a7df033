import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension Channel: ExpressibleByArgument {}
extension ThreadStatus: ExpressibleByArgument {}
extension StaffRole: ExpressibleByArgument {}
extension ClinicProfile.AnswerDaysKind: ExpressibleByArgument {}

extension LuckaStaff {
    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: T(.readAbstract), discussion: T(.readDiscussion))
        @OptionGroup var options: StaffOptions
        @Argument(help: ArgumentHelp(T(.rowOrHandleHelp))) var handle: String
        @Flag(help: ArgumentHelp(T(.jsonHelp))) var json = false

        func run() async throws {
            try await reporting {
                let (_, session) = try options.session()
                let handle = try options.handle(handle)
                let (thread, opened) = try await session.thread(handle, with: try await session.clinicKeys())
                let members = try await session.members()
                let handler = thread.handler.map { id in members.first { $0.id == id }?.displayName ?? id }
                let notes = StaffSession.open(notes: thread.notes ?? [], handle: thread.handle, members: members, with: try await session.clinicKeys())
                if json {
                    try printJSON(Display.ThreadJSON(thread, opened, notes: notes, members: members))
                } else {
                    print(Display.thread(thread, opened, handler: handler, notes: notes, members: members), terminator: "")
                }
                if !opened.isIntact { throw ClientError(.verification, T(.readNotIntact)) }
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: T(.statusAbstract))
        @OptionGroup var options: StaffOptions
        @Argument(help: ArgumentHelp(T(.rowOrHandleHelp))) var handle: String
        @Argument(help: ArgumentHelp(T(.statusArgumentHelp))) var status: ThreadStatus

        func run() async throws {
            try await reporting {
                let (_, session) = try options.session()
                let handle = try options.handle(handle)
                try await session.setStatus(handle, status)
                print(T(.statusSet, Display.safe(handle), status.localized))
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: T(.deleteAbstract))
        @OptionGroup var options: StaffOptions
        @Argument(help: ArgumentHelp(T(.rowOrHandleHelp))) var handle: String
        @Flag(help: ArgumentHelp(T(.noConfirmHelp))) var yes = false

        func run() async throws {
            try await reporting {
                let (_, session) = try options.session()
                let handle = try options.handle(handle)
                guard yes || Terminal.confirm(T(.deleteQuestion, Display.safe(handle)), hint: T(.yesNoHint)) else {
                    print(T(.nothingDeleted))
                    return
                }
                try await session.delete(handle)
                print(T(.deleted, Display.safe(handle)))
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: T(.exportAbstract), discussion: T(.exportDiscussion))
        @OptionGroup var options: StaffOptions
        @Argument(help: ArgumentHelp(T(.rowOrHandleHelp))) var handle: String
        @Option(help: ArgumentHelp(T(.exportToHelp))) var to: String

        func run() async throws {
            try await reporting {
                let (_, session) = try options.session()
                let handle = try options.handle(handle)
                let (thread, opened) = try await session.thread(handle, with: try await session.clinicKeys())
                let text = Display.thread(thread, opened)
                try SecureFile.write(Array(text.utf8), to: to, replace: false)
                print(T(.exported, String(opened.messages.count), Display.safe(handle), TerminalSafe.line(to)))
            }
        }
    }
}
