import Foundation
import LuckaCore

extension StaffSession {
    /// Enrols a staff key with a one-time token. With `founding`, this is the clinic's first
    /// admin: the clinic's signing and inbox keys are generated here, and only public keys,
    /// certificates and secrets wrapped for this admin are uploaded.
    public static func enrol(
        relay: RelayClient, keys: StaffKeys, token: String, displayName: String, founding: ClinicProfile?
    ) async throws -> (member: StaffMember, clinicFingerprint: Fingerprint?) {
        var setup: ClinicSetup?
        var fingerprint: Fingerprint?
        if let profile = founding {
            do {
                let signing = try SigningKeyPair.generate()
                let inbox = try BoxKeyPair.generate()
                let certificate = try InboxCertificate.issue(clinic: profile.slug, epoch: 1, publicKey: inbox.publicKey, signingKey: signing)
                setup = ClinicSetup(
                    signingKey: signing.publicKey, profile: try SignedProfile.sign(profile, with: signing), inboxKey: certificate,
                    wrappedKeys: [
                        WrappedKey(staffID: "", kind: .signing, epoch: 0, wrapped: try SealedBox.seal(try signing.seed(), to: keys.box.publicKey)),
                        WrappedKey(staffID: "", kind: .inbox, epoch: 1, wrapped: try SealedBox.seal(inbox.secretKey, to: keys.box.publicKey)),
                    ])
                fingerprint = Fingerprint(publicKey: signing.publicKey)
            } catch {
                throw ClientError(.local, error.reason)
            }
        }
        let request = EnrolRequest(token: token, displayName: displayName, boxKey: keys.box.publicKey, setup: setup)
        let member = try await relay.staff("POST", "/v1/staff/enrol", body: request, key: keys.signing, as: StaffMember.self)
        return (member, fingerprint)
    }

    public func members() async throws -> [StaffMember] {
        try await relay.staff("GET", "/v1/staff/members", key: keys.signing, as: StaffList.self).members
    }

    public func invite(role: StaffRole) async throws -> Invitation {
        try await relay.staff("POST", "/v1/staff/invitations", body: InvitationRequest(role: role), key: keys.signing, as: Invitation.self)
    }

    /// Wraps every inbox key this admin holds (and, for a new admin, the signing key) for
    /// `member`. Compare `member`'s fingerprint with them out of band first.
    public func approve(_ member: StaffMember, with clinicKeys: ClinicKeys) async throws {
        var wrapped: [WrappedKey] = []
        do {
            for (epoch, pair) in clinicKeys.inbox.sorted(by: { $0.key < $1.key }) {
                wrapped.append(WrappedKey(staffID: member.id, kind: .inbox, epoch: epoch, wrapped: try SealedBox.seal(pair.secretKey, to: member.boxKey.bytes)))
            }
            if member.role == .admin {
                guard let signing = clinicKeys.signing else { throw ClientError(.local, "only an admin holding the clinic's signing key can approve an admin") }
                wrapped.append(WrappedKey(staffID: member.id, kind: .signing, epoch: 0, wrapped: try SealedBox.seal(try signing.seed(), to: member.boxKey.bytes)))
            }
        } catch let error as LuckaError {
            throw ClientError(.local, error.reason)
        }
        try await relay.staff("POST", "/v1/staff/members/\(try Self.checked(member.id))/approve", body: ApproveRequest(wrappedKeys: wrapped), key: keys.signing)
    }

    /// Revokes `memberID` and starts a new inbox epoch that only the remaining active
    /// members receive, so the removed member cannot read anything sent afterwards.
    public func remove(_ memberID: String, with clinicKeys: ClinicKeys) async throws {
        let remaining = try await members().filter { $0.status == .active && $0.id != memberID }
        let request = try newEpoch(for: remaining, with: clinicKeys)
        try await relay.staff("POST", "/v1/staff/members/\(try Self.checked(memberID))/remove", body: request, key: keys.signing)
    }

    /// Starts a new inbox epoch for every active member (scheduled rotation).
    public func rotate(with clinicKeys: ClinicKeys) async throws {
        let active = try await members().filter { $0.status == .active }
        try await relay.staff("POST", "/v1/staff/epochs", body: try newEpoch(for: active, with: clinicKeys), key: keys.signing)
    }

    /// Signs and uploads a new public profile.
    public func updateProfile(_ profile: ClinicProfile, with clinicKeys: ClinicKeys) async throws {
        guard let signing = clinicKeys.signing else { throw ClientError(.local, "only an admin can change the clinic's profile") }
        let signed: SignedProfile
        do { signed = try SignedProfile.sign(profile, with: signing) } catch { throw ClientError(.local, error.reason) }
        try await relay.staff("POST", "/v1/staff/profile", body: ProfileUpdate(profile: signed), key: keys.signing)
    }

    private func newEpoch(for members: [StaffMember], with clinicKeys: ClinicKeys) throws -> NewEpochRequest {
        guard let signing = clinicKeys.signing else { throw ClientError(.local, "only an admin holding the clinic's signing key can do this") }
        do {
            let epoch = clinicKeys.clinic.current.epoch + 1
            let inbox = try BoxKeyPair.generate()
            let certificate = try InboxCertificate.issue(clinic: clinicKeys.clinic.slug, epoch: epoch, publicKey: inbox.publicKey, signingKey: signing)
            let wrapped = try members.map { member in
                WrappedKey(staffID: member.id, kind: .inbox, epoch: epoch, wrapped: try SealedBox.seal(inbox.secretKey, to: member.boxKey.bytes))
            }
            return NewEpochRequest(inboxKey: certificate, wrappedKeys: wrapped)
        } catch let error as LuckaError {
            throw ClientError(.local, error.reason)
        }
    }
}
