import LuckaCore

/// The clinic's notice targets: read by every member (hook URLs by admins only: they are
/// often secrets), set and tried by admins (audited).
struct NoticeSettingsService: Sendable {
    let store: any RelayStore
    let directory: ClinicDirectory
    let sender: NoticeSender
    /// The shortest interval between notices an admin may choose.
    let minimumIntervalMinutes: Int

    func settings(for member: StaffRow) async throws -> NoticeSettings {
        let settings = try await store.noticeSettings(clinic: member.clinic) ?? NoticeSettings()
        return member.role == .admin ? settings : settings.hidingHooks()
    }

    func update(_ settings: NoticeSettings, by admin: StaffRow) async throws {
        if let problem = settings.problem(minimumInterval: minimumIntervalMinutes) { throw APIError.invalid(problem) }
        try await store.setNoticeSettings(clinic: admin.clinic, settings, audit: admin.audit("notices"))
    }

    /// Sends the fixed test notice to every target now and says which arrived. Audited
    /// after the sending, which is no transaction.
    func test(by admin: StaffRow) async throws -> NoticeTestResult {
        let slug = admin.clinic
        guard let settings = try await store.noticeSettings(clinic: slug), !settings.targets.isEmpty else {
            throw APIError(.conflict, "no_targets", "The clinic has no notice targets yet.")
        }
        let name = try await directory.profile(slug: slug)?.name ?? slug
        let body = NoticeText.body(clinicName: name, test: true)
        let sender = sender
        let deliveries = await withTaskGroup(of: NoticeTestResult.Delivery.self) { group in
            for (index, target) in settings.targets.enumerated() {
                group.addTask {
                    NoticeTestResult.Delivery(
                        index: index,
                        delivered: await sender.deliver(body: body, subject: NoticeText.testSubject, to: target, index: index))
                }
            }
            var all: [NoticeTestResult.Delivery] = []
            for await delivery in group { all.append(delivery) }
            return all.sorted { $0.index < $1.index }
        }
        try await store.audit(staffID: admin.id, action: "notices-test", threadHandle: nil, today: Day.today())
        return NoticeTestResult(deliveries: deliveries)
    }
}
