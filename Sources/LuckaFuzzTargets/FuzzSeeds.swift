import Foundation
import LuckaCore

/// Real, valid inputs for every target, made with the fixed keys: the fuzzer's starting
/// points. `lucka-fuzz seeds` writes them into Tests/FuzzCorpus once; the sealed ones carry
/// random nonces, so running it again gives other (equally valid) bytes.
package enum FuzzSeeds {
    package static func all() throws -> [String: [(name: String, bytes: [UInt8])]] {
        [
            "code": try code(),
            "envelope": try envelope(),
            "api-body": try apiBodies(),
            "signed-request": try signedRequests(),
            "keystore": try keystore(),
            "profile": try profile(),
            "web-form": try webForms(),
        ]
    }

    static func code() throws -> [(name: String, bytes: [UInt8])] {
        let shown = ConversationCode.generate().grouped()
        var typo = Array(shown.utf8)
        typo[0] = typo[0] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        return [
            ("seed-grouped", Array(shown.utf8)),
            ("seed-typed-loosely", Array(" \(shown.lowercased().replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "0", with: "o"))\n".utf8)),
            ("seed-typo", typo),
            ("seed-short", Array(shown.prefix(14).utf8)),
        ]
    }

    static func envelopes() throws -> [Envelope] {
        let first = Envelope(author: .writer, sentAt: Date(timeIntervalSince1970: 1_767_225_600.123), text: "Hej. Jag vill prata om något som hänt hemma.")
        let reply = Envelope(
            author: .clinic, counsellorName: "Anna", sentAt: Date(timeIntervalSince1970: 1_767_312_000.5),
            text: "Hej! Tack för att du skriver.\nBerätta mer när du vill.", previous: [UInt8](repeating: 7, count: 32))
        return [first, reply]
    }

    static func envelope() throws -> [(name: String, bytes: [UInt8])] {
        let (first, reply) = (try envelopes()[0], try envelopes()[1])
        let sealed = try MessageBox.seal(first, from: FuzzKeys.writerBox.secretKey, to: FuzzKeys.clinicInbox.publicKey)
        return [
            ("seed-sealed-writer", route(0) + sealed),
            ("seed-plain-writer", route(1) + (try first.serialised())),
            ("seed-plain-clinic", route(1) + (try reply.serialised())),
            ("seed-resealed-clinic", route(2) + (try reply.serialised())),
        ]
    }

    static func signedProfile() throws -> SignedProfile {
        let profile = ClinicProfile(
            slug: FuzzKeys.clinic, name: "Fuzzkliniken", region: "Jönköpings län", municipalities: ["Jönköping", "Habo"],
            phone: "+46 36 12 34 56", phoneHours: "tisdagar 08:30–09:30", answerTime: "inom tre arbetsdagar",
            channels: [.self, .relative], languages: ["sv", "en"], about: "Vi svarar dig.")
        return try SignedProfile.sign(profile, with: FuzzKeys.clinicSigning)
    }

    static func certificate(epoch: UInt32) throws -> InboxCertificate {
        try InboxCertificate.issue(clinic: FuzzKeys.clinic, epoch: epoch, publicKey: FuzzKeys.clinicInbox.publicKey, signingKey: FuzzKeys.clinicSigning)
    }

    static func route(_ index: Int) -> [UInt8] { [FuzzInput.routeByte(index)] }

    static func json(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static func apiBodies() throws -> [(name: String, bytes: [UInt8])] {
        let writer = try WriterKeys(code: ConversationCode.generate())
        let token = writer.lookupToken.copyBytes()
        let sealed = try MessageBox.seal(try envelopes()[0], from: writer.boxKeyPair.secretKey, to: FuzzKeys.clinicInbox.publicKey)
        let wrapped = try SealedBox.seal(SecureBytes.random(count: 32), to: FuzzKeys.staffBox.publicKey)
        let wrappedKeys = [
            WrappedKey(staffID: "", kind: .signing, epoch: 0, wrapped: wrapped),
            WrappedKey(staffID: "", kind: .inbox, epoch: 1, wrapped: wrapped),
        ]
        let setup = ClinicSetup(
            signingKey: FuzzKeys.clinicSigning.publicKey, profile: try signedProfile(), inboxKey: try certificate(epoch: 1), wrappedKeys: wrappedKeys)
        let bodies: [(String, any Encodable)] = [
            ("create-thread", CreateThreadRequest(
                clinic: FuzzKeys.clinic, channel: .self, writerKey: writer.boxKeyPair.publicKey, lookupToken: token, epoch: 1, message: sealed)),
            ("thread-access", ThreadAccessRequest(lookupToken: token)),
            ("post-message", PostMessageRequest(lookupToken: token, writerKey: writer.boxKeyPair.publicKey, epoch: 1, message: sealed)),
            ("enrol", EnrolRequest(token: "enrol-token-from-the-operator", displayName: "Anna", boxKey: FuzzKeys.staffBox.publicKey, setup: setup)),
            ("invitation", InvitationRequest(role: .counsellor)),
            ("approve", ApproveRequest(wrappedKeys: [WrappedKey(staffID: "st_1", kind: .inbox, epoch: 1, wrapped: wrapped)])),
            ("new-epoch", NewEpochRequest(inboxKey: try certificate(epoch: 2), wrappedKeys: [WrappedKey(staffID: "st_1", kind: .inbox, epoch: 2, wrapped: wrapped)])),
            ("profile-update", ProfileUpdate(profile: try signedProfile())),
            ("reply", ReplyRequest(epoch: 1, message: sealed)),
            ("status", StatusRequest(status: .answered)),
        ]
        return try bodies.enumerated().map { index, body in
            ("seed-\(body.0)", [FuzzInput.routeByte(index)] + (try json(body.1)))
        }
    }

    static func signedRequests() throws -> [(name: String, bytes: [UInt8])] {
        let requests: [(String, String, String, String)] = [
            ("seed-reply", "POST", "/v1/staff/threads/th_abc/messages", #"{"epoch":1,"message":"AAAA"}"#),
            ("seed-inbox", "GET", "/v1/staff/inbox?status=new&limit=50", ""),
        ]
        return try requests.map { name, method, path, body in
            let signed = try SignedRequest.sign(
                method: method, path: path, body: Array(body.utf8), with: FuzzKeys.staffSigning,
                now: Date(timeIntervalSince1970: TimeInterval(FuzzKeys.signedAt)))
            let lines = signed.headers.map(\.1) + [method, path, body]
            return (name, Array(lines.joined(separator: "\n").utf8))
        }
    }

    static func keystore() throws -> [(name: String, bytes: [UInt8])] {
        let keys = StaffKeys(signing: FuzzKeys.staffSigning, box: FuzzKeys.staffBox)
        let settings = StaffSettings(
            relayURL: "https://lucka.example", clinic: FuzzKeys.clinic,
            clinicFingerprint: Fingerprint(publicKey: FuzzKeys.clinicSigning.publicKey).description, displayName: "Anna", staffID: "st_1")
        let passphrase = SecureBytes(copying: Array(FuzzKeys.passphrase.utf8))
        let file = try StaffKeystore(keys: keys, settings: settings).sealed(passphrase: passphrase, limits: .moderate)
        let contents = (try keys.signing.seed().copyBytes()) + keys.box.secretKey.copyBytes() + (try json(settings))
        return [("seed-file", route(0) + file), ("seed-contents", route(1) + contents)]
    }

    static func profile() throws -> [(name: String, bytes: [UInt8])] {
        let signed = try signedProfile()
        let clinic = ClinicDocument(
            slug: FuzzKeys.clinic, signingKey: FuzzKeys.clinicSigning.publicKey, profile: signed,
            inboxKeys: [try certificate(epoch: 1), try certificate(epoch: 2)])
        return [
            ("seed-signed", route(0) + (try json(signed))),
            ("seed-document", route(1) + signed.document),
            ("seed-clinic-list", route(2) + (try json(ClinicList(clinics: [clinic])))),
        ]
    }

    static func webForms() throws -> [(name: String, bytes: [UInt8])] {
        let code = ConversationCode.generate().grouped()
        return [
            ("seed-write", Array("lang=sv&channel=self&text=Hej%2C+jag+vill+prata+om+n%C3%A5got.%0D%0ATack.".utf8)),
            ("seed-open", Array("lang=en&code=\(code)".utf8)),
            ("seed-reply", Array("code=\(code.lowercased())&text=Tack+f%C3%B6r+svaret%21&lang=sv".utf8)),
        ]
    }
}
