import LuckaCore

/// `ConversationCode(parsing:)`, bytes and String, as typed by a person (CLI, web form).
enum CodeFuzz {
    static func run(_ data: [UInt8]) {
        let fromBytes = try? ConversationCode(parsing: data)
        let fromString = try? ConversationCode(parsing: String(decoding: data, as: UTF8.self))
        if String(validating: data, as: UTF8.self) != nil {
            FuzzCheck.expect((fromBytes == nil) == (fromString == nil), "byte and String parsing disagree")
        }
        guard let code = fromBytes else { return }
        // What is shown once must read back as the same code.
        let shown = code.grouped()
        FuzzCheck.expect(code.groupedBytes() == Array(shown.utf8), "grouped() and groupedBytes() differ")
        FuzzCheck.expect((try? ConversationCode(parsing: shown))?.grouped() == shown, "a shown code does not parse back")
        FuzzCheck.expect(fromString?.grouped() == shown, "String parsing gave another code")
        _ = try? WriterKeys(code: code)
    }
}
