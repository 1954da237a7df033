import Foundation
import LuckaCore

/// The clinic profile document. Route 0: a `SignedProfile` in JSON, verified with the fixed
/// clinic key. Route 1: the bytes as the profile document itself, signed with the fixed key
/// so that `verify` gets past the signature and parses it; plus a plain `ClinicProfile`
/// decode. Route 2: a `ClinicList`, as clients read it from a relay, verified clinic by clinic.
enum ProfileFuzz {
    static func run(_ data: [UInt8]) {
        guard let (route, rest) = FuzzInput.route(data, count: 3) else { return }
        let key = FuzzKeys.clinicSigning.publicKey
        switch route {
        case 0:
            guard let signed = try? JSONDecoder().decode(SignedProfile.self, from: Data(rest)) else { return }
            _ = try? signed.verify(signingPublicKey: key, slug: FuzzKeys.clinic)
        case 1:
            let plain = try? JSONDecoder().decode(ClinicProfile.self, from: Data(rest))
            guard let signature = try? FuzzKeys.clinicSigning.sign(SignedProfile.domain + rest) else { return }
            let verified = try? SignedProfile(document: rest, signature: signature).verify(signingPublicKey: key, slug: FuzzKeys.clinic)
            if let plain, plain.version == ClinicProfile.currentVersion, plain.slug == FuzzKeys.clinic,
               rest.count <= SignedProfile.maximumDocumentLength {
                FuzzCheck.expect(verified == plain, "a well-signed readable profile fails to verify")
            }
        default:
            guard let list = try? JSONDecoder().decode(ClinicList.self, from: Data(rest)) else { return }
            for clinic in list.clinics {
                _ = try? clinic.verified(pin: nil)
                _ = try? clinic.verified(pin: Fingerprint(publicKey: key))
            }
        }
    }
}
