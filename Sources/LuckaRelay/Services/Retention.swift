import LuckaCore

/// How long the relay keeps a conversation: `days` after its last message, and only
/// `unansweredDays` while the clinic has not answered, so that threads nobody answers
/// (a flood among them) go soon.
struct Retention: Sendable {
    let days: Int
    let unansweredDays: Int

    init(_ configuration: RelayConfiguration) {
        days = configuration.retentionDays
        unansweredDays = min(configuration.unansweredRetentionDays, configuration.retentionDays)
    }

    func expiry(from today: Day) -> Day { today.adding(days: days) }

    /// The expiry of a thread the clinic has not answered yet.
    func unansweredExpiry(from today: Day) -> Day { today.adding(days: unansweredDays) }

    /// The numbers the pages' sentences about keeping take: `{days}` and `{short}`.
    var placeholders: [String: String] { ["days": String(days), "short": String(unansweredDays)] }
}
