import LuckaCore
import LuckaRelay

/// A posted `application/x-www-form-urlencoded` body (`WebForm.parse`), then the fields the
/// writer pages read: the code (parsed as a code), the text, the channel, the language.
enum WebFormFuzz {
    static func run(_ data: [UInt8]) {
        guard let form = try? WebForm.parse(data) else { return }
        if var code = form.bytes("code") {
            _ = try? ConversationCode(parsing: code)
            wipe(&code)
        }
        for name in ["text", "channel", "lang"] {
            if let text = form.text(name) {
                FuzzCheck.expect(form.bytes(name) == Array(text.utf8), "field \(name) reads differently as text and bytes")
            }
        }
        _ = form.text("channel").flatMap(Channel.init(rawValue:))
    }
}
