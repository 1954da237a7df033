import LuckaCore

/// The statistics report as staff and the operator read it: the store's counters with
/// each clinic's name and answer promise from its signed profile.
public struct StatisticsReader: Sendable {
    let store: any RelayStore

    public init(store: any RelayStore) { self.store = store }

    /// The report for months `from` to `to` (`YYYY-MM`), of one clinic or of every clinic.
    /// Clinics without counts in the range are listed with no rows.
    public func report(clinic: String?, from: String, to: String) async throws -> StatisticsReport {
        let counted = try await store.statistics(clinic: clinic, from: from, to: to)
        var clinics: [ClinicStatistics] = []
        let rows: [ClinicRow]
        if let clinic { rows = try await store.clinic(slug: clinic).map { [$0] } ?? [] } else { rows = try await store.clinics() }
        for row in rows {
            var profile: ClinicProfile?
            if let signed = row.profile, let key = row.signingKey {
                profile = try? signed.verify(signingPublicKey: key, slug: row.slug)
            }
            clinics.append(
                ClinicStatistics(
                    clinic: row.slug, name: profile?.name, promiseDays: profile?.answerDays,
                    rows: counted.first { $0.clinic == row.slug }?.rows ?? []))
        }
        return StatisticsReport(from: from, to: to, countedSince: try await store.statisticsSince(), clinics: clinics)
    }

    /// The month of `day`, and the default range: January of that year to that month.
    public static func defaultRange(today: Day = Day.today()) -> (from: String, to: String) {
        (String(today.month.prefix(4)) + "-01", today.month)
    }
}
