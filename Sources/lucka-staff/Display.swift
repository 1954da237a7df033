import Foundation
import LuckaClient
import LuckaCore

/// How threads look on a counsellor's screen.
enum Display {
    static func channelName(_ channel: Channel) -> String {
        switch channel {
        case .self: "self"
        case .relative: "relative"
        case .professional: "professional"
        }
    }

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
    static func thread(_ thread: StaffThread, _ opened: OpenedThread) -> String {
        var out = "Thread \(safe(thread.handle)) · \(channelName(thread.channel)) · \(thread.status.rawValue) · expires \(safe(thread.expires))\n"
        if !opened.problems.isEmpty {
            out += "\n!! WARNING: this thread did not verify. The relay may have dropped, changed or reordered messages:\n"
            for problem in opened.problems { out += "!!   \(safe(problem))\n" }
        }
        for message in opened.messages {
            out += "\n"
            guard let envelope = message.envelope else {
                out += "── #\(message.seq) \(message.author == .writer ? "WRITER" : "CLINIC") · \(safe(message.date)) · COULD NOT BE OPENED\n"
                continue
            }
            let who = envelope.author == .writer ? "WRITER" : "CLINIC (\(safe(envelope.counsellorName ?? "?")))"
            out += "── #\(message.seq) \(who) · \(time(envelope.sentAt))\n"
            // Behind a margin on every line: only the tool writes lines that start with "──".
            out += TerminalSafe.body(envelope.text) + "\n"
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

        init(_ thread: StaffThread, _ opened: OpenedThread) {
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
