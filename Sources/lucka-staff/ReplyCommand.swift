import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension LuckaStaff {
    struct Reply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: T(.replyAbstract), discussion: T(.replyDiscussion))
        @OptionGroup var options: StaffOptions
        @Argument(help: ArgumentHelp(T(.rowOrHandleHelp))) var handle: String
        @Option(help: ArgumentHelp(T(.replyFileHelp))) var file: String?
        @Option(help: ArgumentHelp(T(.replyTemplateHelp))) var template: String?
        @Flag(help: ArgumentHelp(T(.replyEditHelp))) var edit = false
        @Flag(help: ArgumentHelp(T(.replyYesHelp))) var yes = false

        /// The line below which the editor's file is ignored, as `git commit` has it.
        static let cutLine = "# ------------------------ >8 ------------------------"

        func run() async throws {
            try await reporting {
                let (keystore, session) = try options.session()
                let handle = try options.handle(handle)
                // The thread first: a wrong number or handle fails before anything is typed.
                let keys = try await session.clinicKeys()
                let (thread, opened) = try await session.thread(handle, with: keys)
                let drafts = try DraftStore(home: options.homeDirectory, keys: keystore.keys)
                let (kept, movedAside) = drafts.load()
                Self.tell(movedAside: movedAside)
                let draft = kept[thread.handle]
                if draft != nil {
                    FileHandle.standardError.write(Data((T(.replyDraftFound, Display.safe(thread.handle)) + "\n").utf8))
                }
                var start = draft ?? ""
                if let template {
                    let found = try Template.find(template, in: try await Template.load(session, keys))
                    let text = found.template?.text ?? ""
                    start = start.isEmpty ? text : start + "\n\n" + text
                }
                let editor = Composer.editorCommand()
                let editing = (edit || (Terminal.isInteractive && file == nil)) && editor != nil
                var text: String
                if editing, let editor {
                    do {
                        text = try Composer.edit(
                            initial: start, cutLine: Self.cutLine, quoted: Self.quote(opened), command: editor)
                    } catch let failed as Composer.EditorFailed {
                        throw ClientError(.local, T(.editorFailed, String(failed.status)))
                    }
                    guard !text.isEmpty else { throw ClientError(.local, T(.emptyText)) }
                } else if file == nil && !Terminal.isInteractive && !start.isEmpty {
                    // Piped: the draft or template, then whatever came on standard input.
                    let piped = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                        .trimmingCharacters(in: .whitespacesAndNewlines)
                    text = piped.isEmpty ? start : start + "\n\n" + piped
                } else {
                    if !start.isEmpty { print(start) }
                    let typed = try Terminal.messageText(file: file, prompt: T(.replyPrompt, Display.safe(thread.handle)), hint: T(.dotHint), empty: T(.emptyText))
                    text = start.isEmpty ? typed : start + "\n\n" + typed
                }
                // Someone at the keyboard (or an editor) sees the reply before it goes.
                if (editing || Terminal.isInteractive) && !yes {
                    print(T(.replyPreview, Display.safe(thread.handle)))
                    print(TerminalSafe.body(text))
                    guard Terminal.confirm(T(.replyConfirm), hint: "") else {
                        Self.tell(movedAside: try drafts.save(text, for: thread.handle))
                        print(T(.replyNotSent, Display.safe(thread.handle)))
                        return
                    }
                }
                let name = keystore.settings.displayName ?? "Behandlare"
                let posted: PostedMessage
                do {
                    posted = try await session.reply(to: thread.handle, text: text, displayName: name, with: keys)
                } catch let error as ClientError {
                    // Nothing typed is lost: kept encrypted until the next `reply`.
                    Self.tell(movedAside: try drafts.save(text, for: thread.handle))
                    throw ClientError(
                        error.kind, T(.replyFailed, error.message, Display.safe(thread.handle)),
                        identityChange: error.identityChange)
                }
                Self.tell(movedAside: try drafts.save(nil, for: thread.handle))
                print(T(.replySent, String(posted.seq), Display.safe(name)))
            }
        }

        /// Says where an unreadable drafts file went (it is kept, never overwritten).
        static func tell(movedAside: String?) {
            guard let movedAside else { return }
            FileHandle.standardError.write(Data((T(.replyDraftsMovedAside, Display.safe(movedAside)) + "\n").utf8))
        }

        /// The conversation below the cut line, newest last.
        static func quote(_ opened: OpenedThread) -> String {
            var out = T(.replyQuoteHint) + "\n"
            for message in opened.messages {
                guard let envelope = message.envelope else { continue }
                let who =
                    envelope.author == .writer
                    ? T(.threadWriter) : T(.threadClinic, TerminalSafe.line(envelope.counsellorName ?? "?"))
                out += "#\n# ── #\(message.seq) \(who) · \(Display.time(envelope.sentAt))\n"
                for line in envelope.text.split(separator: "\n", omittingEmptySubsequences: false) {
                    out += "# " + TerminalSafe.line(String(line)) + "\n"
                }
            }
            return out
        }
    }
}
