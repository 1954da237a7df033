import Foundation
import LuckaCore

/// One opened message as both command-line tools print it with `--json`.
public struct OpenedMessageJSON: Encodable, Sendable {
    public var seq: Int
    public var author: String
    public var counsellorName: String?
    /// The exact send time from inside the envelope (ISO 8601), if it opened.
    public var sentAt: String?
    /// The day the relay stored it.
    public var date: String
    public var text: String?
    public var verified: Bool
    public var problem: String?

    public init(_ message: OpenedMessage) {
        seq = message.seq
        author = message.author.name
        counsellorName = message.envelope?.counsellorName
        sentAt = message.envelope.map { ISO8601DateFormatter().string(from: $0.sentAt) }
        date = message.date
        text = message.envelope?.text
        verified = message.envelope != nil
        problem = message.failure
    }
}

/// Prints `value` as the tools' `--json` output: indented, keys sorted, and with DEL, C1
/// and bidi controls written as `\uXXXX` escapes (the same JSON value, safe on a terminal).
public func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(TerminalSafe.json(String(decoding: try encoder.encode(value), as: UTF8.self)))
}
