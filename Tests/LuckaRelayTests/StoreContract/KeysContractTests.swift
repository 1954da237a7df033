import Foundation
import LuckaCore
import Testing

@testable import LuckaRelay

/// Inbox epochs, removal, the clinic's profile and identity, background jobs.
@Suite("Store contract: keys and epochs")
struct KeysContractTests {
    typealias C = StoreContract

    @Test("A new epoch must follow the last, be certified by the clinic's key and reach every active member and nobody else")
    func epochRules() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let store = relay.store
            let (_, request) = try await relay.newEpoch(for: clinic)
            // Not the next number.
            let skipping = try InboxCertificate.issue(
                clinic: clinic.slug, epoch: clinic.epoch + 2, publicKey: try BoxKeyPair.generate().publicKey, signingKey: clinic.signingKey)
            #expect(await C.storeError { try await store.addEpoch(clinic: clinic.slug, inboxKey: skipping, wrappedKeys: request.wrappedKeys, today: C.today) } == .conflict)
            // Certified by another key.
            let forged = try InboxCertificate.issue(
                clinic: clinic.slug, epoch: clinic.epoch + 1, publicKey: try BoxKeyPair.generate().publicKey, signingKey: try SigningKeyPair.generate())
            #expect(await C.storeError { try await store.addEpoch(clinic: clinic.slug, inboxKey: forged, wrappedKeys: request.wrappedKeys, today: C.today) } == .conflict)
            // Missing a member, or carrying a key of another kind.
            #expect(await C.storeError { try await store.addEpoch(clinic: clinic.slug, inboxKey: request.inboxKey, wrappedKeys: [], today: C.today) } == .conflict)
            let extra = request.wrappedKeys + [WrappedKey(staffID: clinic.admin.id, kind: .signing, epoch: 0, wrapped: Random.bytes(80))]
            #expect(await C.storeError { try await store.addEpoch(clinic: clinic.slug, inboxKey: request.inboxKey, wrappedKeys: extra, today: C.today) } == .conflict)
            #expect(try await store.inboxKeys(clinic: clinic.slug).map(\.epoch) == [clinic.epoch])

            try await store.addEpoch(clinic: clinic.slug, inboxKey: request.inboxKey, wrappedKeys: request.wrappedKeys, today: C.today)
            #expect(try await store.inboxKeys(clinic: clinic.slug).map(\.epoch) == [clinic.epoch, clinic.epoch + 1])
            #expect(try await store.wrappedKeys(staffID: clinic.admin.id).contains { $0.kind == .inbox && $0.epoch == clinic.epoch + 1 })
        }
    }

    @Test("Removing a member starts an epoch without them and takes their wrapped keys; a second removal is notFound")
    func removal() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let counsellor = try await relay.addActive("Rådgivare", in: clinic)
            let store = relay.store
            let (_, request) = try await relay.newEpoch(for: clinic, excluding: counsellor.id)
            #expect(try await store.wrappedKeys(staffID: counsellor.id).isEmpty == false)
            try await store.remove(staffID: counsellor.id, clinic: clinic.slug, newEpoch: request.inboxKey, wrappedKeys: request.wrappedKeys, today: C.today)
            #expect(try await store.staff(id: counsellor.id)?.status == .removed)
            #expect(try await store.wrappedKeys(staffID: counsellor.id).isEmpty)
            #expect(try await store.inboxKeys(clinic: clinic.slug).last?.epoch == clinic.epoch + 1)
            #expect(try await store.staffMembers(clinic: clinic.slug).map(\.status).sorted { $0.rawValue < $1.rawValue } == [.active, .removed])
            #expect(await C.storeError {
                try await store.remove(staffID: counsellor.id, clinic: clinic.slug, newEpoch: request.inboxKey, wrappedKeys: request.wrappedKeys, today: C.today)
            } == .notFound)
        }
    }

    @Test("The profile is replaced for a clinic that exists; an identity changes only from the key stored now")
    func profileAndIdentity() async throws {
        try await withRelay { relay in
            let clinic = try await relay.makeClinic()
            let store = relay.store
            let profile = try SignedProfile.sign(sampleProfile(slug: clinic.slug, name: "Nytt namn"), with: clinic.signingKey)
            #expect(await C.storeError { try await store.updateProfile(clinic: "ingen", profile: profile) } == .notFound)
            try await store.updateProfile(clinic: clinic.slug, profile: profile)
            #expect(try await store.clinic(slug: clinic.slug)?.profile == profile)

            #expect(try await store.successions(clinic: clinic.slug).isEmpty)
            let stranger = try SigningKeyPair.generate()
            let succession = IdentitySuccession(
                clinic: clinic.slug, previousKey: stranger.publicKey, nextKey: try SigningKeyPair.generate().publicKey, day: C.today.description,
                previousSignature: Random.bytes(64), nextSignature: Random.bytes(64))
            #expect(await C.storeError {
                try await store.replaceIdentity(
                    clinic: clinic.slug, succession: succession, profile: profile, inboxKeys: try await store.inboxKeys(clinic: clinic.slug),
                    wrappedKeys: [], today: C.today)
            } == .conflict)
            #expect(try await store.clinic(slug: clinic.slug)?.signingKey == clinic.signingKey.publicKey)
            #expect(try await store.successions(clinic: clinic.slug).isEmpty)
        }
    }

    @Test("A background job runs when no other relay runs it")
    func exclusively() async throws {
        try await withRelay { relay in
            let answer = try await relay.store.exclusively(.sweep) { 42 }
            #expect(answer == 42)
        }
    }
}
