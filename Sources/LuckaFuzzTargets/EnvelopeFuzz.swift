import LuckaCore

/// Opening a sealed message with fixed keys, and the envelope parsing inside it.
///
/// Route 0: `MessageBox.open` of the bytes as a ciphertext. Route 1: `Envelope(parsing:)`
/// of the bytes as a plaintext. Route 2: the bytes sealed as a plaintext, then opened, so
/// that padding and parsing run behind a valid MAC as they do for a hostile peer.
enum EnvelopeFuzz {
    static func run(_ data: [UInt8]) {
        guard let (route, rest) = FuzzInput.route(data, count: 3) else { return }
        switch route {
        case 0:
            _ = try? MessageBox.open(rest, with: FuzzKeys.clinicInbox.secretKey, from: FuzzKeys.writerBox.publicKey, expectedAuthor: .writer)
        case 1:
            if let envelope = try? Envelope(parsing: rest) { checkRoundTrip(envelope, rest) }
        default:
            var plaintext = rest
            guard let sealed = try? MessageBox.seal(plaintext: &plaintext, from: FuzzKeys.writerBox.secretKey, to: FuzzKeys.clinicInbox.publicKey)
            else { return }
            let opened = try? MessageBox.open(sealed, with: FuzzKeys.clinicInbox.secretKey, from: FuzzKeys.writerBox.publicKey)
            FuzzCheck.expect((opened == nil) == ((try? Envelope(parsing: rest)) == nil), "open and parse disagree")
        }
    }

    /// An envelope that parses serialises back to the same bytes.
    static func checkRoundTrip(_ envelope: Envelope, _ bytes: [UInt8]) {
        let again = try? envelope.serialised()
        FuzzCheck.expect(again == bytes, "a parsed envelope does not serialise back to its bytes")
    }
}
