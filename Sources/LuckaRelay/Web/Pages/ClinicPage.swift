/// A clinic's page: its facts, what to know before writing, and the write form.
struct ClinicPage: PageContent {
    static let template = "clinic"
    /// The writing form of a first message holds only typed text: its token lives long.
    static let formLife = FormTokens.Life.typedText

    let clinic: ClinicValues
    let channels: [ChannelChoice]
    /// The form's text: empty here.
    let text: String
}

/// The write form again after a problem, with the person's text and choice kept.
struct WriteAgainPage: PageContent {
    static let template = "writeAgain"
    static let formLife = FormTokens.Life.typedText

    let heading: String
    let paragraphs: [String]
    let clinic: ClinicValues
    let channels: [ChannelChoice]
    let text: String
}

/// The one page that shows the code.
struct CodePage: PageContent {
    static let template = "code"

    /// The code, grouped.
    let code: String
    /// When to come back: the clinic's name and answer time.
    let comeBack: String
}
