/// A conversation: where it stands, the messages, the reply form, and deleting.
struct ConversationPage: PageContent {
    static let template = "conversation"

    struct Message: Sendable {
        /// "clinic" or "writer", the item's class.
        let side: String
        let fromClinic: Bool
        /// False for a message that did not open: the page says so in place of its text.
        let opened: Bool
        let text: String
        let when: String
        /// Who answered, for the clinic's messages; nil for the writer's.
        let signed: String?
    }

    let heading: String
    /// Where the conversation stands.
    let status: String
    /// While the writer waits: when the clinic answers, and that text's language where it
    /// is not the page's.
    let statusAnswer: String?
    let statusAnswerLang: String?
    /// The writer's reply was just sent.
    let sent: Bool
    /// How to reach the clinic by phone; the hours' language where it is not the page's.
    let answers: String
    let hoursLang: String?
    let problems: [String]
    let hasProblems: Bool
    let messages: [Message]
    let expires: String
    /// The reply form's text: empty here.
    let text: String
    /// Within a visit, how long it lasts; nil without one.
    let visitKept: String?
    /// Without a visit, the code field's hint; nil within one (the page asks for no code).
    let codeFieldHint: String?
}

/// The reply form again after a problem, with the person's text kept.
struct ReplyAgainPage: PageContent {
    static let template = "replyAgain"

    let heading: String
    let paragraphs: [String]
    let text: String
    /// The code field's hint without a visit; nil within one (the page asks for no code).
    let codeFieldHint: String?
    /// The code typed was mistyped or unknown: the field is marked invalid.
    let codeInvalid: Bool
}
