import LuckaCore

extension ClinicAdminService {
    /// Replaces the clinic's signing key (after an admin left, who kept a copy of it).
    /// Everything must be consistent before anything is stored; the store checks the
    /// parts that could change meanwhile again inside its transaction.
    func replaceIdentity(_ body: IdentitySuccessionRequest, by admin: StaffRow) async throws {
        let slug = admin.clinic
        let (_, previous) = try await directory.setUp(slug)
        let succession = body.succession
        let newKey = body.signingKey.bytes
        guard succession.clinic == slug else { throw APIError.invalid("The succession statement names another clinic.") }
        guard succession.previousKey == previous else {
            throw APIError(.conflict, "stale_identity", "The succession must start from the clinic's current signing key.")
        }
        guard succession.nextKey == newKey, newKey != previous else {
            throw APIError.invalid("The succession statement must name the new signing key.")
        }
        do { try succession.verify() } catch { throw APIError.invalid(error.reason) }
        let today = Day.today()
        guard let day = Day(succession.day), abs(day.number - today.number) <= 1 else {
            throw APIError.invalid("The succession statement must carry today's date (UTC).")
        }
        do { _ = try body.profile.verify(signingPublicKey: newKey, slug: slug) } catch { throw APIError.invalid(error.reason) }

        let stored = try await store.inboxKeys(clinic: slug)
        guard body.inboxKeys.count == stored.count,
              zip(stored, body.inboxKeys).allSatisfy({ $0.epoch == $1.epoch && $0.publicKey == $1.publicKey })
        else {
            throw APIError.invalid("The new certificates must cover exactly the clinic's inbox epochs \(stored.map(\.epoch)), with the same keys.")
        }
        for certificate in body.inboxKeys {
            do { try certificate.verify(signingPublicKey: newKey, clinic: slug) } catch { throw APIError.invalid(error.reason) }
        }

        let admins = try await store.staffMembers(clinic: slug).filter { $0.role == .admin && $0.status == .active }.map(\.id)
        guard body.wrappedKeys.allSatisfy({ $0.kind == .signing && $0.epoch == 0 }),
              body.wrappedKeys.count == admins.count, Set(body.wrappedKeys.map(\.staffID)) == Set(admins)
        else {
            throw APIError.invalid("The new signing key must be wrapped for every active admin of the clinic, and only for them.")
        }

        try await store.replaceIdentity(
            clinic: slug, succession: succession, profile: body.profile, inboxKeys: body.inboxKeys, wrappedKeys: body.wrappedKeys, today: today,
            audit: admin.audit("identity-succession", today: today))
    }
}
