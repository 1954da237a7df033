import Foundation
import GRDB
import LuckaCore

extension SQLiteRelayStore {
    public func addEnrolmentToken(hash: [UInt8], clinic: String, role: StaffRole, expires: Day, audit: AuditRecord?) async throws {
        try await write { db in
            try db.execute(ClinicStatements.insertToken(hash: hash, clinic: clinic, role: role, founding: false, expires: expires))
            try Self.record(audit, db)
        }
    }

    public func enrolmentToken(hash: [UInt8]) async throws -> EnrolmentTokenRow? {
        try await read { db in try db.selectOne(ClinicStatements.token(hash: hash)).map(EnrolmentTokenRow.init) }
    }

    public func enrol(tokenHash: [UInt8], member: StaffRow, setup: ClinicSetup?, today: Day, audit: AuditRecord?) async throws -> StaffRow {
        try await write { db in
            guard try db.selectOne(ClinicStatements.spendToken(hash: tokenHash)) != nil else {
                throw StoreError(.notFound, "the enrolment token is unknown or used")
            }
            try db.execute(ClinicStatements.insertStaff(member))
            if let setup {
                guard try db.selectOne(ClinicStatements.setUp(clinic: member.clinic, setup)) != nil else {
                    throw StoreError(.conflict, "the clinic has keys already")
                }
                try db.execute(ClinicStatements.insertInboxKey(setup.inboxKey, today: today))
                for key in setup.wrappedKeys {
                    try db.execute(ClinicStatements.putWrappedKey(WrappedKey(staffID: member.id, kind: key.kind, epoch: key.epoch, wrapped: key.wrapped.bytes)))
                }
            }
            try Self.record(audit, db)
            return member
        }
    }

    public func staff(signingKey: [UInt8]) async throws -> StaffRow? {
        try await read { db in try db.selectOne(ClinicStatements.staff(signingKey: signingKey)).map(StaffRow.init) }
    }

    public func staff(id: String) async throws -> StaffRow? {
        try await read { db in try db.selectOne(ClinicStatements.staff(id: id)).map(StaffRow.init) }
    }

    public func staffMembers(clinic: String) async throws -> [StaffRow] {
        try await read { db in try db.select(ClinicStatements.members(clinic: clinic)).map(StaffRow.init) }
    }

    public func approve(staffID: String, clinic: String, wrappedKeys: [WrappedKey], audit: AuditRecord?) async throws {
        try await write { db in
            guard try db.selectOne(ClinicStatements.approve(staffID: staffID, clinic: clinic)) != nil else {
                throw StoreError(.notFound, "no pending staff member with that id")
            }
            // Checked here, not only by the caller: an epoch started since would leave the
            // new member without the key replies are sealed with.
            let current = try db.selectOne(DeskStatements.currentEpoch(clinic: clinic))?.optionalInteger("epoch") ?? 0
            guard wrappedKeys.contains(where: { $0.kind == .inbox && Int64($0.epoch) == current }) else {
                throw StoreError(.conflict, "the clinic's inbox epoch is now \(current); approve again")
            }
            for key in wrappedKeys {
                guard key.staffID == staffID else { throw StoreError(.conflict, "a wrapped key is for someone else") }
                try db.execute(ClinicStatements.putWrappedKey(key))
            }
            try Self.record(audit, db)
        }
    }

    public func remove(staffID: String, clinic: String, newEpoch: InboxCertificate, wrappedKeys: [WrappedKey], today: Day, audit: AuditRecord?) async throws {
        try await write { db in
            guard try db.selectOne(ClinicStatements.remove(staffID: staffID, clinic: clinic)) != nil else {
                throw StoreError(.notFound, "no such staff member")
            }
            try db.execute(ClinicStatements.deleteWrappedKeys(staffID: staffID))
            try Self.startEpoch(db, EpochStart(clinic: clinic, inboxKey: newEpoch, wrappedKeys: wrappedKeys), today: today)
            try Self.record(audit, db)
        }
    }

    public func addEpoch(clinic: String, inboxKey: InboxCertificate, wrappedKeys: [WrappedKey], today: Day, audit: AuditRecord?) async throws {
        try await write { db in
            try Self.startEpoch(db, EpochStart(clinic: clinic, inboxKey: inboxKey, wrappedKeys: wrappedKeys), today: today)
            try Self.record(audit, db)
        }
    }

    public func wrappedKeys(staffID: String) async throws -> [WrappedKey] {
        try await read { db in try db.select(ClinicStatements.wrappedKeys(staffID: staffID)).map(WrappedKey.init) }
    }

    /// Checks the new epoch (EpochStart) inside the write, then stores it.
    static func startEpoch(_ db: Database, _ epoch: EpochStart, today: Day) throws {
        try epoch.check(
            lastEpoch: try db.selectOne(DeskStatements.currentEpoch(clinic: epoch.clinic))?.optionalInteger("epoch") ?? 0,
            signingKey: try db.selectOne(ClinicStatements.signingKey(clinic: epoch.clinic))?.optionalBytes("signing_key"),
            activeMembers: Set(try db.select(ClinicStatements.activeMembers(clinic: epoch.clinic)).map { try $0.text("id") }))
        try db.execute(ClinicStatements.insertInboxKey(epoch.inboxKey, today: today))
        for key in epoch.wrappedKeys { try db.execute(ClinicStatements.putWrappedKey(key)) }
    }
}
