import Foundation
import LuckaCore
import PostgresNIO

extension PostgresRelayStore {
    public func replaceIdentity(
        clinic: String, succession: IdentitySuccession, profile: SignedProfile, inboxKeys: [InboxCertificate],
        wrappedKeys: [WrappedKey], today: Day, audit: AuditRecord?
    ) async throws {
        try await write { db in
            try await Self.lockClinic(db, clinic, exclusive: true)
            guard try await db.execute(IdentityStatements.replaceKey(clinic: clinic, succession, profile: profile)) == 1 else {
                throw StoreError(.conflict, "the clinic's signing key is no longer the one being replaced")
            }
            try IdentityReplacement(clinic: clinic, inboxKeys: inboxKeys, wrappedKeys: wrappedKeys).check(
                stored: try await db.select(ClinicStatements.inboxKeys(clinic: clinic)).map(InboxCertificate.init),
                activeAdmins: try await db.select(IdentityStatements.activeAdmins(clinic: clinic)).map { try $0.text("id") })
            for certificate in inboxKeys { try await db.execute(IdentityStatements.resign(certificate, clinic: clinic)) }
            try await db.execute(IdentityStatements.deleteSigningKeys(clinic: clinic))
            for key in wrappedKeys { try await db.execute(ClinicStatements.putWrappedKey(key)) }
            let position = (try await db.selectOne(IdentityStatements.lastPosition(clinic: clinic))?.optionalInteger("position") ?? 0) + 1
            try await db.execute(IdentityStatements.insert(succession, clinic: clinic, position: position))
            try await Self.record(audit, db)
        }
    }

    public func successions(clinic: String) async throws -> [IdentitySuccession] {
        try await read { db in try await db.select(IdentityStatements.successions(clinic: clinic)).map(IdentitySuccession.init) }
    }
}
