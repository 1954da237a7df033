import LuckaText

/// The values of the layout every page shares: language, the "leave" control, the
/// language links, the form token. Made from the WebPage when it is rendered.
struct PageFrame: Sendable {
    /// The same page in another language: a link, or within a visit a form that keeps it.
    struct LanguageSwitch: Sendable {
        let href: String
        let lang: String
        let label: String
        /// `?lang=…` for the form's action.
        let query: String
    }

    let lang: String
    let dir: String
    let title: String
    /// The language's sentences, as `{{t.key}}`: a catalogue lookup.
    let t: [String: String]
    /// The language's query for links: "" for Swedish.
    let q: String
    let formToken: String
    /// The writer's visit (VisitTokens); nil outside one.
    let visit: String?
    let hasSwitch: Bool
    let switches: [LanguageSwitch]
}
