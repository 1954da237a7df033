import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LuckaCore
@testable import LuckaRelay
import Testing

/// POST /v1/staff/identity: the clinic's signing key replaced after an admin left.
@Suite("Clinic identity succession route")
struct IdentityRouteTests {
    /// A complete, correct request from `clinic`'s current key to `next`.
    static func request(_ relay: Harness, for clinic: ClinicFixture, next: SigningKeyPair, day: String = Day.today().description) async throws -> IdentitySuccessionRequest {
        let certificates = try await relay.store.inboxKeys(clinic: clinic.slug).map { stored in
            try InboxCertificate.issue(clinic: clinic.slug, epoch: stored.epoch, publicKey: stored.publicKey, signingKey: next)
        }
        let admins = try await relay.store.staffMembers(clinic: clinic.slug).filter { $0.role == .admin && $0.status == .active }
        let seed = try next.seed()
        return IdentitySuccessionRequest(
            signingKey: next.publicKey,
            succession: try IdentitySuccession.issue(clinic: clinic.slug, from: clinic.signingKey, to: next, day: day),
            profile: try SignedProfile.sign(clinic.profile, with: next),
            inboxKeys: certificates,
            wrappedKeys: try admins.map { WrappedKey(staffID: $0.id, kind: .signing, epoch: 0, wrapped: try SealedBox.seal(seed, to: $0.boxKey)) })
    }

    /// The clinic's document as anyone fetches it.
    static func publicDocument(_ relay: Harness, _ slug: String) async throws -> ClinicDocument {
        let response = try await relay.send(.get, "/v1/clinics/\(slug)")
        try #require(response.status == .ok)
        return try response.decode(ClinicDocument.self)
    }

