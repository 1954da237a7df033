import LuckaCore

extension StaffSession {
    /// The clinic's notice targets and interval (every member may read them).
    public func noticeSettings() async throws -> NoticeSettings {
        try await relay.staff("GET", "/v1/staff/notices", key: keys.signing, as: NoticeSettings.self)
    }

    /// Replaces the clinic's notice settings (admins; audited). Checked here first, so a
    /// mistake is explained before anything is sent.
    public func setNoticeSettings(_ settings: NoticeSettings) async throws {
        if let problem = settings.problem() { throw ClientError(.local, problem) }
        try await relay.staff("POST", "/v1/staff/notices", body: settings, key: keys.signing)
    }

    /// Has the relay send the fixed test notice to every target now.
    public func testNotices() async throws -> NoticeTestResult {
        try await relay.staff("POST", "/v1/staff/notices/test", key: keys.signing, as: NoticeTestResult.self)
    }

    /// The clinic's contact figures for months `from` to `to` (`YYYY-MM`); nil: the relay's
    /// default (this year so far).
    public func statistics(from: String?, to: String?) async throws -> StatisticsReport {
        var query: [String] = []
        for (name, value) in [("from", from), ("to", to)] {
            guard let value else { continue }
            guard StatisticsReport.isMonth(value) else { throw ClientError(.local, "\(value) is not a month (YYYY-MM)") }
            query.append("\(name)=\(value)")
        }
        let path = "/v1/staff/statistics" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        return try await relay.staff("GET", path, key: keys.signing, as: StatisticsReport.self)
    }
}
