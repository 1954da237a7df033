import Foundation
import LuckaCore

/// A clinic's identity succession (a new signing key), the same on both engines.
enum IdentityStatements {
    /// The key changes only from the one stored now, so two admins racing cannot both
    /// succeed, and nothing certified by the old key is left behind.
    static func replaceKey(clinic: String, _ succession: IdentitySuccession, profile: SignedProfile) -> SQLText {
        """
        UPDATE clinic SET signing_key = \(succession.nextKey), profile_document = \(profile.document), profile_signature = \(profile.signature)
        WHERE slug = \(clinic) AND signing_key = \(succession.previousKey) RETURNING slug
        """
    }

    static func resign(_ certificate: InboxCertificate, clinic: String) -> SQLText {
        "UPDATE inbox_key SET signature = \(certificate.signature) WHERE clinic = \(clinic) AND epoch = \(certificate.epoch)"
    }

    static func activeAdmins(clinic: String) -> SQLText {
        "SELECT id FROM staff WHERE clinic = \(clinic) AND status = 'active' AND role = 'admin'"
    }

    static func deleteSigningKeys(clinic: String) -> SQLText {
        "DELETE FROM wrapped_key WHERE kind = 'signing' AND staff IN (SELECT id FROM staff WHERE clinic = \(clinic))"
    }

    static func lastPosition(clinic: String) -> SQLText { "SELECT max(position) AS position FROM identity_succession WHERE clinic = \(clinic)" }

    static func insert(_ succession: IdentitySuccession, clinic: String, position: Int64) -> SQLText {
        """
        INSERT INTO identity_succession (clinic, position, previous_key, next_key, day, previous_signature, next_signature)
        VALUES (\(clinic), \(position), \(succession.previousKey), \(succession.nextKey), \(succession.day),
            \(succession.previousSignature), \(succession.nextSignature))
        """
    }

    static func successions(clinic: String) -> SQLText { "SELECT * FROM identity_succession WHERE clinic = \(clinic) ORDER BY position" }
}

/// What a new identity must bring, checked inside its write: a new certificate for exactly
/// the clinic's stored epochs, and the new signing key wrapped for every active admin only.
struct IdentityReplacement {
    let clinic: String
    let inboxKeys: [InboxCertificate]
    let wrappedKeys: [WrappedKey]

    func check(stored: [InboxCertificate], activeAdmins: [String]) throws {
        let sameEpochs =
            stored.count == inboxKeys.count
            && zip(stored, inboxKeys).allSatisfy { $0.epoch == $1.epoch && $0.publicKey == $1.publicKey && $1.clinic == clinic }
        guard sameEpochs else { throw StoreError(.conflict, "the certificates must cover exactly the clinic's inbox epochs") }
        let onlySigning = wrappedKeys.allSatisfy { $0.kind == .signing && $0.epoch == 0 }
        guard onlySigning, wrappedKeys.count == activeAdmins.count, Set(wrappedKeys.map(\.staffID)) == Set(activeAdmins) else {
            throw StoreError(.conflict, "the new signing key must be wrapped for every active admin, and only for them")
        }
    }
}

extension IdentitySuccession {
    init(_ row: some SQLRow) throws {
        self.init(
            clinic: try row.text("clinic"), previousKey: try row.bytes("previous_key"), nextKey: try row.bytes("next_key"), day: try row.text("day"),
            previousSignature: try row.bytes("previous_signature"), nextSignature: try row.bytes("next_signature"))
    }
}
