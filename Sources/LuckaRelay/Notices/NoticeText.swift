import LuckaText

/// The notices' words, from Texts/notice/*.po: Swedish first and English beneath, since a
/// notice goes to a clinic's shared address whose readers' language the relay does not
/// know. The body carries the clinic's name and nothing else that varies: not how many,
/// which channel, which thread, or when within the interval.
enum NoticeText {
    static func word(_ key: String, _ language: Language) -> String { Catalogue.notice.text(key, language) }

    static var subject: String { "Lucka: \(word("subject", .sv)) / \(word("subject", .en))" }
    static var testSubject: String { "Lucka: \(word("testSubject", .sv)) / \(word("testSubject", .en))" }
    static var footer: String { "\(word("footer", .sv)) / \(word("footer", .en))" }

    /// The notice for `clinicName`: the same bytes whether one message came or fifty.
    static func body(clinicName: String, test: Bool = false) -> String {
        let name = String(clinicName.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        if test { return "\(name)\n\n\(word("test", .sv))\n\(word("test", .en))\n" }
        return "\(name)\n\n\(word("news", .sv))\n\(word("news", .en))\n\n\(footer)\n"
    }
}
