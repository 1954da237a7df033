import Foundation
import LuckaClient
import LuckaCore

/// How clinics and conversations look on a writer's screen.
enum Display {
    static func channelName(_ channel: Channel) -> String {
        switch channel {
        case .self: "about yourself (self)"
        case .relative: "as a partner or relative (relative)"
        case .professional: "in your work (professional)"
        }
    }

    static func statusName(_ status: ThreadStatus) -> String {
        switch status {
        case .new: "waiting for the clinic's answer"
        case .answered: "answered"
        case .closed: "closed by the clinic"
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
    static func clinic(_ clinic: VerifiedClinic) -> String {
        let profile = clinic.profile.terminalSafe
        var lines = ["\(profile.name)   (--clinic \(clinic.slug))"]
        func add(_ label: String, _ value: String) {
            guard !value.isEmpty else { return }
            lines.append("  " + (label + ":").padding(toLength: 14, withPad: " ", startingAt: 0) + value)
        }
        add("Region", profile.region)
        add("Serves", profile.municipalities.joined(separator: ", "))
        add("Phone", [profile.phone, profile.phoneHours].filter { !$0.isEmpty }.joined(separator: ", "))
        add("Answers", profile.answerTime)
        add("Write", profile.channels.map(channelName).joined(separator: "; "))
        add("Languages", profile.languages.joined(separator: ", "))
        if !profile.about.isEmpty { lines.append("  About:        " + wrap(profile.about, width: 78 - 16, indent: "").replacingOccurrences(of: "\n", with: "\n                ")) }
        add("Fingerprint", clinic.fingerprint.description)
        return lines.joined(separator: "\n")
    }

    /// The advice that goes with a fingerprint the writer did not pin.
    static func compareAdvice(_ clinic: VerifiedClinic) -> String {
        "The clinic's fingerprint on this relay is:\n    \(clinic.fingerprint)\n"
            + wrap("""
                Compare it with the one \(clinic.profile.terminalSafe.name) publishes (its website or printed card). \
                If they differ, do not trust this relay. Next time, add --pin with the published fingerprint \
                and Lucka checks it for you.
                """)
    }

    /// The whole conversation, newest last, problems first.
    static func conversation(_ clinic: VerifiedClinic, _ thread: WriterThread, _ opened: OpenedThread, pinned: Bool) -> String {
        let name = clinic.profile.terminalSafe.name
        var out = "Your conversation with \(name)\n"
        out += "Written \(channelName(thread.channel)) · \(statusName(thread.status))\n"
        out += "Deleted by itself after \(TerminalSafe.line(thread.expires)) unless someone writes in it before then.\n"
        if pinned {
            out += "The clinic's keys match the fingerprint you gave.\n"
        } else {
            out += "Clinic fingerprint: \(clinic.fingerprint)\n(compare it with the one the clinic publishes)\n"
        }
        if !opened.problems.isEmpty {
            out += "\n!! WARNING: this conversation did not check out. Messages may have been removed, changed or\n"
            out += "!! reordered on the way, so do not trust what you see below. Call the clinic if you can.\n"
            for problem in opened.problems { out += "!!   \(TerminalSafe.line(problem))\n" }
        }
        for message in opened.messages {
            out += "\n"
            guard let envelope = message.envelope else {
                out += "── \(message.author == .writer ? "You" : name) · \(TerminalSafe.line(message.date)) · THIS MESSAGE COULD NOT BE OPENED\n"
                continue
            }
            let who = envelope.author == .writer ? "You" : "\(TerminalSafe.line(envelope.counsellorName ?? "A counsellor")), \(name)"
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
