import Hummingbird
import Logging
import LuckaCore

/// The clinic's notice targets: read by every member (hook URLs by admins only: they are
/// often secrets), set and tested by admins (audited).
struct NoticeController: Sendable {
    let relay: Relay
    let logger: Logger

    func addRoutes(to routes: StaffRoutes) {
        routes.members.get("notices") { _, context in try await settings(context.staff) }
        routes.admins.post("notices") { _, context in try await update(context.staff) }
        routes.admins.post("notices/test") { _, context in try await test(context.staff) }
    }

    func settings(_ request: StaffRequest) async throws -> Response {
        let settings = try await relay.store.noticeSettings(clinic: request.staff.clinic) ?? NoticeSettings()
        return try JSONBody.response(request.staff.role == .admin ? settings : settings.hidingHooks())
    }

    func update(_ request: StaffRequest) async throws -> Response {
        let body = try request.decode(NoticeSettings.self)
        if let problem = body.problem(minimumInterval: relay.configuration.minimumNoticeIntervalMinutes) { throw APIError.invalid(problem) }
        try await relay.store.setNoticeSettings(clinic: request.staff.clinic, body, audit: request.audit("notices"))
        return Response(status: .noContent)
    }

    /// Sends the fixed test notice to every target now and says which arrived.
    func test(_ request: StaffRequest) async throws -> Response {
        let slug = request.staff.clinic
        guard let settings = try await relay.store.noticeSettings(clinic: slug), !settings.targets.isEmpty else {
            throw APIError(.conflict, "no_targets", "The clinic has no notice targets yet.")
        }
        let sender = NoticeSender(configuration: relay.configuration, logger: logger)
        var name = slug
        if let clinic = try await relay.store.clinic(slug: slug), let profile = relay.profile(of: clinic) { name = profile.name }
        let body = NoticeText.body(clinicName: name, test: true)
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
        try await relay.store.audit(staffID: request.staff.id, action: "notices-test", threadHandle: nil, today: Day.today())
        return try JSONBody.response(NoticeTestResult(deliveries: deliveries))
    }
}
