import Foundation
import LuckaCore

/// The staff request signature headers: `SignedRequest(header:)`, then `verify`.
///
/// Input: newline-separated Lucka-Key, Lucka-Timestamp, Lucka-Nonce, Lucka-Signature,
/// method, path, body (the body keeps any further newlines). A missing line is a missing
/// header. Then the same method, path and body are signed with the fixed staff key and
/// must verify after a trip through the headers.
enum SignedRequestFuzz {
    static func run(_ data: [UInt8]) {
        let lines = FuzzInput.lines(data, count: 7).map { String(decoding: $0, as: UTF8.self) }
        func line(_ index: Int) -> String? { index < lines.count ? lines[index] : nil }
        let names = [SignedRequest.keyHeader, SignedRequest.timestampHeader, SignedRequest.nonceHeader, SignedRequest.signatureHeader]
        let method = line(4) ?? "GET"
        let path = line(5) ?? "/"
        let body = Array((line(6) ?? "").utf8)

        if let request = try? SignedRequest(header: { name in names.firstIndex(of: name).flatMap(line) }) {
            // At its own time (so the signature is checked) and at a fixed time (the skew check).
            _ = try? request.verify(method: method, path: path, body: body, now: Date(timeIntervalSince1970: TimeInterval(request.timestamp)))
            _ = try? request.verify(method: method, path: path, body: body, now: Date(timeIntervalSince1970: TimeInterval(FuzzKeys.signedAt)))
        }

        let now = Date(timeIntervalSince1970: TimeInterval(FuzzKeys.signedAt))
        guard let signed = try? SignedRequest.sign(method: method, path: path, body: body, with: FuzzKeys.staffSigning, now: now) else {
            FuzzCheck.expect(false, "signing failed")
            return
        }
        let headers = Dictionary(uniqueKeysWithValues: signed.headers)
        let received = try? SignedRequest(header: { headers[$0] })
        FuzzCheck.expect(received == signed, "signed headers do not parse back")
        FuzzCheck.expect((try? received?.verify(method: method, path: path, body: body, now: now)) != nil, "a fresh signature does not verify")
    }
}
