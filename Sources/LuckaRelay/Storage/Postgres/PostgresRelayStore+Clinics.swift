import Foundation
import LuckaCore
import PostgresNIO

extension PostgresRelayStore {
    public func createClinic(slug: String, foundingTokenHash: [UInt8], tokenExpires: Day, today: Day) async throws {
        try await write { db in
            guard try await db.selectOne(ClinicStatements.exists(slug: slug)) == nil else {
                throw StoreError(.conflict, "a clinic named \(slug) exists already")
            }
            try await db.execute(ClinicStatements.insert(slug: slug, today: today))
            try await db.execute(ClinicStatements.insertToken(hash: foundingTokenHash, clinic: slug, role: .admin, founding: true, expires: tokenExpires))
        }
    }

    public func clinics() async throws -> [ClinicRow] {
        try await read { db in try await db.select(ClinicStatements.all).map(ClinicRow.init) }
    }

    public func clinic(slug: String) async throws -> ClinicRow? {
        try await read { db in try await db.selectOne(ClinicStatements.bySlug(slug)).map(ClinicRow.init) }
    }

    public func inboxKeys(clinic: String) async throws -> [InboxCertificate] {
        try await read { db in try await db.select(ClinicStatements.inboxKeys(clinic: clinic)).map(InboxCertificate.init) }
    }

    public func updateProfile(clinic: String, profile: SignedProfile, audit: AuditRecord?) async throws {
        try await write { db in
            guard try await db.execute(ClinicStatements.updateProfile(clinic: clinic, profile)) == 1 else {
                throw StoreError(.notFound, "no such clinic")
            }
            try await Self.record(audit, db)
        }
    }

    /// Locks the clinic's row for the rest of the transaction. Exclusive for what changes its
    /// keys (a new epoch, a new identity); shared for writes that must see the current epoch
    /// (a message, a note, a template), so none commits under an epoch that has just ended.
    /// SQLite gets the same from its single writer.
    static func lockClinic(_ db: PostgresConnection, _ slug: String, exclusive: Bool) async throws {
        if exclusive {
            try await db.execute("SELECT 1 FROM clinic WHERE slug = \(slug) FOR UPDATE")
        } else {
            try await db.execute("SELECT 1 FROM clinic WHERE slug = \(slug) FOR KEY SHARE")
        }
    }

    static func currentEpoch(_ db: PostgresConnection, clinic: String) async throws -> Int64? {
        try await db.value("SELECT max(epoch) FROM inbox_key WHERE clinic = \(clinic)", as: Int64.self)
    }

    /// A random row id not yet used in `table` (see SQLiteRelayStore.freeID).
    static func freeID(in table: StoredTable, _ db: PostgresConnection) async throws -> Int64 {
        while true {
            let id = Identifier.rowID()
            if try await db.selectOne(ThreadStatements.row(id: id, in: table)) == nil { return id }
        }
    }
}
