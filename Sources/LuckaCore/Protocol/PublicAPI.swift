/// What anyone may read: the clinics a relay hosts, each with its signing key, signed
/// profile and certified inbox keys. Clients verify all of it against the clinic's
/// published fingerprint.
public struct ClinicDocument: Codable, Hashable, Sendable {
    public var slug: String
    public var signingKey: Base64Bytes
    public var profile: SignedProfile
    /// Every inbox epoch, oldest first; the last is the one to write to.
    public var inboxKeys: [InboxCertificate]
    /// Every change of the clinic's signing key, oldest first; empty for a clinic that
    /// never changed it (and then left out of the JSON, so older clients see the same form).
    public var successions: [IdentitySuccession]

    enum CodingKeys: String, CodingKey { case slug, signingKey, profile, inboxKeys, successions }

    public init(slug: String, signingKey: [UInt8], profile: SignedProfile, inboxKeys: [InboxCertificate], successions: [IdentitySuccession] = []) {
        self.slug = slug
        self.signingKey = Base64Bytes(signingKey)
        self.profile = profile
        self.inboxKeys = inboxKeys
        self.successions = successions
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        slug = try c.decode(String.self, forKey: .slug)
        signingKey = try c.decode(Base64Bytes.self, forKey: .signingKey)
        profile = try c.decode(SignedProfile.self, forKey: .profile)
        inboxKeys = try c.decode([InboxCertificate].self, forKey: .inboxKeys)
        successions = try c.decodeIfPresent([IdentitySuccession].self, forKey: .successions) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(slug, forKey: .slug)
        try c.encode(signingKey, forKey: .signingKey)
        try c.encode(profile, forKey: .profile)
        try c.encode(inboxKeys, forKey: .inboxKeys)
        if !successions.isEmpty { try c.encode(successions, forKey: .successions) }
    }

    /// The current inbox key, after checking the fingerprint, the profile and every
    /// certificate. Throws `fingerprintMismatch`, `profileInvalid` or `certificateInvalid`;
    /// `identityChanged` when the key is not the pinned one but verified succession
    /// statements lead from the pinned key to it. That is never accepted silently: the
    /// person must confirm the new fingerprint with the clinic out of band, then pin it.
    /// A slug outside the relay's own rule (`ClinicProfile.isValidSlug`) is refused first:
    /// a hostile relay can sign any slug with a key of its own, and the slug is printed
    /// and put in URLs and commands.
    public func verified(pin: Fingerprint?) throws(LuckaError) -> VerifiedClinic {
        guard ClinicProfile.isValidSlug(slug) else {
            throw LuckaError(.profileInvalid, "the relay named a clinic with an invalid slug: do not trust this relay")
        }
        if let pin, Fingerprint(publicKey: signingKey.bytes) != pin {
            if let change = identityChange(from: pin) {
                throw LuckaError(
                    .identityChanged,
                    "the clinic changed its identity key on \(change.day); its new fingerprint is \(change.fingerprint). "
                        + "Confirm this new fingerprint with the clinic out of band (by phone, or on the clinic's own website) before you trust it")
            }
            try pin.verify(publicKey: signingKey.bytes)
        }
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

    /// The verified change from the key with fingerprint `pinned` to this document's key,
    /// or nil if the successions do not lead there (or the key is still the pinned one).
    public func identityChange(from pinned: Fingerprint) -> IdentityChange? {
        guard Fingerprint(publicKey: signingKey.bytes) != pinned,
              let steps = IdentitySuccession.chain(successions, from: pinned, to: signingKey.bytes, clinic: slug),
              let last = steps.last
        else { return nil }
        return IdentityChange(fingerprint: Fingerprint(publicKey: signingKey.bytes), day: last.day, steps: steps)
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
