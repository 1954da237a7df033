import Foundation

/// One gettext catalogue (`.po`) as Lucka uses it: `msgctxt` is the key, `msgid` the
/// Swedish source sentence, `msgstr` (or `msgstr[n]` with `msgid_plural`) the translation.
/// Fuzzy and obsolete entries are left out, as gettext's own tools do.
public struct POFile: Sendable {
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var source: String
        public var sourcePlural: String?
        public var forms: [String]
        public var comments: [String]
    }

    public var headers: [String: String]
    public var entries: [Entry]

    public var pluralForms: String? { headers["Plural-Forms"] }

    public init(headers: [String: String], entries: [Entry]) {
        self.headers = headers
        self.entries = entries
    }

    public init(parsing text: String, name: String) throws {
        var entries: [Entry] = []
        var headers: [String: String] = [:]
        var fields: [String: String] = [:]
        var comments: [String] = []
        var fuzzy = false
        var current: String?

        func finish() throws {
            defer {
                fields = [:]
                comments = []
                fuzzy = false
                current = nil
            }
            guard let source = fields["msgid"] else {
                guard fields.isEmpty else { throw CompileError("\(name): an entry without msgid") }
                return
            }
            if source.isEmpty && fields["msgctxt"] == nil {
                for line in (fields["msgstr"] ?? "").split(separator: "\n") {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                return
            }
            guard !fuzzy else { return }
            guard let key = fields["msgctxt"] else { throw CompileError("\(name): msgid \"\(source)\" has no msgctxt (the key)") }
            let plural = fields["msgid_plural"]
            let forms = plural == nil ? [fields["msgstr"] ?? ""] : (0..<10).compactMap { fields["msgstr[\($0)]"] }
            entries.append(Entry(key: key, source: source, sourcePlural: plural, forms: forms, comments: comments))
        }

        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                try finish()
            } else if line.hasPrefix("#,") {
                if line.contains("fuzzy") { fuzzy = true }
            } else if line.hasPrefix("#~") {
                continue
            } else if line.hasPrefix("#. ") || line == "#." {
                comments.append(String(line.dropFirst(3)))
            } else if line.hasPrefix("#") {
                continue
            } else if line.hasPrefix("\"") {
                guard let field = current else { throw CompileError("\(name):\(number + 1): a string outside an entry") }
                fields[field, default: ""] += try Self.unquote(line, name, number)
            } else {
                guard let space = line.firstIndex(of: " ") else {
                    throw CompileError("\(name):\(number + 1): cannot read \(line)")
                }
                let keyword = String(line[..<space])
                guard keyword.hasPrefix("msg") else { throw CompileError("\(name):\(number + 1): unknown keyword \(keyword)") }
                // A new msgctxt or msgid after a msgstr starts the next entry even without a blank line.
                if (keyword == "msgctxt" || (keyword == "msgid" && fields["msgctxt"] == nil))
                    && fields.keys.contains(where: { $0.hasPrefix("msgstr") })
                {
                    try finish()
                }
                current = keyword
                fields[keyword] = try Self.unquote(
                    String(line[line.index(after: space)...]).trimmingCharacters(in: .whitespaces), name, number)
            }
        }
        try finish()
        self.init(headers: headers, entries: entries)
    }

    /// `"a \"b\"\n"` → `a "b"` and a newline.
    static func unquote(_ quoted: String, _ name: String, _ number: Int) throws -> String {
        guard quoted.count >= 2, quoted.hasPrefix("\""), quoted.hasSuffix("\"") else {
            throw CompileError("\(name):\(number + 1): expected a quoted string")
        }
        var out = ""
        var rest = quoted.dropFirst().dropLast()[...]
        while let character = rest.popFirst() {
            guard character == "\\" else {
                out.append(character)
                continue
            }
            switch rest.popFirst() {
            case "n": out += "\n"
            case "t": out += "\t"
            case "\"": out += "\""
            case "\\": out += "\\"
            case let other: throw CompileError("\(name):\(number + 1): unknown escape \\\(other.map(String.init) ?? "")")
            }
        }
        return out
    }

    /// A string as a `.po` file quotes it: one line, or, with newlines, `""` and one line per line.
    public static func quote(_ text: String) -> String {
        func escape(_ part: Substring) -> String {
            part.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(
                of: "\t", with: "\\t"
            )
            .replacingOccurrences(of: "\n", with: "\\n")
        }
        guard text.contains("\n"), text.firstIndex(of: "\n") != text.index(before: text.endIndex) || text.count > 70 else {
            return "\"\(escape(text[...]))\""
        }
        var lines: [Substring] = []
        var rest = text[...]
        while let newline = rest.firstIndex(of: "\n") {
            lines.append(rest[...newline])
            rest = rest[rest.index(after: newline)...]
        }
        if !rest.isEmpty { lines.append(rest) }
        return (["\"\""] + lines.map { "\"\(escape($0))\"" }).joined(separator: "\n")
    }
}

public struct CompileError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
