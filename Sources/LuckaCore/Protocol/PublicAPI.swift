/// What anyone may read: the clinics a relay hosts, each with its signing key, signed
/// profile and certified inbox keys. Clients verify all of it against the clinic's
/// published fingerprint.
public struct ClinicDocument: Codable, Hashable, Sendable {
    public var slug: String
    public var signingKey: Base64Bytes
    public var profile: SignedProfile
    /// Every inbox epoch, oldest first; the last is the one to write to.
    public var inboxKeys: [InboxCertificate]

    public init(slug: String, signingKey: [UInt8], profile: SignedProfile, inboxKeys: [InboxCertificate]) {
        self.slug = slug
        self.signingKey = Base64Bytes(signingKey)
        self.profile = profile
        self.inboxKeys = inboxKeys
    }

    /// The current inbox key, after checking the fingerprint, the profile and every
    /// certificate. Throws `fingerprintMismatch`, `profileInvalid` or `certificateInvalid`.
    public func verified(pin: Fingerprint?) throws(LuckaError) -> VerifiedClinic {
        if let pin { try pin.verify(publicKey: signingKey.bytes) }
        let profile = try profile.verify(signingPublicKey: signingKey.bytes, slug: slug)
        for certificate in inboxKeys {
            try certificate.verify(signingPublicKey: signingKey.bytes, clinic: slug)
        }
        let epochs = inboxKeys.map(\.epoch)
        guard let current = inboxKeys.last, epochs == epochs.sorted(), Set(epochs).count == epochs.count else {
            throw LuckaError(.certificateInvalid, "the clinic has no valid inbox key")
        }
        return VerifiedClinic(slug: slug, fingerprint: Fingerprint(publicKey: signingKey.bytes), profile: profile, inboxKeys: inboxKeys, current: current)
    }
}

/// A clinic whose keys and profile have been checked against its signing key.
public struct VerifiedClinic: Sendable {
    public let slug: String
    public let fingerprint: Fingerprint
    public let profile: ClinicProfile
    public let inboxKeys: [InboxCertificate]
    public let current: InboxCertificate

    public func inboxKey(epoch: UInt32) -> [UInt8]? { inboxKeys.first { $0.epoch == epoch }?.publicKey }
}

public struct ClinicList: Codable, Sendable {
    public var clinics: [ClinicDocument]
    public init(clinics: [ClinicDocument]) { self.clinics = clinics }
}

/// Every error the API returns: a stable machine-readable `error` and a human `message`.
public struct APIErrorBody: Codable, Sendable {
    public var error: String
    public var message: String
    public init(error: String, message: String) {
        self.error = error
        self.message = message
    }
}
