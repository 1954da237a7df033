/// The start page: every clinic, by county when there are several, with a link per channel.
struct StartPage: PageContent {
    static let template = "start"

    struct Region: Sendable {
        let name: String
        let clinics: [Clinic]
    }

    struct Clinic: Sendable {
        let name: String
        /// The name's language where it is not the page's; nil otherwise.
        let nameLang: String?
        /// The heading level: one below the county's heading when the clinics are grouped.
        let level: String
        let municipalities: String
        let channels: [ChannelLink]
    }

    /// "Write as …": the clinic's page with that channel chosen.
    struct ChannelLink: Sendable {
        let href: String
        let label: String
    }

    let regions: [Region]
    /// More than one clinic: each county gets a heading.
    let grouped: Bool
}
