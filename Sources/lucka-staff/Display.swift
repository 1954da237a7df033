import Foundation
import LuckaClient
import LuckaCore

/// How threads look on a counsellor's screen.
enum Display {
    static func channelName(_ channel: Channel) -> String { channel.localized }

    /// One line of a message, for the inbox preview (exact text: print it through `safe`).
    static func preview(_ text: String, width: Int = 60) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > width ? String(line.prefix(width - 1)) + "…" : line
    }

    /// Text from the relay or a writer, for one line of the tool's own output: every
    /// control character is shown escaped (TerminalSafe), never sent to the terminal.
    static func safe(_ text: String) -> String { TerminalSafe.line(text) }

    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// The whole thread, writer and clinic clearly apart, problems first.
    static func thread(
        _ thread: StaffThread, _ opened: OpenedThread, handler: String? = nil, notes: [OpenedNote] = [], members: [StaffMember] = []
    ) -> String {
        var out = T(.threadHeader, safe(thread.handle), channelName(thread.channel), thread.status.localized, safe(thread.expires)) + "\n"
        if let handler { out += T(.threadHandler, safe(handler)) + "\n" }
        if !opened.problems.isEmpty {
            out += "\n" + T(.threadWarning) + "\n"
            for problem in opened.problems { out += "!!   \(safe(problem))\n" }
        }
        for message in opened.messages {
            out += "\n"
            guard let envelope = message.envelope else {
                out += "── #\(message.seq) \(message.author == .writer ? T(.threadWriter) : T(.threadClinic, "?")) · \(safe(message.date)) · \(T(.threadUnopenable))\n"
                continue
            }
            let who = envelope.author == .writer ? T(.threadWriter) : T(.threadClinic, safe(envelope.counsellorName ?? "?"))
            out += "── #\(message.seq) \(who) · \(time(envelope.sentAt))\n"
            // Behind a margin on every line: only the tool writes lines that start with "──".
            out += TerminalSafe.body(envelope.text) + "\n"
            out += Self.notes(notes.filter { $0.afterSeq == message.seq }, members: members)
        }
        let last = opened.messages.last?.seq ?? 0
        out += Self.notes(notes.filter { $0.afterSeq > last || $0.afterSeq < 1 }, members: members)
        return out
    }

    /// Internal notes, marked as such on their own header line.
    static func notes(_ notes: [OpenedNote], members: [StaffMember]) -> String {
        var out = ""
        for entry in notes {
            out += "\n"
            guard let note = entry.note else {
                out += T(.noteUnopenable, String(entry.seq), safe(entry.date), safe(entry.problem ?? "")) + "\n"
                continue
            }
            let author = members.first { $0.signingKey.bytes == note.author }?.displayName ?? "?"
            out += T(.noteHeader, String(entry.seq), safe(author), safe(entry.date)) + "\n"
            out += TerminalSafe.body(note.text) + "\n"
        }
        return out
    }

    /// A JSON form of an opened thread for scripts.
    struct ThreadJSON: Encodable {
        var handle: String
        var channel: String
        var status: String
        var expires: String
        var intact: Bool
        var problems: [String]
        var messages: [OpenedMessageJSON]
        var handler: String?
        var notes: [NoteJSON]

        struct NoteJSON: Encodable {
            var seq, afterSeq: Int
            var date: String
            var author, text, problem: String?
        }

        init(_ thread: StaffThread, _ opened: OpenedThread, notes: [OpenedNote] = [], members: [StaffMember] = []) {
            handler = thread.handler
            self.notes = notes.map { entry in
                NoteJSON(
                    seq: entry.seq, afterSeq: entry.afterSeq, date: entry.date,
                    author: entry.note.flatMap { note in members.first { $0.signingKey.bytes == note.author }?.displayName },
                    text: entry.note?.text, problem: entry.problem)
            }
            handle = thread.handle
            channel = thread.channel.rawValue
            status = thread.status.rawValue
            expires = thread.expires
            intact = opened.isIntact
            problems = opened.problems
            messages = opened.messages.map(OpenedMessageJSON.init)
        }
    }
}
