/// The sentences of one domain (staff, writer, web, report, notice) in every language,
/// compiled from `Texts/<domain>/*.po` into `Generated/` by `lucka-texts`, so every binary
/// carries its words and reads no file at run time.
public struct Catalogue: Sendable {
    /// One language's sentences: each key's forms (one, or one per plural form).
    public struct Table: Sendable {
        public let plural: PluralRule
        public let messages: [String: [String]]

        public init(plural: PluralRule, messages: [String: [String]]) {
            self.plural = plural
            self.messages = messages
        }
    }

    public let domain: String
    /// By language tag ("sv", "en", "sv-x-easy").
    public let tables: [String: Table]

    public init(domain: String, tables: [String: Table]) {
        self.domain = domain
        self.tables = tables
    }

    /// Every key, from the source language (Swedish), sorted.
    public var keys: [String] { (tables[Language.sv.rawValue]?.messages.keys).map { $0.sorted() } ?? [] }

    /// The sentence `key` in `language`, or in the first language of its chain that has it,
    /// in the plural form for `count`, with its `{name}` placeholders filled in one pass
    /// (a value that itself holds `{…}` stays as it is). The key itself if no language has it.
    public func text(_ key: String, _ language: Language, count: Int? = nil, _ values: [String: String] = [:]) -> String {
        Self.fill(resolved(key, language, count: count) ?? key, values)
    }

    /// Every sentence of `language`, its gaps filled along its chain (singular forms,
    /// unfilled), for templates that look sentences up by name.
    public func table(_ language: Language) -> [String: String] {
        var result: [String: String] = [:]
        for key in keys { result[key] = resolved(key, language) }
        return result
    }

    /// The unfilled sentence in exactly this language (no fallback), and that language's rule.
    public func lookup(_ key: String, _ language: Language, count: Int? = nil) -> (String, PluralRule)? {
        // The pseudo-language has no table of its own: it is English, transformed.
        let table = language == .pseudoRTL ? tables[Language.en.rawValue] : tables[language.rawValue]
        guard let table, let forms = table.messages[key], let first = forms.first, !first.isEmpty else { return nil }
        let index = count.map { table.plural.form(for: $0) } ?? 0
        let chosen = index < forms.count && !forms[index].isEmpty ? forms[index] : first
        return (language == .pseudoRTL ? PseudoLanguage.transform(chosen) : chosen, table.plural)
    }

    /// The sentence from the first language of the chain that has it.
    private func resolved(_ key: String, _ language: Language, count: Int? = nil) -> String? {
        language.chain.lazy.compactMap { self.lookup(key, $0, count: count)?.0 }.first
    }

    /// Fills `{name}` placeholders in one pass; an unknown name stays as written.
    public static func fill(_ text: String, _ values: [String: String]) -> String {
        guard !values.isEmpty else { return text }
        var out = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            out += values[name] ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// The `{name}` placeholders of a sentence, for completeness tests.
    public static func placeholders(_ text: String) -> Set<String> {
        var names: Set<String> = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
