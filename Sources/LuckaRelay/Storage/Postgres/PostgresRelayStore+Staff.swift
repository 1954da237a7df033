import Foundation
import LuckaCore
import PostgresNIO

extension PostgresRelayStore {
    public func addEnrolmentToken(hash: [UInt8], clinic: String, role: StaffRole, expires: Day) async throws {
        try await write { db in
            try await db.run("""
                INSERT INTO enrolment_token (hash, clinic, role, founding, expires)
                VALUES (\(Data(hash)), \(clinic), \(role.rawValue), false, \(expires.description))
                """)
        }
    }

    public func enrolmentToken(hash: [UInt8]) async throws -> EnrolmentTokenRow? {
        try await read { db in
            try await db.row("SELECT * FROM enrolment_token WHERE hash = \(Data(hash))").map { row in
                EnrolmentTokenRow(
                    clinic: try row.get("clinic"), role: StaffRole(rawValue: try row.get("role")) ?? .counsellor,
                    founding: try row.get("founding"), expires: try row.day("expires"))
            }
        }
    }

    public func enrol(tokenHash: [UInt8], member: StaffRow, setup: ClinicSetup?, today: Day) async throws -> StaffRow {
        try await write { db in
            // Deleting the token first makes two enrolments with one token race for one row.
            guard try await db.run("DELETE FROM enrolment_token WHERE hash = \(Data(tokenHash)) RETURNING 1") == 1 else {
                throw StoreError(.notFound, "the enrolment token is unknown or used")
            }
            try await Self.insertStaff(db, member)
            if let setup {
                let updated = try await db.run("""
                    UPDATE clinic SET signing_key = \(Data(setup.signingKey.bytes)), profile_document = \(Data(setup.profile.document)),
                        profile_signature = \(Data(setup.profile.signature))
                    WHERE slug = \(member.clinic) AND signing_key IS NULL RETURNING 1
                    """)
                guard updated == 1 else { throw StoreError(.conflict, "the clinic has keys already") }
                try await Self.insertInboxKey(db, setup.inboxKey, today: today)
                for key in setup.wrappedKeys {
                    try await Self.insertWrappedKey(db, WrappedKey(staffID: member.id, kind: key.kind, epoch: key.epoch, wrapped: key.wrapped.bytes))
                }
            }
            return member
        }
    }

    public func staff(signingKey: [UInt8]) async throws -> StaffRow? {
        try await read { db in try await db.row("SELECT * FROM staff WHERE signing_key = \(Data(signingKey))").map(Self.staff) }
    }

    public func staff(id: String) async throws -> StaffRow? {
        try await read { db in try await db.row("SELECT * FROM staff WHERE id = \(id)").map(Self.staff) }
    }

    public func staffMembers(clinic: String) async throws -> [StaffRow] {
        try await read { db in
            try await db.rows("SELECT * FROM staff WHERE clinic = \(clinic) ORDER BY created, display_name").map(Self.staff)
        }
    }

    public func approve(staffID: String, clinic: String, wrappedKeys: [WrappedKey]) async throws {
        try await write { db in
            // The clinic's lock, as startEpoch's callers take it: no epoch starts between
            // the check below and the commit.
            try await Self.lockClinic(db, clinic, exclusive: true)
            let changed = try await db.run("""
                UPDATE staff SET status = 'active' WHERE id = \(staffID) AND clinic = \(clinic) AND status = 'pending' RETURNING 1
                """)
            guard changed == 1 else { throw StoreError(.notFound, "no pending staff member with that id") }
            let current = try await Self.currentEpoch(db, clinic: clinic) ?? 0
            guard wrappedKeys.contains(where: { $0.kind == .inbox && Int64($0.epoch) == current }) else {
                throw StoreError(.conflict, "the clinic's inbox epoch is now \(current); approve again")
            }
            for key in wrappedKeys {
                guard key.staffID == staffID else { throw StoreError(.conflict, "a wrapped key is for someone else") }
                try await Self.insertWrappedKey(db, key)
            }
        }
    }

    public func remove(staffID: String, clinic: String, newEpoch: InboxCertificate, wrappedKeys: [WrappedKey], today: Day) async throws {
        try await write { db in
            try await Self.lockClinic(db, clinic, exclusive: true)
            let changed = try await db.run("""
                UPDATE staff SET status = 'removed' WHERE id = \(staffID) AND clinic = \(clinic) AND status != 'removed' RETURNING 1
                """)
            guard changed == 1 else { throw StoreError(.notFound, "no such staff member") }
            try await db.run("DELETE FROM wrapped_key WHERE staff = \(staffID)")
            try await Self.startEpoch(db, clinic: clinic, inboxKey: newEpoch, wrappedKeys: wrappedKeys, today: today)
        }
    }

