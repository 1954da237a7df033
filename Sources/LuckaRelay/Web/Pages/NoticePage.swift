/// A calm page with a heading, a few sentences and a way back to the start.
struct NoticePage: PageContent {
    static let template = "notice"

    let heading: String
    let paragraphs: [String]
}
