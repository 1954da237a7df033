import Foundation
import LuckaCore
import PostgresNIO

extension PostgresRelayStore {
    public func replaceIdentity(
        clinic: String, succession: IdentitySuccession, profile: SignedProfile, inboxKeys: [InboxCertificate],
        wrappedKeys: [WrappedKey], today: Day
    ) async throws {
        try await write { db in
            try await Self.lockClinic(db, clinic, exclusive: true)
            // The key changes only from the one stored now (see SQLiteRelayStore).
            let changed = try await db.run("""
                UPDATE clinic SET signing_key = \(Data(succession.nextKey)), profile_document = \(Data(profile.document)),
                    profile_signature = \(Data(profile.signature))
                WHERE slug = \(clinic) AND signing_key = \(Data(succession.previousKey)) RETURNING 1
                """)
            guard changed == 1 else { throw StoreError(.conflict, "the clinic's signing key is no longer the one being replaced") }

            let stored = try await Self.inboxKeys(db, clinic: clinic)
            let sameEpochs =
                stored.count == inboxKeys.count
                && zip(stored, inboxKeys).allSatisfy { $0.epoch == $1.epoch && $0.publicKey == $1.publicKey && $1.clinic == clinic }
            guard sameEpochs else { throw StoreError(.conflict, "the certificates must cover exactly the clinic's inbox epochs") }
            for certificate in inboxKeys {
                try await db.run("""
                    UPDATE inbox_key SET signature = \(Data(certificate.signature)) WHERE clinic = \(clinic) AND epoch = \(Int64(certificate.epoch))
                    """)
            }

            let admins = try await db.rows("SELECT id FROM staff WHERE clinic = \(clinic) AND status = 'active' AND role = 'admin'")
                .map { try $0.get("id", as: String.self) }
            let onlySigning = wrappedKeys.allSatisfy { $0.kind == .signing && $0.epoch == 0 }
            guard onlySigning, wrappedKeys.count == admins.count, Set(wrappedKeys.map(\.staffID)) == Set(admins) else {
                throw StoreError(.conflict, "the new signing key must be wrapped for every active admin, and only for them")
            }
            try await db.run("DELETE FROM wrapped_key WHERE kind = 'signing' AND staff IN (SELECT id FROM staff WHERE clinic = \(clinic))")
            for key in wrappedKeys { try await Self.insertWrappedKey(db, key) }

            let position = (try await db.value("SELECT max(position) FROM identity_succession WHERE clinic = \(clinic)", as: Int64.self) ?? 0) + 1
            try await db.run("""
                INSERT INTO identity_succession (clinic, position, previous_key, next_key, day, previous_signature, next_signature)
                VALUES (\(clinic), \(position), \(Data(succession.previousKey)), \(Data(succession.nextKey)), \(succession.day),
                    \(Data(succession.previousSignature)), \(Data(succession.nextSignature)))
                """)
        }
    }

    public func successions(clinic: String) async throws -> [IdentitySuccession] {
        try await read { db in
            try await db.rows("SELECT * FROM identity_succession WHERE clinic = \(clinic) ORDER BY position").map { row in
                IdentitySuccession(
                    clinic: try row.get("clinic"), previousKey: try row.bytes("previous_key"), nextKey: try row.bytes("next_key"),
                    day: try row.get("day"), previousSignature: try row.bytes("previous_signature"),
                    nextSignature: try row.bytes("next_signature"))
            }
        }
    }
}
