import LuckaCore

extension StaffRow {
    /// This member's audit row for `action`, which the store writes in the same
    /// transaction as the action itself, and only if the action took effect.
    func audit(_ action: String, thread: String? = nil, today: Day = Day.today()) -> AuditRecord {
        AuditRecord(staffID: id, action: action, threadHandle: thread, today: today)
    }
}
