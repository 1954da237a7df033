/// The notices' words, Swedish first and English beneath, in one place. The body carries
/// the clinic's name and nothing else that varies: not how many, which channel, which
/// thread, or when within the interval.
enum NoticeText {
    static let subject = "Lucka: nya meddelanden / new messages"
    static let testSubject = "Lucka: testavisering / test notice"
    static let news = "Det finns nya meddelanden i Lucka."
    static let newsEnglish = "There are new messages in Lucka."
    static let test = "Det här är en testavisering från Lucka. Aviseringarna fungerar."
    static let testEnglish = "This is a test notice from Lucka. Notices work."
    static let footer = "Öppna lucka-staff för att läsa dem. / Open lucka-staff to read them."

    /// The notice for `clinicName`: the same bytes whether one message came or fifty.
    static func body(clinicName: String, test: Bool = false) -> String {
        let name = String(clinicName.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        if test { return "\(name)\n\n\(Self.test)\n\(testEnglish)\n" }
        return "\(name)\n\n\(news)\n\(newsEnglish)\n\n\(footer)\n"
    }
}
