import Foundation
import LuckaClient

/// The words `lucka-staff notices` and `lucka-staff stats` print, Swedish and English side
/// by side (the report's own words are in LuckaClient's ReportText). Language: --lang,
/// then LUCKA_LANG, then the locale, then Swedish.
enum StatsText {
    static let entries: [(key: String, sv: String, en: String)] = [
        (
            "noTargets", "Inga aviseringsmottagare. En admin lägger till dem med `lucka-staff notices set --target ADRESS`.",
            "No notice targets. An admin adds them with `lucka-staff notices set --target ADDRESS`."
        ),
        ("targets", "Aviseringar går till:", "Notices go to:"),
        (
            "interval", "Högst en avisering var {minutes}:e minut när någon har skrivit.",
            "At most one notice every {minutes} minutes when someone has written."
        ),
        (
            "daily", "En avisering om dagen kl. {hour}:00 när någon har skrivit.",
            "One notice a day at {hour}:00 when someone has written."
        ),
        (
            "content", "Aviseringen säger bara: mottagningens namn och \"Det finns nya meddelanden i Lucka\".",
            "The notice only says: the clinic's name and \"Det finns nya meddelanden i Lucka\" (there are new messages)."
        ),
        ("saved", "Aviseringsinställningarna är sparade.", "The notice settings are saved."),
        ("cleared", "Alla aviseringsmottagare är borttagna.", "All notice targets are removed."),
        ("delivered", "levererad", "delivered"),
        (
            "failed", "INTE levererad (relayns logg visar mottagarens nummer)",
            "NOT delivered (the relay's log names the target's number)"
        ),
        ("wrote", "Skrev {file}.", "Wrote {file}."),
        ("targetOrClear", "Ange --target, --interval, --daily eller --clear.", "Give --target, --interval, --daily or --clear."),
        (
            "dailyAndInterval", "Ange antingen --interval eller --daily, inte båda.",
            "Give either --interval or --daily, not both."
        ),
    ]

    static func word(_ key: String, _ language: ReportLanguage, _ values: [String: String] = [:]) -> String {
        guard let entry = entries.first(where: { $0.key == key }) else { return key }
        var text = language == .sv ? entry.sv : entry.en
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }
}
