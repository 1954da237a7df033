import Foundation
import LuckaClient
import LuckaCore

/// A clinic on a live relay, created by the operator command and founded by an admin.
struct LiveClinic {
    let slug: String
    let admin: StaffSession
    let adminName = "Anna Admin"
    let fingerprint: Fingerprint

    static func profile(slug: String) -> ClinicProfile {
        ClinicProfile(
            slug: slug, name: "KAST Testköping", region: "Testlän", municipalities: ["Testköping"], phone: "036-10 74 74",
            phoneHours: "tisdagar och torsdagar 08:30–09:30", answerTime: "inom tre arbetsdagar",
            channels: Channel.allCases, languages: ["sv", "en"], about: "En klinik för tester.")
    }

    /// Runs `lucka-relay clinic create` against the relay's data folder and enrols the founder.
    static func found(on relay: RelayProcess, slug: String = "kast-test") async throws -> LiveClinic {
        let created = try run("lucka-relay", ["clinic", "create", slug, "--data-dir", relay.dataDirectory, "--json"])
        guard created.status == 0 else { throw RelayProcessError(message: "clinic create failed: \(created.error)") }
        let invitation = try JSONDecoder().decode(Invitation.self, from: Data(created.output.utf8))
        let keys = try StaffKeys.generate()
        let (_, fingerprint) = try await StaffSession.enrol(
            relay: relay.client, keys: keys, token: invitation.token, displayName: "Anna Admin", founding: profile(slug: slug))
        return LiveClinic(slug: slug, admin: StaffSession(relay: relay.client, keys: keys, pin: fingerprint), fingerprint: fingerprint!)
    }
}

/// Every file under `directory`, with its bytes.
func filesUnder(_ directory: String) -> [(path: String, bytes: [UInt8])] {
    guard let names = FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] else { return [] }
    return names.compactMap { name in
        let path = directory + "/" + name
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: path) else { return nil }
        return (path, Array(data))
    }
}

/// The needles found in `haystack`, by name.
func findings(in haystack: [UInt8], needles: [(name: String, bytes: [UInt8])]) -> [String] {
    needles.filter { !$0.bytes.isEmpty && haystack.firstRange(of: $0.bytes) != nil }.map(\.name)
}
