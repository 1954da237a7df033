import Foundation
import LuckaCore

extension StaffSession {
    /// The clinic's public document as the relay serves it to this member, unverified:
    /// for checking an identity change against the pinned fingerprint.
    public func clinicDocument() async throws -> ClinicDocument {
        try await relay.staff("GET", "/v1/staff/keys", key: keys.signing, as: StaffKeyBundle.self).clinic
    }

    /// Gives the clinic a new identity (signing) key, made on this machine: the succession
    /// statement signed by the old and the new key, the profile and every inbox
    /// certificate signed again by the new key, and the new seed sealed to every active
    /// admin. Returns the new key's fingerprint, which the clinic must publish and which
    /// every colleague must confirm by phone before trusting it.
    public func newIdentity(with clinicKeys: ClinicKeys, today: Date = Date()) async throws -> IdentityChange {
        guard let previous = clinicKeys.signing else {
            throw ClientError(.local, "only an admin holding the clinic's signing key can give the clinic a new identity")
        }
        let admins = try await members().filter { $0.role == .admin && $0.status == .active }
        let request: IdentitySuccessionRequest
        let succession: IdentitySuccession
        do {
            let next = try SigningKeyPair.generate()
            let slug = clinicKeys.clinic.slug
            succession = try IdentitySuccession.issue(clinic: slug, from: previous, to: next, day: Self.utcDay(today))
            let certificates = try clinicKeys.clinic.inboxKeys.map { certificate in
                try InboxCertificate.issue(
                    clinic: slug, epoch: certificate.epoch, publicKey: certificate.publicKey, signingKey: next)
            }
            let seed = try next.seed()
            let wrapped = try admins.map { admin in
                WrappedKey(staffID: admin.id, kind: .signing, epoch: 0, wrapped: try SealedBox.seal(seed, to: admin.boxKey.bytes))
            }
            request = IdentitySuccessionRequest(
                signingKey: next.publicKey, succession: succession,
                profile: try SignedProfile.sign(clinicKeys.clinic.profile, with: next),
                inboxKeys: certificates, wrappedKeys: wrapped)
        } catch let error as LuckaError {
            throw ClientError(.local, error.reason)
        }
        try await relay.staff("POST", "/v1/staff/identity", body: request, key: keys.signing)
        return IdentityChange(fingerprint: succession.nextFingerprint, day: succession.day, steps: [succession])
    }

    /// Checks that the clinic's current key follows from `pin` through verified succession
    /// statements and has the fingerprint `confirmed` (read out by an admin by phone).
    /// Returns the change; the caller then pins `confirmed`.
    public func confirmIdentityChange(from pin: Fingerprint, to confirmed: Fingerprint) async throws -> IdentityChange {
        let document = try await clinicDocument()
        let current = Fingerprint(publicKey: document.signingKey.bytes)
        if current == pin {
            throw ClientError(.local, "the clinic's identity key has not changed: it is still the one you trust (\(pin))")
        }
        guard let change = document.identityChange(from: pin) else {
            throw ClientError(
                .verification,
                "the relay shows a clinic key that does not follow from the one you trust: do not trust this relay; tell your admin"
            )
        }
        guard change.fingerprint == confirmed else {
            throw ClientError(
                .verification,
                "the fingerprint you typed is not the clinic's new key (\(change.fingerprint), changed on \(change.day)). Call your admin again and compare every digit"
            )
        }
        do { _ = try document.verified(pin: confirmed) } catch { throw ClientError.verification(error) }
        return change
    }

    static func utcDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}
