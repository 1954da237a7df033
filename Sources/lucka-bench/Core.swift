import ArgumentParser
import Foundation
import LuckaCore

extension LuckaBench {
    struct Core: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Code derivation, envelope seal and open, request signing, keystore unlock.")

        @Option(help: "Rounds; the median round is reported.")
        var rounds = 7

        @Option(help: "Calls per round for the fast operations.")
        var iterations = 2000

        func run() throws {
            let code = ConversationCode.generate()
            let typed = code.grouped().lowercased()
            let writer = try WriterKeys(code: code).boxKeyPair
            let inbox = try BoxKeyPair.generate()
            let short = Envelope(author: .writer, text: String(repeating: "Hej! ", count: 60))
            let long = Envelope(author: .writer, text: String(repeating: "Hej! ", count: 6000))
            let sealedShort = try MessageBox.seal(short, from: writer.secretKey, to: inbox.publicKey)
            let sealedLong = try MessageBox.seal(long, from: writer.secretKey, to: inbox.publicKey)
            let staff = try SigningKeyPair.generate()
            let body = Array(String(repeating: "x", count: 1400).utf8)
            let signed = try SignedRequest.sign(method: "POST", path: "/v1/staff/threads/x/reply", body: body, with: staff)

            print("lucka-bench core: median of \(rounds) rounds × \(iterations) calls")
            printRow("code parse + derive (lookup token, box keys)", try medianMicroseconds(rounds: rounds, iterations: iterations) {
                _ = try WriterKeys(code: try ConversationCode(parsing: typed))
            })
            printRow("envelope seal (300 B text, 1 KiB bucket)", try medianMicroseconds(rounds: rounds, iterations: iterations) {
                _ = try MessageBox.seal(short, from: writer.secretKey, to: inbox.publicKey)
            })
            printRow("envelope open (1 KiB bucket)", try medianMicroseconds(rounds: rounds, iterations: iterations) {
                _ = try MessageBox.open(sealedShort, with: inbox.secretKey, from: writer.publicKey)
            })
            printRow("envelope seal (30 KB text, 32 KiB bucket)", try medianMicroseconds(rounds: rounds, iterations: iterations / 10) {
                _ = try MessageBox.seal(long, from: writer.secretKey, to: inbox.publicKey)
            })
            printRow("envelope open (32 KiB bucket)", try medianMicroseconds(rounds: rounds, iterations: iterations / 10) {
                _ = try MessageBox.open(sealedLong, with: inbox.secretKey, from: writer.publicKey)
            })
            printRow("staff request verify (1.4 KB body)", try medianMicroseconds(rounds: rounds, iterations: iterations) {
                try signed.verify(method: "POST", path: "/v1/staff/threads/x/reply", body: body)
            })
            let keystore = try StaffKeystore(keys: StaffKeys.generate()).sealed(passphrase: SecureBytes(copying: Array("benchmark passphrase".utf8)))
            printRow("keystore unlock (Argon2id MODERATE)", try medianMicroseconds(rounds: 3, iterations: 1) {
                _ = try StaffKeystore(sealed: keystore, passphrase: SecureBytes(copying: Array("benchmark passphrase".utf8)))
            })
        }
    }
}
