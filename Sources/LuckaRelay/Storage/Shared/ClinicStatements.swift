import Foundation
import LuckaCore

/// Clinics, their inbox keys, members, enrolment tokens and wrapped secrets, the same on
/// both engines.
enum ClinicStatements {
    static func exists(slug: String) -> SQLText { "SELECT 1 FROM clinic WHERE slug = \(slug)" }

    static func insert(slug: String, today: Day) -> SQLText { "INSERT INTO clinic (slug, created) VALUES (\(slug), \(today))" }

    static let all: SQLText = "SELECT * FROM clinic ORDER BY slug"

    static func bySlug(_ slug: String) -> SQLText { "SELECT * FROM clinic WHERE slug = \(slug)" }

    static func updateProfile(clinic: String, _ profile: SignedProfile) -> SQLText {
        "UPDATE clinic SET profile_document = \(profile.document), profile_signature = \(profile.signature) WHERE slug = \(clinic) RETURNING slug"
    }

    /// The founding admin's enrolment sets the clinic's keys, once.
    static func setUp(clinic: String, _ setup: ClinicSetup) -> SQLText {
        """
        UPDATE clinic SET signing_key = \(setup.signingKey.bytes), profile_document = \(setup.profile.document),
            profile_signature = \(setup.profile.signature)
        WHERE slug = \(clinic) AND signing_key IS NULL RETURNING slug
        """
    }

    static func signingKey(clinic: String) -> SQLText { "SELECT signing_key FROM clinic WHERE slug = \(clinic)" }

    static func inboxKeys(clinic: String) -> SQLText { "SELECT * FROM inbox_key WHERE clinic = \(clinic) ORDER BY epoch" }

    static func insertInboxKey(_ key: InboxCertificate, today: Day) -> SQLText {
        """
        INSERT INTO inbox_key (clinic, epoch, public_key, signature, created)
        VALUES (\(key.clinic), \(key.epoch), \(key.publicKey), \(key.signature), \(today))
        """
    }

    static func insertToken(hash: [UInt8], clinic: String, role: StaffRole, founding: Bool, expires: Day) -> SQLText {
        "INSERT INTO enrolment_token (hash, clinic, role, founding, expires) VALUES (\(hash), \(clinic), \(role.rawValue), \(founding), \(expires))"
    }

    static func token(hash: [UInt8]) -> SQLText { "SELECT * FROM enrolment_token WHERE hash = \(hash)" }

    /// Spending the token first makes two enrolments with one token race for one row.
    static func spendToken(hash: [UInt8]) -> SQLText { "DELETE FROM enrolment_token WHERE hash = \(hash) RETURNING hash" }

    static func insertStaff(_ member: StaffRow) -> SQLText {
        """
        INSERT INTO staff (id, clinic, signing_key, box_key, role, status, display_name, created)
        VALUES (\(member.id), \(member.clinic), \(member.signingKey), \(member.boxKey), \(member.role.rawValue),
            \(member.status.rawValue), \(member.displayName), \(member.created))
        """
    }

    static func staff(signingKey: [UInt8]) -> SQLText { "SELECT * FROM staff WHERE signing_key = \(signingKey)" }

    static func staff(id: String) -> SQLText { "SELECT * FROM staff WHERE id = \(id)" }

    static func members(clinic: String) -> SQLText { "SELECT * FROM staff WHERE clinic = \(clinic) ORDER BY created, display_name" }

    static func activeMembers(clinic: String) -> SQLText { "SELECT id FROM staff WHERE clinic = \(clinic) AND status = 'active'" }

    static func approve(staffID: String, clinic: String) -> SQLText {
        "UPDATE staff SET status = 'active' WHERE id = \(staffID) AND clinic = \(clinic) AND status = 'pending' RETURNING id"
    }

    static func remove(staffID: String, clinic: String) -> SQLText {
        "UPDATE staff SET status = 'removed' WHERE id = \(staffID) AND clinic = \(clinic) AND status != 'removed' RETURNING id"
    }

