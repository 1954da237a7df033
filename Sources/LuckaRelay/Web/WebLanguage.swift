/// The pages' language: Swedish unless a link or form says `lang=en`. The choice travels
/// in the query of links and in a hidden field of forms, never in a cookie. It is not a
/// secret, so it may sit in a URL.
enum WebLanguage: String, Sendable, CaseIterable {
    case sv, en

    init(_ value: String?) {
        self = value.flatMap { WebLanguage(rawValue: $0.lowercased()) } ?? .sv
    }

    var other: WebLanguage { self == .sv ? .en : .sv }

    /// Appended to a path with no query: "" for Swedish, "?lang=en" for English.
    var query: String { self == .sv ? "" : "?lang=\(rawValue)" }

    /// Appended to a path that already has a query.
    var queryTail: String { self == .sv ? "" : "&lang=\(rawValue)" }

    /// The link text that switches to this language, written in this language.
    var name: String { self == .sv ? "På svenska" : "In English" }
}
