import Foundation
import GRDB
import LuckaCore

extension SQLiteRelayStore {
    public func replaceIdentity(
        clinic: String, succession: IdentitySuccession, profile: SignedProfile, inboxKeys: [InboxCertificate],
        wrappedKeys: [WrappedKey], today: Day, audit: AuditRecord?
    ) async throws {
        try await write { db in
            guard try db.selectOne(IdentityStatements.replaceKey(clinic: clinic, succession, profile: profile)) != nil else {
                throw StoreError(.conflict, "the clinic's signing key is no longer the one being replaced")
            }
            try IdentityReplacement(clinic: clinic, inboxKeys: inboxKeys, wrappedKeys: wrappedKeys).check(
                stored: try db.select(ClinicStatements.inboxKeys(clinic: clinic)).map(InboxCertificate.init),
                activeAdmins: try db.select(IdentityStatements.activeAdmins(clinic: clinic)).map { try $0.text("id") })
            for certificate in inboxKeys { try db.execute(IdentityStatements.resign(certificate, clinic: clinic)) }
            try db.execute(IdentityStatements.deleteSigningKeys(clinic: clinic))
            for key in wrappedKeys { try db.execute(ClinicStatements.putWrappedKey(key)) }
            let position = (try db.selectOne(IdentityStatements.lastPosition(clinic: clinic))?.optionalInteger("position") ?? 0) + 1
            try db.execute(IdentityStatements.insert(succession, clinic: clinic, position: position))
            try Self.record(audit, db)
        }
    }

    public func successions(clinic: String) async throws -> [IdentitySuccession] {
        try await read { db in try db.select(IdentityStatements.successions(clinic: clinic)).map(IdentitySuccession.init) }
    }
}
