import Foundation
import GRDB
import LuckaCore

extension SQLiteRelayStore {
    public func replaceIdentity(
        clinic: String, succession: IdentitySuccession, profile: SignedProfile, inboxKeys: [InboxCertificate],
        wrappedKeys: [WrappedKey], today: Day
    ) async throws {
        try await write { db in
            // The key changes only from the one stored now, so two admins racing cannot
            // both succeed, and nothing certified by the old key is left behind.
            try db.execute(
                sql:
                    "UPDATE clinic SET signing_key = ?, profile_document = ?, profile_signature = ? WHERE slug = ? AND signing_key = ?",
                arguments: [
                    Data(succession.nextKey), Data(profile.document), Data(profile.signature), clinic,
                    Data(succession.previousKey),
                ])
            guard db.changesCount == 1 else {
                throw StoreError(.conflict, "the clinic's signing key is no longer the one being replaced")
            }

            let stored = try Self.inboxKeys(db, clinic: clinic)
            let sameEpochs =
                stored.count == inboxKeys.count
                && zip(stored, inboxKeys).allSatisfy {
                    $0.epoch == $1.epoch && $0.publicKey == $1.publicKey && $1.clinic == clinic
                }
            guard sameEpochs else { throw StoreError(.conflict, "the certificates must cover exactly the clinic's inbox epochs") }
            for certificate in inboxKeys {
                try db.execute(
                    sql: "UPDATE inbox_key SET signature = ? WHERE clinic = ? AND epoch = ?",
                    arguments: [Data(certificate.signature), clinic, Int64(certificate.epoch)])
            }

            let admins = try String.fetchAll(
                db, sql: "SELECT id FROM staff WHERE clinic = ? AND status = 'active' AND role = 'admin'", arguments: [clinic])
            let onlySigning = wrappedKeys.allSatisfy { $0.kind == .signing && $0.epoch == 0 }
            guard onlySigning, wrappedKeys.count == admins.count, Set(wrappedKeys.map(\.staffID)) == Set(admins) else {
                throw StoreError(.conflict, "the new signing key must be wrapped for every active admin, and only for them")
            }
            try db.execute(
                sql: "DELETE FROM wrapped_key WHERE kind = 'signing' AND staff IN (SELECT id FROM staff WHERE clinic = ?)",
                arguments: [clinic])
            for key in wrappedKeys { try Self.insertWrappedKey(db, key) }

            let position =
                (try Int64.fetchOne(
                    db, sql: "SELECT max(position) FROM identity_succession WHERE clinic = ?", arguments: [clinic]) ?? 0) + 1
            try db.execute(
                sql: """
                    INSERT INTO identity_succession (clinic, position, previous_key, next_key, day, previous_signature, next_signature)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    clinic, position, Data(succession.previousKey), Data(succession.nextKey), succession.day,
                    Data(succession.previousSignature), Data(succession.nextSignature),
                ])
        }
    }

    public func successions(clinic: String) async throws -> [IdentitySuccession] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM identity_succession WHERE clinic = ? ORDER BY position"),
                arguments: [clinic]
            ).map { row in
                IdentitySuccession(
                    clinic: row["clinic"], previousKey: Self.bytes(row["previous_key"]), nextKey: Self.bytes(row["next_key"]),
                    day: row["day"],
                    previousSignature: Self.bytes(row["previous_signature"]), nextSignature: Self.bytes(row["next_signature"]))
            }
        }
    }
}