    public func addEpoch(clinic: String, inboxKey: InboxCertificate, wrappedKeys: [WrappedKey], today: Day) async throws {
        try await write { db in
            try await Self.lockClinic(db, clinic, exclusive: true)
            try await Self.startEpoch(db, clinic: clinic, inboxKey: inboxKey, wrappedKeys: wrappedKeys, today: today)
        }
    }

    public func wrappedKeys(staffID: String) async throws -> [WrappedKey] {
        try await read { db in
            try await db.rows("SELECT * FROM wrapped_key WHERE staff = \(staffID) ORDER BY kind, epoch").map { row in
                WrappedKey(
                    staffID: try row.get("staff"), kind: WrappedKeyKind(rawValue: try row.get("kind")) ?? .inbox,
                    epoch: UInt32(try row.get("epoch", as: Int64.self)), wrapped: try row.bytes("wrapped"))
            }
        }
    }

    /// The same rules as SQLiteRelayStore.startEpoch; the caller holds the clinic's lock.
    static func startEpoch(_ db: PostgresConnection, clinic: String, inboxKey: InboxCertificate, wrappedKeys: [WrappedKey], today: Day)
        async throws
    {
        let last = try await currentEpoch(db, clinic: clinic) ?? 0
        guard Int64(inboxKey.epoch) == last + 1, inboxKey.clinic == clinic else {
            throw StoreError(.conflict, "the new epoch must be \(last + 1)")
        }
        if let signingKey = try await db.value("SELECT signing_key FROM clinic WHERE slug = \(clinic)", as: Data.self) {
            guard (try? inboxKey.verify(signingPublicKey: Array(signingKey), clinic: clinic)) != nil else {
                throw StoreError(.conflict, "the new inbox key is not certified by the clinic's current signing key")
            }
        }
        let active = Set(
            try await db.rows("SELECT id FROM staff WHERE clinic = \(clinic) AND status = 'active'").map { try $0.get("id", as: String.self) })
        let covered = Set(wrappedKeys.filter { $0.kind == .inbox && $0.epoch == inboxKey.epoch }.map(\.staffID))
        let onlyNewEpoch = wrappedKeys.allSatisfy { $0.kind == .inbox && $0.epoch == inboxKey.epoch }
        guard active == covered, onlyNewEpoch else {
            throw StoreError(.conflict, "the new inbox key must be wrapped for every active staff member, and only for them")
        }
        try await insertInboxKey(db, inboxKey, today: today)
        for key in wrappedKeys { try await insertWrappedKey(db, key) }
    }

    static func insertStaff(_ db: PostgresConnection, _ member: StaffRow) async throws {
        try await db.run("""
            INSERT INTO staff (id, clinic, signing_key, box_key, role, status, display_name, created)
            VALUES (\(member.id), \(member.clinic), \(Data(member.signingKey)), \(Data(member.boxKey)), \(member.role.rawValue),
                \(member.status.rawValue), \(member.displayName), \(member.created.description))
            """)
    }

    /// Adds or replaces (as SQLite's INSERT OR REPLACE) one wrapped secret.
    static func insertWrappedKey(_ db: PostgresConnection, _ key: WrappedKey) async throws {
        try await db.run("""
            INSERT INTO wrapped_key (staff, kind, epoch, wrapped) VALUES (\(key.staffID), \(key.kind.rawValue), \(Int64(key.epoch)),
                \(Data(key.wrapped.bytes)))
            ON CONFLICT (staff, kind, epoch) DO UPDATE SET wrapped = excluded.wrapped
            """)
    }

    static func staff(_ row: PostgresRandomAccessRow) throws -> StaffRow {
        StaffRow(
            id: try row.get("id"), clinic: try row.get("clinic"), signingKey: try row.bytes("signing_key"), boxKey: try row.bytes("box_key"),
            role: StaffRole(rawValue: try row.get("role")) ?? .counsellor, status: StaffStatus(rawValue: try row.get("status")) ?? .removed,
            displayName: try row.get("display_name"), created: try row.day("created"))
    }
}
