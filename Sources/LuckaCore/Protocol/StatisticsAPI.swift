/// A clinic's contact figures, month by month and channel by channel: aggregate counters
/// that the relay keeps as things happen, nothing per conversation. The JSON form is
/// documented in docs/STATISTICS.md.
public struct StatisticsReport: Codable, Sendable, Equatable {
    public static let currentVersion = 1
    /// The days-to-first-answer buckets, in the order of `StatisticsRow.answerDays`.
    public static let buckets = ["0", "1", "2", "3", "4-5", "6-7", "8-14", "15-30", ">30"]

    public var version: Int
    /// First and last month, `YYYY-MM`, inclusive.
    public var from: String
    public var to: String
    /// The month the relay began counting: conversations deleted before it are not counted.
    public var countedSince: String?
    public var buckets: [String]
    public var clinics: [ClinicStatistics]

    public init(from: String, to: String, countedSince: String?, clinics: [ClinicStatistics]) {
        version = Self.currentVersion
        self.from = from
        self.to = to
        self.countedSince = countedSince
        buckets = Self.buckets
        self.clinics = clinics
    }

    /// The bucket of an answer after `days` calendar days.
    public static func bucket(days: Int) -> Int {
        switch days {
        case ..<1: 0
        case 1: 1
        case 2: 2
        case 3: 3
        case 4...5: 4
        case 6...7: 5
        case 8...14: 6
        case 15...30: 7
        default: 8
        }
    }

    /// Whether `text` is a month, `YYYY-MM`.
    public static func isMonth(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-") else { return false }
        guard bytes.enumerated().allSatisfy({ $0.offset == 4 || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0.element) })
        else { return false }
        let month = Int(text.suffix(2)) ?? 0
        return (1...12).contains(month)
    }
}

public struct ClinicStatistics: Codable, Sendable, Equatable {
    public var clinic: String
    /// The clinic's name from its profile.
    public var name: String?
    /// The answer promise in calendar days from the profile (`answerDays`), if it gives one.
    public var promiseDays: Int?
    /// One row per month and channel that has any count, oldest month first.
    public var rows: [StatisticsRow]

    public init(clinic: String, name: String?, promiseDays: Int?, rows: [StatisticsRow]) {
        self.clinic = clinic
        self.name = name
        self.promiseDays = promiseDays
        self.rows = rows
    }
}

public struct StatisticsRow: Codable, Sendable, Equatable {
    public var month: String
    public var channel: Channel
    /// Conversations started.
    public var newConversations: Int
    /// Messages from writers, first messages included.
    public var writerMessages: Int
    /// Replies from the clinic.
    public var clinicReplies: Int
    /// Conversations that got their first answer this month.
    public var answered: Int
    /// Those first answers by calendar days after the conversation started, in the
    /// buckets of `StatisticsReport.buckets`.
    public var answerDays: [Int]
    /// First answers given within the promise the profile made at the time.
    public var answeredWithinPromise: Int
    public var deletedByWriter: Int
    public var deletedByStaff: Int
    public var expired: Int

    public init(
        month: String, channel: Channel, newConversations: Int = 0, writerMessages: Int = 0, clinicReplies: Int = 0,
        answered: Int = 0,
        answerDays: [Int] = Array(repeating: 0, count: StatisticsReport.buckets.count), answeredWithinPromise: Int = 0,
        deletedByWriter: Int = 0,
        deletedByStaff: Int = 0, expired: Int = 0
    ) {
        self.month = month
        self.channel = channel
        self.newConversations = newConversations
        self.writerMessages = writerMessages
        self.clinicReplies = clinicReplies
        self.answered = answered
        self.answerDays = answerDays
        self.answeredWithinPromise = answeredWithinPromise
        self.deletedByWriter = deletedByWriter
        self.deletedByStaff = deletedByStaff
        self.expired = expired
    }

    /// Adds another row's counts to this one (for totals).
    public mutating func add(_ other: StatisticsRow) {
        newConversations += other.newConversations
        writerMessages += other.writerMessages
        clinicReplies += other.clinicReplies
        answered += other.answered
        for i in answerDays.indices where i < other.answerDays.count { answerDays[i] += other.answerDays[i] }
        answeredWithinPromise += other.answeredWithinPromise
        deletedByWriter += other.deletedByWriter
        deletedByStaff += other.deletedByStaff
        expired += other.expired
    }
}
