import LuckaCore

/// Text from outside (a writer's message, a counsellor's name, a clinic profile, a relay's
/// error message) made safe to print on a terminal.
///
/// A terminal obeys control characters: escape sequences can set the window title, write
/// the clipboard (OSC 52), hide text or move the cursor, and bidirectional overrides can
/// make text read differently from what it is. Every such character is shown visibly
/// escaped as `\u{1B}` instead of being emitted: C0 controls (except the line break, and
/// tab, which becomes spaces), DEL, C1 controls (U+0080–U+009F) and the bidi controls
/// U+061C, U+200E, U+200F, U+202A–U+202E and U+2066–U+2069. Everything else, any script
/// and any emoji included, is left exactly as it is.
public enum TerminalSafe {
    /// Spaces a tab becomes.
    static let tab = "    "

    /// Multi-line text: line breaks (LF, and CR LF as one) are kept; every other
    /// control is escaped.
    public static func text(_ untrusted: String) -> String {
        escape(untrusted, keepingLineBreaks: true)
    }

    /// One line (a name, a field, a preview, an error): line breaks are escaped too, so
    /// the text cannot start a line of its own.
    public static func line(_ untrusted: String) -> String {
        escape(untrusted, keepingLineBreaks: false)
    }

    /// Whether `scalar` is one the terminal would act on rather than show.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F, 0x80...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The visible form of an unsafe scalar: `\u{1B}`.
    static func escaped(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }

    static func escape(_ untrusted: String, keepingLineBreaks: Bool) -> String {
        let scalars = Array(untrusted.unicodeScalars)
        // Most text needs nothing: return it as it is.
        guard scalars.contains(where: isUnsafe) else { return untrusted }
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if scalar == "\t" {
                out.append(contentsOf: tab.unicodeScalars)
            } else if keepingLineBreaks && scalar == "\n" {
                out.append(scalar)
            } else if keepingLineBreaks && scalar == "\r" && index < scalars.count && scalars[index] == "\n" {
                // CR LF (what browsers send from a text area) is one line break.
                out.append("\n")
                index += 1
            } else if isUnsafe(scalar) {
                out.append(contentsOf: escaped(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Message text laid out behind a fixed margin on every line, so that nothing in it
    /// can pass for a line the tool writes itself (a header, a warning).
    public static func body(_ untrusted: String, margin: String = "  │ ") -> String {
        text(untrusted).split(separator: "\n", omittingEmptySubsequences: false).map { margin + $0 }.joined(separator: "\n")
    }

    /// JSON output made safe for a terminal without changing its meaning: JSON encoders
    /// escape C0 controls themselves but emit DEL, C1 and bidi controls raw; these only
    /// occur inside strings, where `\uXXXX` stands for the same character.
    public static func json(_ encoded: String) -> String {
        guard encoded.unicodeScalars.contains(where: isUnsafe) else { return encoded }
        var out = String.UnicodeScalarView()
        for scalar in encoded.unicodeScalars {
            if isUnsafe(scalar) && scalar.value >= 0x7F {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}

extension ClinicProfile {
    /// Every text field made safe to print on a terminal (`TerminalSafe.line`), for
    /// display only: the signature covers the original.
    public var terminalSafe: ClinicProfile {
        var safe = self
        safe.slug = TerminalSafe.line(slug)
        safe.name = TerminalSafe.line(name)
        safe.region = TerminalSafe.line(region)
        safe.municipalities = municipalities.map(TerminalSafe.line)
        safe.phone = TerminalSafe.line(phone)
        safe.phoneHours = TerminalSafe.line(phoneHours)
        safe.answerTime = TerminalSafe.line(answerTime)
        safe.languages = languages.map(TerminalSafe.line)
        // Paragraphs stay: the display indents every line of it.
        safe.about = TerminalSafe.text(about)
        return safe
    }
}
