import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension Lucka {
    struct Write: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            let t = Words.startup
            return CommandConfiguration(abstract: t("help.write.abstract"), discussion: t("help.write.discussion"))
        }
        @OptionGroup var relay: RelayOptions
        @Option(help: ArgumentHelp(Words.startup("help.clinic"), valueName: "name"))
        var clinic: String
        @Option(help: ArgumentHelp(Words.startup("help.channel"), valueName: "channel"))
        var channel: Channel
        @OptionGroup var pin: PinOptions
        @Option(help: ArgumentHelp(Words.startup("help.file"), valueName: "file"))
        var file: String?
        @OptionGroup var language: LanguageOptions

        func validate() throws {
            guard ClinicProfile.isValidSlug(clinic) else {
                throw ValidationError(Words.startup("usage.clinic"))
            }
        }

        func run() async throws {
            let t = language.words
            try await reporting(t, relay: relay.address) {
                try await relay.withClient { client in try await write(client, t) }
            }
        }

        func write(_ client: RelayClient, _ t: Words) async throws {
            let pinned = pin.fingerprint
            // Check the clinic (and the pin) before the person spends time writing.
            let verified = try await Self.verifiedClinic(client, slug: clinic, pin: pinned, t)
            // Shown, never obeyed: every field's control characters are escaped for the terminal.
            let profile = verified.profile.terminalSafe
            guard profile.channels.contains(channel) else {
                let offered = profile.channels.map(\.rawValue).joined(separator: ", ")
                throw ClientError(.local, t("write.wrongChannel", ["clinic": profile.name, "channel": channel.rawValue, "offered": offered]))
            }
            if pinned != nil {
                print(Display.wrap(t("write.pinMatches", ["clinic": profile.name])))
            } else {
                print(Display.compareAdvice(verified, t))
            }
            print("")
            let text = try messageText(t, file: file, prompt: t("write.prompt", ["clinic": profile.name]))
            // The clinic fetched above is what the person saw: hold the relay to it.
            let (code, conversation) = try await WriterConversation.start(
                relay: client, clinic: clinic, channel: channel, text: text, pin: pinned ?? verified.fingerprint)
            print(Display.wrap(t("write.sent", ["clinic": profile.name])))
            print("")
            print(t("write.codeHeading"))
            print("")
            var line = Array("    ".utf8) + code.groupedBytes() + Array("\n".utf8)
            writeOut(line)
            wipe(&line)
            print("")
            print(Display.wrap(t("write.keepCode")))
            print("")
            if !profile.answerTime.isEmpty {
                print(Display.wrap(t("write.answers", ["clinic": profile.name, "answer": profile.answerTime])))
            } else {
                print(t("write.comeBack"))
            }
            print("    lucka read --relay \(relay.address)")
            if let (thread, _) = try? await conversation.fetch() {
                print(Display.wrap(t("write.expires", ["date": TerminalSafe.line(thread.expires)])))
            }
        }

        /// The clinic, verified against its own signing key and the pin; a mismatch is refused.
        static func verifiedClinic(_ client: RelayClient, slug: String, pin: LuckaCore.Fingerprint?, _ t: Words) async throws -> VerifiedClinic {
            let document: ClinicDocument
            do { document = try await client.clinic(slug) } catch let error as ClientError where error.apiError == "unknown_clinic" {
                throw ClientError(error.kind, t("error.unknownClinic", ["slug": slug, "relay": "\(client.baseURL)"]))
            }
            do {
                return try document.verified(pin: pin)
            } catch where error.code == .identityChanged {
                throw ClientError.verification(error, document: document, pin: pin)
            } catch where error.code == .fingerprintMismatch {
                throw ClientError(.verification, t("error.pinRefused", ["slug": slug]))
            } catch {
                throw ClientError(.verification, t("error.keysBroken", ["slug": slug, "reason": error.reason]))
            }
        }
    }

    struct Read: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            let t = Words.startup
            return CommandConfiguration(abstract: t("help.read.abstract"), discussion: t("help.read.discussion"))
        }
        @OptionGroup var relay: RelayOptions
        @OptionGroup var pin: PinOptions
        @OptionGroup var code: CodeOptions
        @Flag(help: ArgumentHelp(Words.startup("help.json"))) var json = false
        @OptionGroup var language: LanguageOptions

        func run() async throws {
            let t = language.words
            try await reporting(t, relay: relay.address) {
                let code = try code.code(t)
                let (conversation, thread, opened) = try await relay.withClient { client in
                    try await Answers.withCode(t) { try await WriterConversation.open(relay: client, code: code, pin: pin.fingerprint) }
                }
                if json {
                    try printJSON(Display.ConversationJSON(conversation.clinic, thread, opened))
                } else {
                    print(Display.conversation(conversation.clinic, thread, opened, pinned: pin.fingerprint != nil, t), terminator: "")
                    print("")
                    print(t("read.toAnswer", ["relay": relay.address]))
                    print(t("read.toDelete", ["relay": relay.address]))
                }
                if !opened.isIntact {
                    throw ClientError(.verification, t("error.notIntact"))
                }
            }
        }
    }

    struct Reply: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            let t = Words.startup
            return CommandConfiguration(abstract: t("help.reply.abstract"), discussion: t("help.reply.discussion"))
        }
        @OptionGroup var relay: RelayOptions
        @OptionGroup var pin: PinOptions
        @OptionGroup var code: CodeOptions
        @Option(help: ArgumentHelp(Words.startup("help.file"), valueName: "file"))
        var file: String?
        @OptionGroup var language: LanguageOptions

        func run() async throws {
            let t = language.words
            try await reporting(t, relay: relay.address) {
                let code = try code.code(t)
                try await relay.withClient { client in try await reply(client, code, t) }
            }
        }

        func reply(_ client: RelayClient, _ code: ConversationCode, _ t: Words) async throws {
            let (conversation, _, opened) = try await Answers.withCode(t) {
                try await WriterConversation.open(relay: client, code: code, pin: pin.fingerprint)
            }
            let profile = conversation.clinic.profile.terminalSafe
            let name = profile.name
            if !opened.isIntact {
                FileHandle.standardError.write(Data((t("reply.warning") + "\n").utf8))
            }
            let text = try messageText(t, file: file, prompt: t("reply.prompt", ["clinic": name]))
            let posted = try await Answers.withCode(t) { try await conversation.reply(text) }
            print(Display.wrap(t("reply.sent", ["seq": String(posted.seq), "clinic": name])))
            if !profile.answerTime.isEmpty {
                print(Display.wrap(t("reply.answers", ["clinic": name, "answer": profile.answerTime])))
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            let t = Words.startup
            return CommandConfiguration(abstract: t("help.delete.abstract"), discussion: t("help.delete.discussion"))
        }
        @OptionGroup var relay: RelayOptions
        @OptionGroup var code: CodeOptions
        @Flag(help: ArgumentHelp(Words.startup("help.yes"))) var yes = false
        @OptionGroup var language: LanguageOptions

        func run() async throws {
            let t = language.words
            try await reporting(t, relay: relay.address) {
                let code = try code.code(t)
                try await relay.withClient { client in try await delete(client, code, t) }
            }
        }

        func delete(_ client: RelayClient, _ code: ConversationCode, _ t: Words) async throws {
            // Deleting needs no keys of the clinic: it works even if they do not check out.
            let keys = try WriterKeys(code: code)
            let thread = try await Answers.withCode(t) { try await client.readThread(lookupToken: keys.lookupToken.copyBytes()) }
            let count = thread.messages.count
            // The name is only for the question; a clinic that does not check out is named by its slug.
            let name = TerminalSafe.line(yes ? thread.clinic : ((try? await client.clinic(thread.clinic).verified(pin: nil))?.profile.name ?? thread.clinic))
            let question = t("delete.confirm", count: count, ["clinic": name])
            guard yes || confirm(t, question) else {
                print(t("delete.nothing"))
                return
            }
            try await Answers.withCode(t) { try await client.deleteThread(lookupToken: keys.lookupToken.copyBytes()) }
            print(Display.wrap(t("delete.done")))
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