    @Test("After an admin is removed, a succession replaces the key, the certificates and the admins' signing keys")
    func successReplacesKeys() async throws {
        try await withRelay { relay in
            var clinic = try await relay.makeClinic()
            let leaver = try await relay.addActive("Bea", role: .admin, in: clinic)
            let stays = try await relay.addActive("Cecilia", role: .admin, in: clinic)
            let counsellor = try await relay.addActive("Kim", in: clinic)
            try await relay.remove(leaver, from: &clinic)
            let oldKey = clinic.signingKey
            let before = try await Self.publicDocument(relay, clinic.slug)
            #expect(before.successions.isEmpty)

            let next = try SigningKeyPair.generate()
            let body = try await Self.request(relay, for: clinic, next: next)
            let response = try await relay.staff(.post, "/v1/staff/identity", json: body, as: clinic.admin)
            #expect(response.status == .noContent, "\(response.text)")

            // What everyone is served now: the new key, the statement, nothing the old key vouches for.
            let document = try await Self.publicDocument(relay, clinic.slug)
            #expect(document.signingKey.bytes == next.publicKey)
            #expect(document.successions == [body.succession])
            #expect(document.inboxKeys.map(\.epoch) == [1, 2] && document.inboxKeys.map(\.publicKey) == before.inboxKeys.map(\.publicKey))
            for certificate in document.inboxKeys {
                #expect(throws: LuckaError.self) { try certificate.verify(signingPublicKey: oldKey.publicKey, clinic: clinic.slug) }
            }
            #expect(throws: LuckaError.self) { _ = try document.profile.verify(signingPublicKey: oldKey.publicKey, slug: clinic.slug) }
            #expect(try document.verified(pin: Fingerprint(publicKey: next.publicKey)).current.epoch == 2)
            let changed = try #require(luckaError { _ = try document.verified(pin: Fingerprint(publicKey: oldKey.publicKey)) })
            #expect(changed.code == .identityChanged)

            // Signing keys: the new seed for each active admin, nothing for the leaver or the counsellor.
            for admin in [clinic.admin, stays] {
                let signing = try await relay.store.wrappedKeys(staffID: admin.id).filter { $0.kind == .signing }
                #expect(signing.count == 1)
                let seed = try SealedBox.open(try #require(signing.first).wrapped.bytes, with: admin.box)
                #expect(try SigningKeyPair(seed: seed).publicKey == next.publicKey)
                #expect(try await relay.store.wrappedKeys(staffID: admin.id).contains { $0.kind == .inbox && $0.epoch == 2 })
            }
            #expect(try await relay.store.wrappedKeys(staffID: leaver.id).isEmpty)
            #expect(try await relay.store.wrappedKeys(staffID: counsellor.id).allSatisfy { $0.kind == .inbox })

            // The staff bundle carries the statement too, and the action is audited.
            let bundle = try await relay.staff(.get, "/v1/staff/keys", as: counsellor).decode(StaffKeyBundle.self)
            #expect(bundle.clinic.successions == [body.succession])
            let audit = try await relay.staff(.get, "/v1/staff/audit", as: clinic.admin).decode([AuditEntry].self)
            // Entries of one day come in no time order (random ids, property 12).
            #expect(audit.contains { $0.action == "identity-succession" && $0.staffID == clinic.admin.id })

            // Later work goes on under the new key: a rotation certified by the old one is refused.
            let stale = try await relay.newEpoch(for: clinic)
            #expect(try await relay.staff(.post, "/v1/staff/epochs", json: stale.1, as: clinic.admin).status == .badRequest)
        }
    }

    @Test("A second succession continues the chain from the first key")
    func twoSuccessions() async throws {
        try await withRelay { relay in
            var clinic = try await relay.makeClinic()
            let first = clinic.signingKey
            let second = try SigningKeyPair.generate()
            let third = try SigningKeyPair.generate()
            #expect(try await relay.staff(.post, "/v1/staff/identity", json: try await Self.request(relay, for: clinic, next: second), as: clinic.admin).status == .noContent)
            clinic = ClinicFixture(slug: clinic.slug, signingKey: second, profile: clinic.profile, inboxKeys: clinic.inboxKeys, epoch: clinic.epoch, admin: clinic.admin)
            // Starting from the replaced key again is refused.
            let replay = try await relay.staff(.post, "/v1/staff/identity", json: try await Self.request(relay, for: ClinicFixture(slug: clinic.slug, signingKey: first, profile: clinic.profile, inboxKeys: clinic.inboxKeys, epoch: clinic.epoch, admin: clinic.admin), next: third), as: clinic.admin)
            #expect(replay.status == .conflict && replay.errorCode == "stale_identity")
            #expect(try await relay.staff(.post, "/v1/staff/identity", json: try await Self.request(relay, for: clinic, next: third), as: clinic.admin).status == .noContent)
            let document = try await Self.publicDocument(relay, clinic.slug)
            #expect(document.successions.count == 2)
            let change = try #require(document.identityChange(from: Fingerprint(publicKey: first.publicKey)))
            #expect(change.steps.count == 2 && change.fingerprint == Fingerprint(publicKey: third.publicKey))
        }
    }

    @Test("Bad signatures, certificates that do not match the stored epochs and missing admin keys are refused")
    func refusals() async throws {
        try await withRelay { relay in
            var clinic = try await relay.makeClinic()
            let second = try await relay.addActive("Bea", role: .admin, in: clinic)
            let counsellor = try await relay.addActive("Kim", in: clinic)
            try await relay.rotate(&clinic)
            let next = try SigningKeyPair.generate()
            let good = try await Self.request(relay, for: clinic, next: next)
            let intruder = try SigningKeyPair.generate()
            let s = good.succession

            var badPrevious = good
            var flipped = s.previousSignature
            flipped[0] ^= 1
            badPrevious.succession = IdentitySuccession(clinic: s.clinic, previousKey: s.previousKey, nextKey: s.nextKey, day: s.day, previousSignature: flipped, nextSignature: s.nextSignature)
            var badNext = good
            badNext.succession = IdentitySuccession(
                clinic: s.clinic, previousKey: s.previousKey, nextKey: s.nextKey, day: s.day, previousSignature: s.previousSignature,
                nextSignature: try intruder.sign(Array("lucka/succession/v1".utf8)))
            var otherNewKey = good
            otherNewKey.signingKey = Base64Bytes(intruder.publicKey)
            var oldDay = good
            oldDay.succession = try IdentitySuccession.issue(clinic: clinic.slug, from: clinic.signingKey, to: next, day: "2020-01-01")
            var profileByOldKey = good
            profileByOldKey.profile = try SignedProfile.sign(clinic.profile, with: clinic.signingKey)
            var missingEpoch = good
            missingEpoch.inboxKeys.removeLast()
            var certificateByOldKey = good
            certificateByOldKey.inboxKeys[0] = try InboxCertificate.issue(clinic: clinic.slug, epoch: 1, publicKey: good.inboxKeys[0].publicKey, signingKey: clinic.signingKey)
            var substitutedInbox = good
            substitutedInbox.inboxKeys[1] = try InboxCertificate.issue(clinic: clinic.slug, epoch: 2, publicKey: try BoxKeyPair.generate().publicKey, signingKey: next)
            var extraEpoch = good
            extraEpoch.inboxKeys.append(try InboxCertificate.issue(clinic: clinic.slug, epoch: 3, publicKey: try BoxKeyPair.generate().publicKey, signingKey: next))
            var missingAdmin = good
            missingAdmin.wrappedKeys.removeAll { $0.staffID == second.id }
            var counsellorGetsKey = good
            counsellorGetsKey.wrappedKeys.append(WrappedKey(staffID: counsellor.id, kind: .signing, epoch: 0, wrapped: try SealedBox.seal(try next.seed(), to: counsellor.box.publicKey)))
            var inboxKind = good
            inboxKind.wrappedKeys[0].kind = .inbox

            for (name, body) in [
                ("previous signature", badPrevious), ("next signature", badNext), ("other new key", otherNewKey), ("old day", oldDay),
                ("profile by old key", profileByOldKey), ("missing epoch", missingEpoch), ("certificate by old key", certificateByOldKey),
                ("substituted inbox key", substitutedInbox), ("extra epoch", extraEpoch), ("missing admin", missingAdmin),
                ("counsellor gets the key", counsellorGetsKey), ("inbox kind", inboxKind),
            ] {
                let response = try await relay.staff(.post, "/v1/staff/identity", json: body, as: clinic.admin)
                #expect(response.status == .badRequest, "\(name): \(response.status) \(response.text)")
            }
            // Starting from a key that is not the clinic's.
            let foreign = try await Self.request(relay, for: ClinicFixture(slug: clinic.slug, signingKey: intruder, profile: clinic.profile, inboxKeys: clinic.inboxKeys, epoch: clinic.epoch, admin: clinic.admin), next: next)
            #expect(try await relay.staff(.post, "/v1/staff/identity", json: foreign, as: clinic.admin).status == .conflict)
            // Only admins; malformed bodies are 400.
            let byCounsellor = try await relay.staff(.post, "/v1/staff/identity", json: good, as: counsellor)
            #expect(byCounsellor.status == .forbidden && byCounsellor.errorCode == "admin_only")
            #expect(try await relay.staff(.post, "/v1/staff/identity", body: Array("{}".utf8), as: clinic.admin).status == .badRequest)
            #expect(try await relay.send(.post, "/v1/staff/identity", body: try json(good)).status == .unauthorized)

            // Nothing changed through any of that; the good request still works.
            #expect(try await relay.store.clinic(slug: clinic.slug)?.signingKey == clinic.signingKey.publicKey)
            #expect(try await relay.store.successions(clinic: clinic.slug).isEmpty)
            #expect(try await relay.staff(.post, "/v1/staff/identity", json: good, as: clinic.admin).status == .noContent)
        }
    }

    @Test("The store itself refuses a succession that does not fit what it holds")
    func storeChecksInsideTheTransaction() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let next = try SigningKeyPair.generate()
            let good = try await Self.request(relay, for: clinic, next: next)
            await #expect(throws: StoreError.self) {
                try await relay.store.replaceIdentity(
                    clinic: clinic.slug, succession: good.succession, profile: good.profile, inboxKeys: [], wrappedKeys: good.wrappedKeys, today: Day.today())
            }
            await #expect(throws: StoreError.self) {
                try await relay.store.replaceIdentity(
                    clinic: clinic.slug, succession: good.succession, profile: good.profile, inboxKeys: good.inboxKeys, wrappedKeys: [], today: Day.today())
            }
            #expect(try await relay.store.clinic(slug: clinic.slug)?.signingKey == clinic.signingKey.publicKey)
            try await relay.store.replaceIdentity(
                clinic: clinic.slug, succession: good.succession, profile: good.profile, inboxKeys: good.inboxKeys, wrappedKeys: good.wrappedKeys, today: Day.today())
            await #expect(throws: StoreError.self) {
                try await relay.store.replaceIdentity(
                    clinic: clinic.slug, succession: good.succession, profile: good.profile, inboxKeys: good.inboxKeys, wrappedKeys: good.wrappedKeys, today: Day.today())
            }
            #expect(try await relay.store.successions(clinic: clinic.slug) == [good.succession])
        }
    }
}

/// Runs `body` and returns the LuckaError it threw, or nil.
private func luckaError(_ body: () throws -> Void) -> LuckaError? {
    do {
        try body()
        return nil
    } catch let error as LuckaError {
        return error
    } catch {
        return nil
    }
}
