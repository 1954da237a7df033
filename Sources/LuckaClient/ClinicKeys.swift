import LuckaCore

/// The clinic's secrets as one staff member holds them, unwrapped in memory only.
public struct ClinicKeys: Sendable {
    public let clinic: VerifiedClinic
    /// Inbox key pairs by epoch: only the epochs wrapped for this member.
    public let inbox: [UInt32: BoxKeyPair]
    /// The clinic's signing key, for admins.
    public let signing: SigningKeyPair?

    /// The current epoch's key pair, which replies are sealed with.
    public func current() throws -> BoxKeyPair {
        guard let pair = inbox[clinic.current.epoch] else {
            throw ClientError(.local, "you do not hold the clinic's current inbox key (epoch \(clinic.current.epoch)); ask an admin")
        }
        return pair
    }

    /// Unwraps what the relay holds for this member and checks every secret against the
    /// clinic's signed certificates, so a relay that substitutes keys is caught.
    static func unwrap(_ bundle: StaffKeyBundle, staff: StaffKeys, pin: Fingerprint?) throws -> ClinicKeys {
        let clinic: VerifiedClinic
        do { clinic = try bundle.clinic.verified(pin: pin) } catch {
            throw ClientError.verification(error, document: bundle.clinic, pin: pin)
        }
        var inbox: [UInt32: BoxKeyPair] = [:]
        var signing: SigningKeyPair?
        for wrapped in bundle.wrappedKeys {
            do throws(LuckaError) {
                let secret = try SealedBox.open(wrapped.wrapped.bytes, with: staff.box)
                switch wrapped.kind {
                case .inbox:
                    let pair = try BoxKeyPair(secretKey: secret)
                    guard clinic.inboxKey(epoch: wrapped.epoch) == pair.publicKey else {
                        throw LuckaError(.certificateInvalid, "the inbox key of epoch \(wrapped.epoch) does not match the clinic's certificate")
                    }
                    inbox[wrapped.epoch] = pair
                case .signing:
                    let pair = try SigningKeyPair(seed: secret)
                    guard pair.publicKey == bundle.clinic.signingKey.bytes else {
                        throw LuckaError(.certificateInvalid, "the wrapped signing key is not the clinic's")
                    }
                    signing = pair
                }
            } catch {
                throw ClientError(.verification, "a clinic key from the relay failed verification: \(error.reason). Do not trust this relay; tell your admin.")
            }
        }
        return ClinicKeys(clinic: clinic, inbox: inbox, signing: signing)
    }
}
