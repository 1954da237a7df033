import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension Lucka {
    struct Write: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a conversation with a clinic. You get a code to come back with.",
            discussion: """
                Your message is encrypted on this computer before it is sent; only the clinic's \
                counsellors can read it. You do not give your name, e-mail or phone number.

                The text comes from --file, or from what you pipe in, or you type it when asked \
                (finish with a line containing only a dot, or Ctrl-D).

                Channels (--channel):
                  self          you write about yourself
                  relative      you are close to someone who buys sex
                                (a partner, family member or friend)
                  professional  you ask for advice in your work
                                (social services, police, health care)

                With --pin, Lucka checks the clinic's keys against the fingerprint the clinic \
                publishes, and sends nothing if they differ. Without it, Lucka shows you the \
                fingerprint so you can compare it yourself.

                At the end you see your code, once. Write it down or keep it where only you can see \
                it. Without it nobody can open the conversation, not even the clinic.
                """)
        @OptionGroup var relay: RelayOptions
        @Option(help: ArgumentHelp("The clinic's short name, as `lucka clinics` shows it, e.g. kast-jonkoping.", valueName: "name"))
        var clinic: String
        @Option(help: ArgumentHelp("Who you are writing as: self, relative or professional (see above).", valueName: "channel"))
        var channel: Channel
        @OptionGroup var pin: PinOptions
        @Option(help: ArgumentHelp("Take the message from this file.", valueName: "file"))
        var file: String?

        func validate() throws {
            guard ClinicProfile.isValidSlug(clinic) else {
                throw ValidationError("--clinic takes the clinic's short name, like kast-jonkoping (see `lucka clinics`)")
            }
        }

        func run() async throws {
            try await reporting {
                try await relay.withClient { client in try await write(client) }
            }
        }

        func write(_ client: RelayClient) async throws {
            let pinned = pin.fingerprint
            // Check the clinic (and the pin) before the person spends time writing.
            let verified = try await Self.verifiedClinic(client, slug: clinic, pin: pinned)
            // Shown, never obeyed: every field's control characters are escaped for the terminal.
            let profile = verified.profile.terminalSafe
            guard profile.channels.contains(channel) else {
                let offered = profile.channels.map(\.rawValue).joined(separator: ", ")
                throw ClientError(.local, "\(profile.name) does not take messages in the \(channel.rawValue) channel; it offers: \(offered). Nothing was sent.")
            }
            if pinned != nil {
                print("The keys of \(profile.name) match the fingerprint you gave.")
            } else {
                print(Display.compareAdvice(verified))
            }
            print("")
            let text = try Terminal.messageText(
                file: file, prompt: "Write your message to \(profile.name). Do not include your name unless you want to.")
            // The clinic fetched above is what the person saw: hold the relay to it.
            let (code, conversation) = try await WriterConversation.start(
                relay: client, clinic: clinic, channel: channel, text: text, pin: pinned ?? verified.fingerprint)
            print(Display.wrap("Sent. Your message was encrypted on this computer; only \(profile.name) can read it."))
            print("")
            print("YOUR CODE (shown only this once):")
            print("")
            var line = Array("    ".utf8) + code.groupedBytes() + Array("\n".utf8)
            writeOut(line)
            wipe(&line)
            print("")
            print(Display.wrap("""
                Write it down now, or keep it somewhere only you can see. Without this code nobody can open \
                the conversation, not even the clinic, and it cannot be sent to you again.
                """))
            print("")
            if !profile.answerTime.isEmpty {
                print(Display.wrap("\(profile.name) answers: \(profile.answerTime). Come back then and read the answer with:"))
            } else {
                print("Come back later and read the answer with:")
            }
            print("    lucka read --relay \(relay.address)")
            if let (thread, _) = try? await conversation.fetch() {
                print(Display.wrap("The conversation is deleted by itself after \(TerminalSafe.line(thread.expires)) unless someone writes in it before then."))
            }
        }

        /// The clinic, verified against its own signing key and the pin; a mismatch is refused.
        static func verifiedClinic(_ client: RelayClient, slug: String, pin: LuckaCore.Fingerprint?) async throws -> VerifiedClinic {
            let document: ClinicDocument
            do { document = try await client.clinic(slug) } catch let error as ClientError where error.apiError == "unknown_clinic" {
                throw ClientError(error.kind, "this relay has no clinic called \(slug); see `lucka clinics --relay \(client.baseURL)`")
            }
            do {
                return try document.verified(pin: pin)
            } catch where error.code == .identityChanged {
                throw ClientError.verification(error, document: document, pin: pin)
            } catch where error.code == .fingerprintMismatch {
                throw ClientError(.verification, """
                    refused: the keys this relay shows for \(slug) do not match the fingerprint you gave, so nothing was sent. \
                    Check the fingerprint against the clinic's own website or card; if it is right, do not use this relay.
                    """)
            } catch {
                throw ClientError(.verification, "the keys of \(slug) on this relay do not check out (\(error.reason)), so nothing was sent. Do not use this relay.")
            }
        }
    }

    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read your conversation with your code.",
            discussion: """
                Lucka asks for your code without showing it on the screen. It shows the whole \
                conversation, newest last; the clinic's answers carry the counsellor's name.

                A mistyped code is caught on this computer, before anything is sent. If messages \
                were changed or lost on the way, you see a WARNING at the top.
                """)
        @OptionGroup var relay: RelayOptions
        @OptionGroup var pin: PinOptions
        @OptionGroup var code: CodeOptions
        @Flag(help: "Print JSON (for scripts).") var json = false

        func run() async throws {
            try await reporting {
                let code = try code.code()
                let (conversation, thread, opened) = try await relay.withClient { client in
                    try await Answers.withCode { try await WriterConversation.open(relay: client, code: code, pin: pin.fingerprint) }
                }
                if json {
                    try printJSON(Display.ConversationJSON(conversation.clinic, thread, opened))
                } else {
                    print(Display.conversation(conversation.clinic, thread, opened, pinned: pin.fingerprint != nil), terminator: "")
                    print("")
                    print("To answer:        lucka reply --relay \(relay.address)")
                    print("To delete it all: lucka delete --relay \(relay.address)")
                }
                if !opened.isIntact {
                    throw ClientError(.verification, "this conversation did not check out (see the warning); do not trust what it shows")
                }
            }
        }
    }

    struct Reply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write again in your conversation.",
            discussion: """
                Lucka asks for your code without showing it, then for your message (finish with a \
                line containing only a dot, or Ctrl-D). The message is encrypted on this computer.

                For scripts: with --code-stdin, the first line of standard input is the code and \
                the rest is the message, unless --file gives the message.
                """)
        @OptionGroup var relay: RelayOptions
        @OptionGroup var pin: PinOptions
        @OptionGroup var code: CodeOptions
        @Option(help: ArgumentHelp("Take the message from this file.", valueName: "file"))
        var file: String?

        func run() async throws {
            try await reporting {
                let code = try code.code()
                try await relay.withClient { client in try await reply(client, code) }
            }
        }

        func reply(_ client: RelayClient, _ code: ConversationCode) async throws {
            let (conversation, _, opened) = try await Answers.withCode {
                try await WriterConversation.open(relay: client, code: code, pin: pin.fingerprint)
            }
            let profile = conversation.clinic.profile.terminalSafe
            let name = profile.name
            if !opened.isIntact {
                FileHandle.standardError.write(Data("lucka: warning: this conversation did not check out; see `lucka read`\n".utf8))
            }
            let text = try Terminal.messageText(file: file, prompt: "Write your message to \(name).")
            let posted = try await Answers.withCode { try await conversation.reply(text) }
            print(Display.wrap("Sent (message \(posted.seq)). It was encrypted on this computer; only \(name) can read it."))
            if !profile.answerTime.isEmpty {
                print("\(name) answers: \(profile.answerTime).")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete your whole conversation for good (asks first).",
            discussion: """
                Everything in the conversation is removed from the relay: your messages and the \
                clinic's answers. Nobody can read it afterwards, not you and not the clinic, and \
                the code stops working.
                """)
        @OptionGroup var relay: RelayOptions
        @OptionGroup var code: CodeOptions
        @Flag(help: "Do not ask for confirmation.") var yes = false

        func run() async throws {
            try await reporting {
                let code = try code.code()
                try await relay.withClient { client in try await delete(client, code) }
            }
        }

        func delete(_ client: RelayClient, _ code: ConversationCode) async throws {
            // Deleting needs no keys of the clinic: it works even if they do not check out.
            let keys = try WriterKeys(code: code)
            let thread = try await Answers.withCode { try await client.readThread(lookupToken: keys.lookupToken.copyBytes()) }
            let count = thread.messages.count
            // The name is only for the question; a clinic that does not check out is named by its slug.
            let name = TerminalSafe.line(yes ? thread.clinic : ((try? await client.clinic(thread.clinic).verified(pin: nil))?.profile.name ?? thread.clinic))
            guard yes || Terminal.confirm("Delete your conversation with \(name) (\(count) message\(count == 1 ? "" : "s")) for good? This cannot be undone.") else {
                print("Nothing was deleted.")
                return
            }
            try await Answers.withCode { try await client.deleteThread(lookupToken: keys.lookupToken.copyBytes()) }
            print("Deleted. The conversation is gone from the relay and your code no longer opens anything.")
        }
    }
}

/// Writes bytes to standard output after what `print` has buffered, so secrets need not
/// become Strings.
func writeOut(_ bytes: [UInt8]) {
    fflush(nil)
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let written = write(STDOUT_FILENO, raw.baseAddress! + offset, raw.count - offset)
            if written <= 0 { break }
            offset += written
        }
    }
}
