import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension Channel: ExpressibleByArgument {}
extension ThreadStatus: ExpressibleByArgument {}
extension StaffRole: ExpressibleByArgument {}

extension LuckaStaff {
    struct Inbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List conversations: new ones first, then the most recently active.")
        @OptionGroup var options: StaffOptions
        @Option(help: "Only this channel: self, relative or professional.") var channel: Channel?
        @Option(help: "Only this status: new, answered or closed.") var status: ThreadStatus?
        @Option(help: "How many to show.") var limit = 50
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reporting {
                let (_, session) = try options.session()
                let keys = try await session.clinicKeys()
                let page = try await session.inbox(channel: channel, status: status, limit: min(max(limit, 1), 200))
                let threads = page.threads.filter { $0.status == .new } + page.threads.filter { $0.status != .new }
                let previews = threads.map { entry -> String in
                    guard let latest = entry.latest else { return "" }
                    let opened = StaffSession.open([latest], writerKey: entry.writerKey.bytes, with: keys)
                    guard let envelope = opened.messages.first?.envelope else { return "(cannot be opened)" }
                    return (envelope.author == .clinic ? "You: " : "") + Display.preview(envelope.text)
                }
                if json {
                    struct Row: Encodable {
                        var handle, channel, status, created, lastActivity, preview: String
                        var messages, unread: Int
                    }
                    try printJSON(zip(threads, previews).map { entry, preview in
                        Row(handle: entry.handle, channel: entry.channel.rawValue, status: entry.status.rawValue, created: entry.created,
                            lastActivity: entry.lastActivity, preview: preview, messages: entry.messageCount, unread: entry.unread)
                    })
                    return
                }
                if threads.isEmpty {
                    print("No conversations\(status.map { " with status \($0.rawValue)" } ?? "").")
                    return
                }
                print("HANDLE        CHANNEL       STATUS    LAST ACTIVE  UNREAD  LATEST")
                for (entry, preview) in zip(threads, previews) {
                    let columns = [
                        Display.safe(entry.handle).padding(toLength: 13, withPad: " ", startingAt: 0),
                        Display.channelName(entry.channel).padding(toLength: 13, withPad: " ", startingAt: 0),
                        entry.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0),
                        Display.safe(entry.lastActivity).padding(toLength: 12, withPad: " ", startingAt: 0),
                        String(entry.unread).padding(toLength: 7, withPad: " ", startingAt: 0),
                        Display.safe(preview),
                    ]
                    print(columns.joined(separator: " "))
                }
                if page.next != nil { print("(more: use --limit or filters)") }
            }
        }
    }

    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a whole conversation, decrypted and verified.",
            discussion: "A message that fails verification, or a gap in the conversation, is shown as a warning at the top.")
        @OptionGroup var options: StaffOptions
        @Argument(help: "The conversation's handle, from the inbox.") var handle: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reporting {
                let (_, session) = try options.session()
                let (thread, opened) = try await session.thread(handle, with: try await session.clinicKeys())
                if json { try printJSON(Display.ThreadJSON(thread, opened)) } else { print(Display.thread(thread, opened), terminator: "") }
                if !opened.isIntact { throw ClientError(.verification, "this conversation did not verify (see the warning above)") }
            }
        }
    }

    struct Reply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Answer a conversation. Your display name goes inside the encrypted message.",
            discussion: "The text comes from --file, from standard input, or is typed at a prompt.")
        @OptionGroup var options: StaffOptions
        @Argument(help: "The conversation's handle.") var handle: String
        @Option(help: "Read the reply from this file.") var file: String?

        func run() async throws {
            try await reporting {
                let (keystore, session) = try options.session()
                let text = try Terminal.messageText(file: file, prompt: "Write your reply to \(handle):")
                let keys = try await session.clinicKeys()
                let name = keystore.settings.displayName ?? "Behandlare"
                let posted = try await session.reply(to: handle, text: text, displayName: name, with: keys)
                print("Sent as message \(posted.seq), signed \(Display.safe(name)). The conversation is marked answered.")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a conversation new, answered or closed.")
        @OptionGroup var options: StaffOptions
        @Argument(help: "The conversation's handle.") var handle: String
        @Argument(help: "new, answered or closed.") var status: ThreadStatus

        func run() async throws {
            try await reporting {
                let (_, session) = try options.session()
                try await session.setStatus(handle, status)
                print("\(Display.safe(handle)) is now \(status.rawValue).")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a conversation from the relay for good (asks first).")
        @OptionGroup var options: StaffOptions
        @Argument(help: "The conversation's handle.") var handle: String
        @Flag(help: "Do not ask for confirmation.") var yes = false

        func run() async throws {
            try await reporting {
                let (_, session) = try options.session()
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
        @Argument(help: "The conversation's handle.") var handle: String
        @Option(help: "The new file to write.") var to: String

        func run() async throws {
            try await reporting {
                let (_, session) = try options.session()
                let (thread, opened) = try await session.thread(handle, with: try await session.clinicKeys())
                let text = Display.thread(thread, opened)
                try SecureFile.write(Array(text.utf8), to: to, replace: false)
                print("Wrote \(opened.messages.count) decrypted messages of \(handle) to \(to) (unencrypted, readable only by you). Delete it when you no longer need it.")
            }
        }
    }
}
