import Hummingbird
import LuckaCore

/// The notice settings' routes (NoticeSettingsService): read by every member, set and
/// tried by admins.
struct NoticeController: Sendable {
    let service: NoticeSettingsService

    func addRoutes(to routes: StaffRoutes) {
        routes.members.get("notices") { _, context in
            try JSONBody.response(try await service.settings(for: context.staff.member))
        }
        routes.admins.post("notices") { _, context in
            let staff = try context.staff
            try await service.update(try staff.decode(NoticeSettings.self), by: staff.member)
            return Response(status: .noContent)
        }
        routes.admins.post("notices/test") { _, context in
            try JSONBody.response(try await service.test(by: context.staff.member))
        }
    }
}
