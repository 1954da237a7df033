import Foundation
import LuckaCore
import PostgresNIO

extension PostgresRelayStore {
    public func createClinic(slug: String, foundingTokenHash: [UInt8], tokenExpires: Day, today: Day) async throws {
        try await write { db in
            guard try await db.value("SELECT 1 FROM clinic WHERE slug = \(slug)", as: Int32.self) == nil else {
                throw StoreError(.conflict, "a clinic named \(slug) exists already")
            }
            try await db.run("INSERT INTO clinic (slug, created) VALUES (\(slug), \(today.description))")
            try await db.run("""
                INSERT INTO enrolment_token (hash, clinic, role, founding, expires)
                VALUES (\(Data(foundingTokenHash)), \(slug), 'admin', true, \(tokenExpires.description))
                """)
        }
    }

    public func clinics() async throws -> [ClinicRow] {
        try await read { db in try await db.rows("SELECT * FROM clinic ORDER BY slug").map(Self.clinic) }
    }

    public func clinic(slug: String) async throws -> ClinicRow? {
        try await read { db in try await db.row("SELECT * FROM clinic WHERE slug = \(slug)").map(Self.clinic) }
    }

    public func inboxKeys(clinic: String) async throws -> [InboxCertificate] {
        try await read { db in try await Self.inboxKeys(db, clinic: clinic) }
    }

    public func updateProfile(clinic: String, profile: SignedProfile) async throws {
        try await write { db in
            let changed = try await db.run("""
                UPDATE clinic SET profile_document = \(Data(profile.document)), profile_signature = \(Data(profile.signature))
                WHERE slug = \(clinic) RETURNING 1
                """)
            guard changed == 1 else { throw StoreError(.notFound, "no such clinic") }
        }
    }

    /// Locks the clinic's row for the rest of the transaction. Exclusive for what changes its
    /// keys (a new epoch, a new identity); shared for writes that must see the current epoch
    /// (a message, a note, a template), so none commits under an epoch that has just ended.
    /// SQLite gets the same from its single writer.
    static func lockClinic(_ db: PostgresConnection, _ slug: String, exclusive: Bool) async throws {
        if exclusive {
            try await db.run("SELECT 1 FROM clinic WHERE slug = \(slug) FOR UPDATE")
        } else {
            try await db.run("SELECT 1 FROM clinic WHERE slug = \(slug) FOR KEY SHARE")
        }
    }

    static func currentEpoch(_ db: PostgresConnection, clinic: String) async throws -> Int64? {
        try await db.value("SELECT max(epoch) FROM inbox_key WHERE clinic = \(clinic)", as: Int64.self)
    }

    static func inboxKeys(_ db: PostgresConnection, clinic: String) async throws -> [InboxCertificate] {
        try await db.rows("SELECT * FROM inbox_key WHERE clinic = \(clinic) ORDER BY epoch").map { row in
            InboxCertificate(
                clinic: try row.get("clinic"), epoch: UInt32(try row.get("epoch", as: Int64.self)),
                publicKey: try row.bytes("public_key"), signature: try row.bytes("signature"))
        }
    }

    static func insertInboxKey(_ db: PostgresConnection, _ key: InboxCertificate, today: Day) async throws {
        try await db.run("""
            INSERT INTO inbox_key (clinic, epoch, public_key, signature, created)
            VALUES (\(key.clinic), \(Int64(key.epoch)), \(Data(key.publicKey)), \(Data(key.signature)), \(today.description))
            """)
    }

    static func clinic(_ row: PostgresRandomAccessRow) throws -> ClinicRow {
        let document = try row["profile_document"].decode(Data?.self)
        let signature = try row["profile_signature"].decode(Data?.self)
        let signingKey = try row["signing_key"].decode(Data?.self)
        return ClinicRow(
            slug: try row.get("slug"), signingKey: signingKey.map { Array($0) },
            profile: document.flatMap { d in signature.map { SignedProfile(document: Array(d), signature: Array($0)) } },
            created: try row.day("created"))
    }

    /// A random row id not yet used in `table` (see SQLiteRelayStore.freeID).
    static func freeID(in table: StoredTable, _ db: PostgresConnection) async throws -> Int64 {
        while true {
            let id = Identifier.rowID()
            if try await db.selectOne(ThreadStatements.isFree(id: id, in: table)) == nil { return id }
        }
    }
}
