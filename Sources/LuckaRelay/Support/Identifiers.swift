import LuckaCore

/// Random public identifiers: thread handles and staff ids. They are not derived from
/// anything, so they link to nothing.
enum Identifier {
    static func random(symbols: Int) -> String {
        String(decoding: (0..<symbols).map { _ in ConversationCode.alphabet[Int(Random.uniform(32))] }, as: UTF8.self)
    }

    /// A storage row id: 63 random bits, never zero. Random, not sequential, so that the
    /// order of rows says nothing about when they were written (DESIGN.md §3, property 12).
    static func rowID() -> Int64 {
        while true {
            let value = Random.bytes(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } & UInt64(Int64.max)
            if value != 0 { return Int64(value) }
        }
    }

    /// A thread handle staff use to refer to a thread: 12 symbols, 60 bits.
    static func threadHandle() -> String { random(symbols: 12).lowercased() }

    /// A staff member's id: "s-" and 10 symbols.
    static func staffID() -> String { "s-" + random(symbols: 10).lowercased() }

    /// An answer template's id: "t-" and 10 symbols.
    static func templateID() -> String { "t-" + random(symbols: 10).lowercased() }

    /// An enrolment token: 24 symbols (120 bits) in groups of six, shown once.
    static func enrolmentToken() -> String {
        let raw = random(symbols: 24)
        return stride(from: 0, to: 24, by: 6).map { start in
            let from = raw.index(raw.startIndex, offsetBy: start)
            return String(raw[from..<raw.index(from, offsetBy: 6)])
        }.joined(separator: "-")
    }

    /// What the relay stores for an enrolment token: BLAKE2b-256 of its normalised form.
    static func tokenHash(_ token: String) -> [UInt8] {
        let normalised = token.uppercased().filter { $0 != "-" && $0 != " " && !$0.isNewline }
        return Hash.blake2b(Array("lucka/enrolment/v1".utf8) + [0], Array(normalised.utf8))
    }
}
