/// The code form: the return page, and the same form after a mistyped or unknown code,
/// an expired form or an ended visit.
struct EnterCodePage: PageContent {
    static let template = "return"

    let heading: String
    /// The paragraphs say what went wrong (a notice the code field points at).
    let problem: Bool
    let paragraphs: [String]
    let codeFieldHint: String
    /// The code typed was mistyped or unknown: the field is marked invalid.
    let codeInvalid: Bool
}
