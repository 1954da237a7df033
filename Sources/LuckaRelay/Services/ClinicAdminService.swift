import LuckaCore

/// An admin's care of the clinic itself: its inbox epochs, its profile, its signing key
/// (identity succession) and its audit log; and every member's key bundle. Each change is
/// checked against the clinic's own keys before anything is stored, and audited in the
/// same transaction.
struct ClinicAdminService: Sendable {
    let store: any RelayStore
    let directory: ClinicDirectory

    /// The clinic's document and the keys wrapped for `member`.
    func keyBundle(for member: StaffRow) async throws -> StaffKeyBundle {
        guard let clinic = try await directory.document(slug: member.clinic) else { throw APIError.clinicNotSetUp }
        return StaffKeyBundle(clinic: clinic, wrappedKeys: try await store.wrappedKeys(staffID: member.id))
    }

    /// A new inbox epoch (rotation), certified by the clinic's signing key.
    func rotate(_ body: NewEpochRequest, by admin: StaffRow) async throws {
        try await directory.checkNewEpoch(body, clinic: admin.clinic)
        let today = Day.today()
        try await store.addEpoch(
            clinic: admin.clinic, inboxKey: body.inboxKey, wrappedKeys: body.wrappedKeys, today: today,
            audit: admin.audit("rotate \(body.inboxKey.epoch)", today: today))
    }

    func updateProfile(_ profile: SignedProfile, by admin: StaffRow) async throws {
        let (clinic, key) = try await directory.setUp(admin.clinic)
        do { _ = try profile.verify(signingPublicKey: key, slug: clinic.slug) } catch { throw APIError.invalid(error.reason) }
        try await store.updateProfile(clinic: clinic.slug, profile: profile, audit: admin.audit("profile"))
    }

    /// The audit log, newest day first, between two days (both included).
    func auditLog(of clinic: String, from: Day?, to: Day?) async throws -> [AuditEntry] {
        try await store.auditLog(clinic: clinic, from: from, to: to, limit: 500)
    }
}
