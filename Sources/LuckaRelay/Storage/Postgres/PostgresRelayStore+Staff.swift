import Foundation
import LuckaCore
import PostgresNIO

extension PostgresRelayStore {
    public func addEnrolmentToken(hash: [UInt8], clinic: String, role: StaffRole, expires: Day, audit: AuditRecord?) async throws {
        try await write { db in
            try await db.execute(ClinicStatements.insertToken(hash: hash, clinic: clinic, role: role, founding: false, expires: expires))
            try await Self.record(audit, db)
        }
    }

    public func enrolmentToken(hash: [UInt8]) async throws -> EnrolmentTokenRow? {
        try await read { db in try await db.selectOne(ClinicStatements.token(hash: hash)).map(EnrolmentTokenRow.init) }
    }

    public func enrol(tokenHash: [UInt8], member: StaffRow, setup: ClinicSetup?, today: Day, audit: AuditRecord?) async throws -> StaffRow {
        try await write { db in
            guard try await db.execute(ClinicStatements.spendToken(hash: tokenHash)) == 1 else {
                throw StoreError(.notFound, "the enrolment token is unknown or used")
            }
            try await db.execute(ClinicStatements.insertStaff(member))
            if let setup {
                guard try await db.execute(ClinicStatements.setUp(clinic: member.clinic, setup)) == 1 else {
                    throw StoreError(.conflict, "the clinic has keys already")
                }
                try await db.execute(ClinicStatements.insertInboxKey(setup.inboxKey, today: today))
                for key in setup.wrappedKeys {
                    try await db.execute(ClinicStatements.putWrappedKey(WrappedKey(staffID: member.id, kind: key.kind, epoch: key.epoch, wrapped: key.wrapped.bytes)))
                }
            }
            try await Self.record(audit, db)
            return member
        }
    }

    public func staff(signingKey: [UInt8]) async throws -> StaffRow? {
        try await read { db in try await db.selectOne(ClinicStatements.staff(signingKey: signingKey)).map(StaffRow.init) }
    }

    public func staff(id: String) async throws -> StaffRow? {
        try await read { db in try await db.selectOne(ClinicStatements.staff(id: id)).map(StaffRow.init) }
    }

    public func staffMembers(clinic: String) async throws -> [StaffRow] {
        try await read { db in try await db.select(ClinicStatements.members(clinic: clinic)).map(StaffRow.init) }
    }

    public func approve(staffID: String, clinic: String, wrappedKeys: [WrappedKey], audit: AuditRecord?) async throws {
        try await write { db in
            // The clinic's lock, as startEpoch's callers take it: no epoch starts between
            // the check below and the commit.
            try await Self.lockClinic(db, clinic, exclusive: true)
            guard try await db.execute(ClinicStatements.approve(staffID: staffID, clinic: clinic)) == 1 else {
                throw StoreError(.notFound, "no pending staff member with that id")
            }
            let current = try await Self.currentEpoch(db, clinic: clinic) ?? 0
            guard wrappedKeys.contains(where: { $0.kind == .inbox && Int64($0.epoch) == current }) else {
                throw StoreError(.conflict, "the clinic's inbox epoch is now \(current); approve again")
            }
            for key in wrappedKeys {
                guard key.staffID == staffID else { throw StoreError(.conflict, "a wrapped key is for someone else") }
                try await db.execute(ClinicStatements.putWrappedKey(key))
            }
            try await Self.record(audit, db)
        }
    }

    public func remove(staffID: String, clinic: String, newEpoch: InboxCertificate, wrappedKeys: [WrappedKey], today: Day, audit: AuditRecord?) async throws {
        try await write { db in
            try await Self.lockClinic(db, clinic, exclusive: true)
            guard try await db.execute(ClinicStatements.remove(staffID: staffID, clinic: clinic)) == 1 else {
                throw StoreError(.notFound, "no such staff member")
            }
            try await db.execute(ClinicStatements.deleteWrappedKeys(staffID: staffID))
            try await Self.startEpoch(db, EpochStart(clinic: clinic, inboxKey: newEpoch, wrappedKeys: wrappedKeys), today: today)
            try await Self.record(audit, db)
        }
    }

    public func addEpoch(clinic: String, inboxKey: InboxCertificate, wrappedKeys: [WrappedKey], today: Day, audit: AuditRecord?) async throws {
        try await write { db in
            try await Self.lockClinic(db, clinic, exclusive: true)
            try await Self.startEpoch(db, EpochStart(clinic: clinic, inboxKey: inboxKey, wrappedKeys: wrappedKeys), today: today)
            try await Self.record(audit, db)
        }
    }

    public func wrappedKeys(staffID: String) async throws -> [WrappedKey] {
        try await read { db in try await db.select(ClinicStatements.wrappedKeys(staffID: staffID)).map(WrappedKey.init) }
    }

    /// Checks the new epoch (EpochStart) inside the write, then stores it; the caller holds the clinic's lock.
    static func startEpoch(_ db: PostgresConnection, _ epoch: EpochStart, today: Day) async throws {
        try epoch.check(
            lastEpoch: try await currentEpoch(db, clinic: epoch.clinic) ?? 0,
            signingKey: try await db.selectOne(ClinicStatements.signingKey(clinic: epoch.clinic))?.optionalBytes("signing_key"),
            activeMembers: Set(try await db.select(ClinicStatements.activeMembers(clinic: epoch.clinic)).map { try $0.text("id") }))
        try await db.execute(ClinicStatements.insertInboxKey(epoch.inboxKey, today: today))
        for key in epoch.wrappedKeys { try await db.execute(ClinicStatements.putWrappedKey(key)) }
    }
}
