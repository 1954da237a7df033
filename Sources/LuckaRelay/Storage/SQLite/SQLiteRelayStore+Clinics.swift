import Foundation
import GRDB
import LuckaCore

extension SQLiteRelayStore {
    public func createClinic(slug: String, foundingTokenHash: [UInt8], tokenExpires: Day, today: Day) async throws {
        try await write { db in
            guard try db.selectOne(ClinicStatements.exists(slug: slug)) == nil else {
                throw StoreError(.conflict, "a clinic named \(slug) exists already")
            }
            try db.execute(ClinicStatements.insert(slug: slug, today: today))
            try db.execute(ClinicStatements.insertToken(hash: foundingTokenHash, clinic: slug, role: .admin, founding: true, expires: tokenExpires))
        }
    }

    public func clinics() async throws -> [ClinicRow] {
        try await read { db in try db.select(ClinicStatements.all).map(ClinicRow.init) }
    }

    public func clinic(slug: String) async throws -> ClinicRow? {
        try await read { db in try db.selectOne(ClinicStatements.bySlug(slug)).map(ClinicRow.init) }
    }

    public func inboxKeys(clinic: String) async throws -> [InboxCertificate] {
        try await read { db in try db.select(ClinicStatements.inboxKeys(clinic: clinic)).map(InboxCertificate.init) }
    }

    public func updateProfile(clinic: String, profile: SignedProfile, audit: AuditRecord?) async throws {
        try await write { db in
            guard try db.selectOne(ClinicStatements.updateProfile(clinic: clinic, profile)) != nil else { throw StoreError(.notFound, "no such clinic") }
            try Self.record(audit, db)
        }
    }
}