    static func deleteWrappedKeys(staffID: String) -> SQLText { "DELETE FROM wrapped_key WHERE staff = \(staffID)" }

    /// Adds or replaces one wrapped secret.
    static func putWrappedKey(_ key: WrappedKey) -> SQLText {
        """
        INSERT INTO wrapped_key (staff, kind, epoch, wrapped) VALUES (\(key.staffID), \(key.kind.rawValue), \(key.epoch), \(key.wrapped.bytes))
        ON CONFLICT (staff, kind, epoch) DO UPDATE SET wrapped = excluded.wrapped
        """
    }

    static func wrappedKeys(staffID: String) -> SQLText { "SELECT * FROM wrapped_key WHERE staff = \(staffID) ORDER BY kind, epoch" }
}

/// The rules of a new inbox epoch, checked inside the write that starts it: it follows the
/// last one, it is certified by the clinic's current signing key (an identity succession
/// committed since the caller checked would otherwise leave a certificate of the replaced
/// key behind), and its secret reaches every active member and nobody else. Nothing but
/// the new epoch's key may come with it: any other entry would replace a stored key of any
/// member, in this clinic or another.
struct EpochStart {
    let clinic: String
    let inboxKey: InboxCertificate
    let wrappedKeys: [WrappedKey]

    func check(lastEpoch: Int64, signingKey: [UInt8]?, activeMembers: Set<String>) throws {
        guard Int64(inboxKey.epoch) == lastEpoch + 1, inboxKey.clinic == clinic else {
            throw StoreError(.conflict, "the new epoch must be \(lastEpoch + 1)")
        }
        if let signingKey {
            guard (try? inboxKey.verify(signingPublicKey: signingKey, clinic: clinic)) != nil else {
                throw StoreError(.conflict, "the new inbox key is not certified by the clinic's current signing key")
            }
        }
        let covered = Set(wrappedKeys.filter { $0.kind == .inbox && $0.epoch == inboxKey.epoch }.map(\.staffID))
        let onlyNewEpoch = wrappedKeys.allSatisfy { $0.kind == .inbox && $0.epoch == inboxKey.epoch }
        guard activeMembers == covered, onlyNewEpoch else {
            throw StoreError(.conflict, "the new inbox key must be wrapped for every active staff member, and only for them")
        }
    }
}

extension ClinicRow {
    init(_ row: some SQLRow) throws {
        let document = try row.optionalBytes("profile_document")
        let signature = try row.optionalBytes("profile_signature")
        self.init(
            slug: try row.text("slug"), signingKey: try row.optionalBytes("signing_key"),
            profile: document.flatMap { document in signature.map { SignedProfile(document: document, signature: $0) } },
            created: try row.day("created"))
    }
}

extension InboxCertificate {
    init(_ row: some SQLRow) throws {
        self.init(
            clinic: try row.text("clinic"), epoch: UInt32(try row.integer("epoch")), publicKey: try row.bytes("public_key"),
            signature: try row.bytes("signature"))
    }
}

extension StaffRow {
    init(_ row: some SQLRow) throws {
        self.init(
            id: try row.text("id"), clinic: try row.text("clinic"), signingKey: try row.bytes("signing_key"), boxKey: try row.bytes("box_key"),
            role: StaffRole(rawValue: try row.text("role")) ?? .counsellor, status: StaffStatus(rawValue: try row.text("status")) ?? .removed,
            displayName: try row.text("display_name"), created: try row.day("created"))
    }
}

extension EnrolmentTokenRow {
    init(_ row: some SQLRow) throws {
        self.init(
            clinic: try row.text("clinic"), role: StaffRole(rawValue: try row.text("role")) ?? .counsellor, founding: try row.boolean("founding"),
            expires: try row.day("expires"))
    }
}

extension WrappedKey {
    init(_ row: some SQLRow) throws {
        self.init(
            staffID: try row.text("staff"), kind: WrappedKeyKind(rawValue: try row.text("kind")) ?? .inbox, epoch: UInt32(try row.integer("epoch")),
            wrapped: try row.bytes("wrapped"))
    }
}
