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
            abstract: "Show a whole conversation, decrypted and verified.",
            discussion: "A message that fails verification, or a gap in the conversation, is shown as a warning at the top.")
        @OptionGroup var options: StaffOptions
        @Argument(help: "The row number in the last inbox listing, or the conversation's handle.") var handle: String
        @Flag(help: "Print JSON.") var json = false

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
                if !opened.isIntact { throw ClientError(.verification, "this conversation did not verify (see the warning above)") }
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a conversation new, answered or closed.")
        @OptionGroup var options: StaffOptions
        @Argument(help: "The row number in the last inbox listing, or the conversation's handle.") var handle: String
        @Argument(help: "new, answered or closed.") var status: ThreadStatus

        func run() async throws {
            try await reporting {
                let (_, session) = try options.session()
                let handle = try options.handle(handle)
                try await session.setStatus(handle, status)
                print("\(Display.safe(handle)) is now \(status.rawValue).")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a conversation from the relay for good (asks first).")
        @OptionGroup var options: StaffOptions
        @Argument(help: "The row number in the last inbox listing, or the conversation's handle.") var handle: String
        @Flag(help: "Do not ask for confirmation.") var yes = false

        func run() async throws {
            try await reporting {
                let (_, session) = try options.session()
                let handle = try options.handle(handle)
                guard yes || Terminal.confirm("Delete conversation \(handle) for everyone? This cannot be undone.") else {
                    print("Nothing deleted.")
                    return
                }
                try await session.delete(handle)
                print("Deleted \(Display.safe(handle)).")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Save a decrypted copy of a conversation to a file, for a record you must keep.",
            discussion: "This writes the conversation's text, unencrypted, to FILE (mode 0600). Store it as your clinic's records rules require and delete it when they allow.")
        @OptionGroup var options: StaffOptions
        @Argument(help: "The row number in the last inbox listing, or the conversation's handle.") var handle: String
        @Option(help: "The new file to write.") var to: String

        func run() async throws {
            try await reporting {
                let (_, session) = try options.session()
                let handle = try options.handle(handle)
                let (thread, opened) = try await session.thread(handle, with: try await session.clinicKeys())
                let text = Display.thread(thread, opened)
                try SecureFile.write(Array(text.utf8), to: to, replace: false)
                print("Wrote \(opened.messages.count) decrypted messages of \(handle) to \(to) (unencrypted, readable only by you). Delete it when you no longer need it.")
            }
        }
    }
}
