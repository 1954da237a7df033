import Foundation
import LuckaClient
import LuckaCore

/// How clinics and conversations look on a writer's screen.
enum Display {
    static func channelName(_ channel: Channel, _ t: Words) -> String {
        switch channel {
        case .self: t("channel.self")
        case .relative: t("channel.relative")
        case .professional: t("channel.professional")
        }
    }

    static func statusName(_ status: ThreadStatus, _ t: Words) -> String {
        switch status {
        case .new: t("status.new")
        case .answered: t("status.answered")
        case .closed: t("status.closed")
        }
    }

    /// Breaks prose into lines of at most `width` characters, at spaces.
    static func wrap(_ text: String, width: Int = 78, indent: String = "") -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width - indent.count {
                lines.append(indent + line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(indent + line) }
        return lines.joined(separator: "\n")
    }

    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// One clinic, as `lucka clinics` lists it.
    static func clinic(_ clinic: VerifiedClinic, _ t: Words) -> String {
        let profile = clinic.profile.terminalSafe
        var lines = ["\(profile.name)   (--clinic \(TerminalSafe.line(clinic.slug)))"]
        // Labels in a column wide enough for the longest, in either language.
        let column = 16
        func add(_ label: String, _ value: String) {
            guard !value.isEmpty else { return }
            lines.append("  " + (label + ":").padding(toLength: column, withPad: " ", startingAt: 0) + value)
        }
        add(t("label.region"), profile.region)
        add(t("label.serves"), profile.municipalities.joined(separator: ", "))
        add(t("label.phone"), [profile.phone, profile.phoneHours].filter { !$0.isEmpty }.joined(separator: ", "))
        add(t("label.answers"), profile.answerTime)
        add(t("label.write"), profile.channels.map { channelName($0, t) }.joined(separator: "; "))
        add(t("label.languages"), profile.languages.joined(separator: ", "))
        if !profile.about.isEmpty {
            let margin = String(repeating: " ", count: 2 + column)
            add(t("label.about"), wrap(profile.about, width: 78 - margin.count, indent: "").replacingOccurrences(of: "\n", with: "\n" + margin))
        }
        add(t("label.fingerprint"), clinic.fingerprint.description)
        return lines.joined(separator: "\n")
    }

    /// The advice that goes with a fingerprint the writer did not pin.
    static func compareAdvice(_ clinic: VerifiedClinic, _ t: Words) -> String {
        t("advice.fingerprint") + "\n    \(clinic.fingerprint)\n"
            + wrap(t("advice.compare", ["clinic": clinic.profile.terminalSafe.name]))
    }

    /// The whole conversation, newest last, problems first.
    static func conversation(_ clinic: VerifiedClinic, _ thread: WriterThread, _ opened: OpenedThread, pinned: Bool, _ t: Words) -> String {
        let name = clinic.profile.terminalSafe.name
        var out = t("conversation.title", ["clinic": name]) + "\n"
        out += t("conversation.written", ["channel": channelName(thread.channel, t), "status": statusName(thread.status, t)]) + "\n"
        out += t("conversation.expires", ["date": TerminalSafe.line(thread.expires)]) + "\n"
        if pinned {
            out += t("conversation.pinned") + "\n"
        } else {
            out += t("conversation.fingerprint", ["fingerprint": clinic.fingerprint.description]) + "\n"
        }
        if !opened.problems.isEmpty {
            out += "\n" + t("conversation.warning") + "\n"
            for problem in opened.problems { out += "!!   \(TerminalSafe.line(problem))\n" }
        }
        for message in opened.messages {
            out += "\n"
            guard let envelope = message.envelope else {
                let who = message.author == .writer ? t("conversation.you") : name
                out += "── \(who) · \(TerminalSafe.line(message.date)) · \(t("conversation.notOpened"))\n"
                continue
            }
            let who =
                envelope.author == .writer
                ? t("conversation.you")
                : t("conversation.signed", ["name": TerminalSafe.line(envelope.counsellorName ?? t("conversation.counsellor")), "clinic": name])
            out += "── \(who) · \(time(envelope.sentAt))\n"
            // Behind a margin on every line: only Lucka writes lines that start with "──".
            out += TerminalSafe.body(envelope.text) + "\n"
        }
        return out
    }

    /// A clinic for scripts.
    struct ClinicJSON: Encodable {
        var slug: String
        var verified: Bool
        var problem: String?
        var fingerprint: String?
        var name: String?
        var region: String?
        var municipalities: [String]?
        var phone: String?
        var phoneHours: String?
        var answerTime: String?
        var channels: [String]?
        var languages: [String]?
        var about: String?

        init(_ clinic: VerifiedClinic) {
            let profile = clinic.profile
            slug = clinic.slug
            verified = true
            fingerprint = clinic.fingerprint.description
            name = profile.name
            region = profile.region
            municipalities = profile.municipalities
            phone = profile.phone
            phoneHours = profile.phoneHours
            answerTime = profile.answerTime
            channels = profile.channels.map(\.rawValue)
            languages = profile.languages
            about = profile.about
        }

        init(slug: String, problem: String) {
            self.slug = slug
            verified = false
            self.problem = problem
        }
    }

    /// A conversation for scripts.
    struct ConversationJSON: Encodable {
        var clinic: String
        var clinicName: String
        var fingerprint: String
        var channel: String
        var status: String
        var expires: String
        var intact: Bool
        var problems: [String]
        var messages: [OpenedMessageJSON]

        init(_ verified: VerifiedClinic, _ thread: WriterThread, _ opened: OpenedThread) {
            clinic = verified.slug
            clinicName = verified.profile.name
            fingerprint = verified.fingerprint.description
            channel = thread.channel.rawValue
            status = thread.status.rawValue
            expires = thread.expires
            intact = opened.isIntact
            problems = opened.problems
            messages = opened.messages.map(OpenedMessageJSON.init)
        }
    }
}
