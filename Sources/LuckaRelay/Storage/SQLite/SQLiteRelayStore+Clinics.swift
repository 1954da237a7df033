import Foundation
import GRDB
import LuckaCore

extension SQLiteRelayStore {
    public func createClinic(slug: String, foundingTokenHash: [UInt8], tokenExpires: Day, today: Day) async throws {
        try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM clinic WHERE slug = ?", arguments: [slug]) == nil else {
                throw StoreError(.conflict, "a clinic named \(slug) exists already")
            }
            try db.execute(sql: "INSERT INTO clinic (slug, created) VALUES (?, ?)", arguments: [slug, today.description])
            try db.execute(
                sql: "INSERT INTO enrolment_token (hash, clinic, role, founding, expires) VALUES (?, ?, 'admin', 1, ?)",
                arguments: [Data(foundingTokenHash), slug, tokenExpires.description])
        }
    }

    public func clinics() async throws -> [ClinicRow] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM clinic ORDER BY slug").map(Self.clinic) }
    }

    public func clinic(slug: String) async throws -> ClinicRow? {
        try await read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM clinic WHERE slug = ?"), arguments: [slug]).map(Self.clinic)
        }
    }

    public func inboxKeys(clinic: String) async throws -> [InboxCertificate] {
        try await read { db in try Self.inboxKeys(db, clinic: clinic) }
    }

    public func updateProfile(clinic: String, profile: SignedProfile) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE clinic SET profile_document = ?, profile_signature = ? WHERE slug = ?",
                arguments: [Data(profile.document), Data(profile.signature), clinic])
            guard db.changesCount == 1 else { throw StoreError(.notFound, "no such clinic") }
        }
    }

    static func inboxKeys(_ db: Database, clinic: String) throws -> [InboxCertificate] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM inbox_key WHERE clinic = ? ORDER BY epoch"), arguments: [clinic]).map { row in
            InboxCertificate(
                clinic: row["clinic"], epoch: UInt32(row["epoch"] as Int64),
                publicKey: bytes(row["public_key"]), signature: bytes(row["signature"]))
        }
    }

    static func insertInboxKey(_ db: Database, _ key: InboxCertificate, today: Day) throws {
        try db.execute(
            sql: "INSERT INTO inbox_key (clinic, epoch, public_key, signature, created) VALUES (?, ?, ?, ?, ?)",
            arguments: [key.clinic, Int64(key.epoch), Data(key.publicKey), Data(key.signature), today.description])
    }

    static func clinic(_ row: Row) -> ClinicRow {
        let document: Data? = row["profile_document"]
        let signature: Data? = row["profile_signature"]
        let signingKey: Data? = row["signing_key"]
        return ClinicRow(
            slug: row["slug"], signingKey: signingKey.map { Array($0) },
            profile: document.flatMap { d in signature.map { SignedProfile(document: Array(d), signature: Array($0)) } },
            created: day(row["created"]))
    }

    static func bytes(_ value: Data?) -> [UInt8] { value.map { Array($0) } ?? [] }

    static func day(_ text: String) -> Day { Day(text) ?? Day(number: 0) }
}
