import Foundation

/// Every word of the statistics report, Swedish and English side by side, so that a
/// translator sees both and a test can check that none is missing.
public enum ReportText {
    static let entries: [(key: String, sv: String, en: String)] = [
        ("title", "Kontakter i Lucka", "Contacts in Lucka"),
        ("period", "Period", "Period"),
        ("allClinics", "Alla mottagningar", "All clinics"),
        ("total", "Totalt", "Total"),
        ("month", "Månad", "Month"),
        ("channel", "Kanal", "Channel"),
        ("channel.self", "Om sig själv", "Self"),
        ("channel.relative", "Anhörig", "Relative"),
        ("channel.professional", "Yrkesverksam", "Professional"),
        ("newConversations", "Nya samtal", "New conversations"),
        ("writerMessages", "Meddelanden från skribenter", "Messages from writers"),
        ("clinicReplies", "Svar från mottagningen", "Replies from the clinic"),
        ("answered", "Besvarade samtal", "Conversations answered"),
        ("withinPromise", "Besvarade inom löftet", "Answered within the promise"),
        ("deletedByWriter", "Raderade av skribenten", "Deleted by the writer"),
        ("deletedByStaff", "Raderade av mottagningen", "Deleted by the clinic"),
        ("expired", "Gallrade (inaktiva)", "Expired (inactive)"),
        ("figures", "Alla siffror per månad och kanal", "All figures per month and channel"),
        ("answerTime", "Tid till första svar", "Time to first answer"),
        ("days", "Dagar", "Days"),
        ("count", "Antal", "Count"),
        ("share", "Andel", "Share"),
        ("promise", "Löfte: svar inom {days} dagar", "Promise: an answer within {days} days"),
        ("noPromise", "Mottagningens profil anger inget löfte i dagar.", "The clinic's profile gives no promise in days."),
        (
            "withinShare", "{share} av de besvarade samtalen fick svar inom löftet.",
            "{share} of the answered conversations were answered within the promise."
        ),
        ("contactsChart", "Nya samtal per månad och kanal", "New conversations per month and channel"),
        ("answerChart", "Dagar till första svar", "Days to the first answer"),
        ("nothing", "Inga kontakter under perioden.", "No contacts in this period."),
        (
            "countedSince", "Räknat sedan {month}. Samtal som raderades före dess kan inte räknas.",
            "Counted since {month}. Conversations deleted before then cannot be counted."
        ),
        (
            "about",
            "Siffrorna räknas när saker händer och finns kvar när samtalen raderas. Lucka sparar inget om enskilda samtal eller personer, och ingen tid finare än månaden.",
            "The figures are counted as things happen and remain when conversations are deleted. Lucka keeps nothing about single conversations or people, and no time finer than the month."
        ),
    ]

    /// The word for `key` in `language`; the key itself if it is missing (a test checks none is).
    public static func word(_ key: String, _ language: ReportLanguage, _ values: [String: String] = [:]) -> String {
        guard let entry = entries.first(where: { $0.key == key }) else { return key }
        var text = language == .sv ? entry.sv : entry.en
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    public static var keys: [String] { entries.map(\.key) }
}
