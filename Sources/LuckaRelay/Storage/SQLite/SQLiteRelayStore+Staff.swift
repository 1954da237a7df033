import Foundation
import GRDB
import LuckaCore

extension SQLiteRelayStore {
    public func addEnrolmentToken(hash: [UInt8], clinic: String, role: StaffRole, expires: Day) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO enrolment_token (hash, clinic, role, founding, expires) VALUES (?, ?, ?, 0, ?)",
                arguments: [Data(hash), clinic, role.rawValue, expires.description])
        }
    }

    public func enrolmentToken(hash: [UInt8]) async throws -> EnrolmentTokenRow? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM enrolment_token WHERE hash = ?", arguments: [Data(hash)]).map { row in
                EnrolmentTokenRow(
                    clinic: row["clinic"], role: StaffRole(rawValue: row["role"]) ?? .counsellor,
                    founding: row["founding"], expires: Self.day(row["expires"]))
            }
        }
    }

    public func enrol(tokenHash: [UInt8], member: StaffRow, setup: ClinicSetup?, today: Day) async throws -> StaffRow {
        try await write { db in
            try db.execute(sql: "DELETE FROM enrolment_token WHERE hash = ?", arguments: [Data(tokenHash)])
            guard db.changesCount == 1 else { throw StoreError(.notFound, "the enrolment token is unknown or used") }
            try Self.insertStaff(db, member)
            if let setup {
                try db.execute(
                    sql: "UPDATE clinic SET signing_key = ?, profile_document = ?, profile_signature = ? WHERE slug = ? AND signing_key IS NULL",
                    arguments: [Data(setup.signingKey.bytes), Data(setup.profile.document), Data(setup.profile.signature), member.clinic])
                guard db.changesCount == 1 else { throw StoreError(.conflict, "the clinic has keys already") }
                try Self.insertInboxKey(db, setup.inboxKey, today: today)
                for key in setup.wrappedKeys {
                    try Self.insertWrappedKey(db, WrappedKey(staffID: member.id, kind: key.kind, epoch: key.epoch, wrapped: key.wrapped.bytes))
                }
            }
            return member
        }
    }

    public func staff(signingKey: [UInt8]) async throws -> StaffRow? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM staff WHERE signing_key = ?", arguments: [Data(signingKey)]).map(Self.staff)
        }
    }

    public func staff(id: String) async throws -> StaffRow? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM staff WHERE id = ?", arguments: [id]).map(Self.staff) }
    }

    public func staffMembers(clinic: String) async throws -> [StaffRow] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM staff WHERE clinic = ? ORDER BY created, display_name", arguments: [clinic]).map(Self.staff)
        }
    }

    public func approve(staffID: String, clinic: String, wrappedKeys: [WrappedKey]) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE staff SET status = 'active' WHERE id = ? AND clinic = ? AND status = 'pending'",
                arguments: [staffID, clinic])
            guard db.changesCount == 1 else { throw StoreError(.notFound, "no pending staff member with that id") }
            // Checked here, not only by the caller: an epoch started since would leave the
            // new member without the key replies are sealed with.
            let current = try Int64.fetchOne(db, sql: "SELECT max(epoch) FROM inbox_key WHERE clinic = ?", arguments: [clinic]) ?? 0
            guard wrappedKeys.contains(where: { $0.kind == .inbox && Int64($0.epoch) == current }) else {
                throw StoreError(.conflict, "the clinic's inbox epoch is now \(current); approve again")
            }
            for key in wrappedKeys {
                guard key.staffID == staffID else { throw StoreError(.conflict, "a wrapped key is for someone else") }
                try Self.insertWrappedKey(db, key)
            }
        }
    }

    public func remove(staffID: String, clinic: String, newEpoch: InboxCertificate, wrappedKeys: [WrappedKey], today: Day) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE staff SET status = 'removed' WHERE id = ? AND clinic = ? AND status != 'removed'",
                arguments: [staffID, clinic])
            guard db.changesCount == 1 else { throw StoreError(.notFound, "no such staff member") }
            try db.execute(sql: "DELETE FROM wrapped_key WHERE staff = ?", arguments: [staffID])
            try Self.startEpoch(db, clinic: clinic, inboxKey: newEpoch, wrappedKeys: wrappedKeys, today: today)
        }
    }

    public func addEpoch(clinic: String, inboxKey: InboxCertificate, wrappedKeys: [WrappedKey], today: Day) async throws {
        try await write { db in try Self.startEpoch(db, clinic: clinic, inboxKey: inboxKey, wrappedKeys: wrappedKeys, today: today) }
    }

    public func wrappedKeys(staffID: String) async throws -> [WrappedKey] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM wrapped_key WHERE staff = ? ORDER BY kind, epoch", arguments: [staffID]).map { row in
                WrappedKey(
                    staffID: row["staff"], kind: WrappedKeyKind(rawValue: row["kind"]) ?? .inbox,
                    epoch: UInt32(row["epoch"] as Int64), wrapped: Self.bytes(row["wrapped"]))
            }
        }
    }

    /// A new epoch must follow the last one, and its secret must reach every active member.
    static func startEpoch(_ db: Database, clinic: String, inboxKey: InboxCertificate, wrappedKeys: [WrappedKey], today: Day) throws {
        let last = try Int64.fetchOne(db, sql: "SELECT max(epoch) FROM inbox_key WHERE clinic = ?", arguments: [clinic]) ?? 0
        guard Int64(inboxKey.epoch) == last + 1, inboxKey.clinic == clinic else {
            throw StoreError(.conflict, "the new epoch must be \(last + 1)")
        }
        // Checked again here, inside the write: an identity succession committed since the
        // caller checked would otherwise leave a certificate of the replaced key behind.
        if let signingKey = try Data.fetchOne(db, sql: "SELECT signing_key FROM clinic WHERE slug = ?", arguments: [clinic]) {
            guard (try? inboxKey.verify(signingPublicKey: Array(signingKey), clinic: clinic)) != nil else {
                throw StoreError(.conflict, "the new inbox key is not certified by the clinic's current signing key")
            }
        }
        let active = Set(try String.fetchAll(db, sql: "SELECT id FROM staff WHERE clinic = ? AND status = 'active'", arguments: [clinic]))
        let covered = Set(wrappedKeys.filter { $0.kind == .inbox && $0.epoch == inboxKey.epoch }.map(\.staffID))
        // Nothing but the new epoch's key: any other entry would overwrite (INSERT OR REPLACE)
        // a stored key of any staff member, in this clinic or another.
        let onlyNewEpoch = wrappedKeys.allSatisfy { $0.kind == .inbox && $0.epoch == inboxKey.epoch }
        guard active == covered, onlyNewEpoch else {
            throw StoreError(.conflict, "the new inbox key must be wrapped for every active staff member, and only for them")
        }
        try insertInboxKey(db, inboxKey, today: today)
        for key in wrappedKeys { try insertWrappedKey(db, key) }
    }

    static func insertStaff(_ db: Database, _ member: StaffRow) throws {
        try db.execute(
            sql: """
                INSERT INTO staff (id, clinic, signing_key, box_key, role, status, display_name, created)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                member.id, member.clinic, Data(member.signingKey), Data(member.boxKey), member.role.rawValue,
                member.status.rawValue, member.displayName, member.created.description,
            ])
    }

    static func insertWrappedKey(_ db: Database, _ key: WrappedKey) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO wrapped_key (staff, kind, epoch, wrapped) VALUES (?, ?, ?, ?)",
            arguments: [key.staffID, key.kind.rawValue, Int64(key.epoch), Data(key.wrapped.bytes)])
    }

    static func staff(_ row: Row) -> StaffRow {
        StaffRow(
            id: row["id"], clinic: row["clinic"], signingKey: bytes(row["signing_key"]), boxKey: bytes(row["box_key"]),
            role: StaffRole(rawValue: row["role"]) ?? .counsellor, status: StaffStatus(rawValue: row["status"]) ?? .removed,
            displayName: row["display_name"], created: day(row["created"]))
    }
}
