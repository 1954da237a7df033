import Hummingbird
import LuckaCore

/// The clinic's contact figures for its staff: counts only, nothing per conversation.
struct StatisticsController: Sendable {
    let reader: StatisticsReader

    func addRoutes(to routes: StaffRoutes) {
        routes.members.get("statistics") { request, context in try await statistics(context.staff, request) }
    }

    func statistics(_ staff: StaffRequest, _ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        for (name, _) in query where name != "from" && name != "to" {
            throw APIError.invalid("The statistics take only from and to (YYYY-MM).")
        }
        var (from, to) = StatisticsReader.defaultRange()
        if let value = query["from"] {
            guard StatisticsReport.isMonth(String(value)) else { throw APIError.invalid("from must be a month, YYYY-MM.") }
            from = String(value)
        }
        if let value = query["to"] {
            guard StatisticsReport.isMonth(String(value)) else { throw APIError.invalid("to must be a month, YYYY-MM.") }
            to = String(value)
        }
        guard from <= to else { throw APIError.invalid("from must not be after to.") }
        return try JSONBody.response(
            try await reader.report(clinic: staff.member.clinic, from: from, to: to))
    }
}
