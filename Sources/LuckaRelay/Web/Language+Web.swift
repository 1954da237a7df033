import LuckaText

/// The pages' language: Swedish unless a link or form says `lang=en` (or `sv-x-easy`).
/// The choice travels in the query of links and in a hidden field of forms, never in a
/// cookie. It is not a secret, so it may sit in a URL.
extension Language {
    /// The language a `lang` value names; Swedish for none or one the pages do not speak.
    init(page value: String?) {
        self = value.flatMap { Language(named: $0) } ?? .sv
    }

    /// The languages a page links to: every other shipped one (never the test language).
    var others: [Language] { Language.shipped.filter { $0 != self } }

    /// Appended to a path with no query: "" for Swedish, "?lang=en" for the others.
    var query: String { self == .sv ? "" : "?lang=\(rawValue)" }

    /// Appended to a path that already has a query.
    var queryTail: String { self == .sv ? "" : "&lang=\(rawValue)" }

    /// The link text that switches to this language, written in this language.
    var name: String { WebText.format("languageName", self) }
}
