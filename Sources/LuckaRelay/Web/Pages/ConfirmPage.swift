/// "Are you sure?" before deleting: one button within a visit, otherwise the code field.
struct ConfirmPage: PageContent {
    static let template = "confirm"

    let heading: String
    /// The paragraphs say what went wrong (a notice the code field points at).
    let problem: Bool
    let paragraphs: [String]
    /// The code field's hint without a visit; nil within one (the page asks for no code).
    let codeFieldHint: String?
    /// The code typed was mistyped or unknown: the field is marked invalid.
    let codeInvalid: Bool
}

/// The conversation is deleted. Only sentences of the page's language.
struct DeletedPage: PageContent {
    static let template = "deleted"
}
