import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension LuckaStaff {
    struct Note: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: T(.noteAbstract), discussion: T(.noteDiscussion))
        @OptionGroup var options: StaffOptions
        @Argument(help: ArgumentHelp(T(.rowOrHandleHelp))) var thread: String
        @Argument(help: ArgumentHelp(T(.noteTextHelp))) var text: String?
        @Option(help: ArgumentHelp(T(.textFileHelp))) var file: String?

        func run() async throws {
            try await reporting {
                let (_, session) = try options.session()
                let handle = try options.handle(thread)
                // The thread first, so that nothing typed is lost on a wrong number.
                let keys = try await session.clinicKeys()
                _ = try await session.thread(handle, with: keys)
                let body =
                    try text.map { try Self.checkedText($0) }
                    ?? Terminal.messageText(file: file, prompt: T(.notePrompt, Display.safe(handle)), hint: T(.dotHint), empty: T(.emptyText))
                guard body.utf8.count <= SealedNote.maximumNoteLength else {
                    throw ClientError(.local, T(.noteTooLong, String(body.utf8.count), String(SealedNote.maximumNoteLength)))
                }
                let seq = try await session.addNote(to: handle, text: body, with: keys)
                print(T(.noteSaved, String(seq), Display.safe(handle)))
            }
        }

        static func checkedText(_ text: String) throws -> String {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw ClientError(.local, T(.emptyText)) }
            return trimmed
        }
    }
}
