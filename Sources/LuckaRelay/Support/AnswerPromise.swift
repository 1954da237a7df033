import LuckaCore

/// A clinic's promise to answer within `days` days, counted as its profile says, applied
/// to the day a writer's waiting began. Days only: the relay knows no finer time.
struct AnswerPromise: Sendable, Equatable {
    var days: Int
    var kind: ClinicProfile.AnswerDaysKind

    init?(_ profile: ClinicProfile?) {
        guard let profile, let days = profile.answerDays else { return nil }
        self.days = days
        kind = profile.answerDaysKind ?? .calendar
    }

    init(days: Int, kind: ClinicProfile.AnswerDaysKind) {
        self.days = days
        self.kind = kind
    }

    /// Days counted after `since`, up to and including `today`: every day, or Monday to
    /// Friday only (no holidays).
    func elapsed(since: Day, today: Day) -> Int {
        guard today > since else { return 0 }
        switch kind {
        case .calendar: return today.number - since.number
        case .working: return ((since.number + 1)...today.number).filter(Self.isWorkingDay).count
        }
    }

    func isOverdue(since: Day, today: Day) -> Bool { elapsed(since: since, today: today) > days }

    /// The latest day on which a waiting that began is overdue today.
    func overdueCutoff(today: Day) -> Day {
        var day = today
        while !isOverdue(since: day, today: today) { day = day.adding(days: -1) }
        return day
    }

    /// 1970-01-01 (day 0) was a Thursday.
    static func isWorkingDay(_ number: Int) -> Bool { ((number + 3) % 7 + 7) % 7 < 5 }
}
