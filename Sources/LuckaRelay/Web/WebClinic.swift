import LuckaCore
import LuckaText

/// A clinic's own words in the page's language: the profile's translation where it has
/// one, else the nearest along the language's chain, ending in its Swedish; text in
/// another language than the page's is marked with its `lang` so a screen reader reads it
/// right (WCAG 3.1.2). The profile's base language is Swedish.
struct WebClinic {
    struct Text {
        let text: String
        /// The text's language when it differs from the page's ("sv" for Swedish on an
        /// English page); nil otherwise.
        let lang: String?
    }

    let name: Text
    let about: Text
    let phoneHours: Text
    let answerTime: Text
    /// The clinic's own words on confidentiality; nil when it has none.
    let confidentiality: Text?

    init(_ clinic: VerifiedClinic, _ language: Language) {
        let profile = clinic.profile
        func pick(_ base: String, _ translated: (ClinicProfile.Texts) -> String?) -> Text {
            for candidate in language.chain {
                let text = candidate == .sv ? base : profile.translations?[candidate.rawValue].flatMap(translated)
                guard let text, !text.isEmpty else { continue }
                // Easy Swedish pages read Swedish text as their own language.
                let same = candidate == language || (candidate == .sv && language.tag.language == "sv")
                return Text(text: text, lang: same ? nil : candidate.rawValue)
            }
            return Text(text: base, lang: language == .sv ? nil : "sv")
        }
        name = pick(profile.name) { $0.name }
        about = pick(profile.about) { $0.about }
        phoneHours = pick(profile.phoneHours) { $0.phoneHours }
        answerTime = pick(profile.answerTime) { $0.answerTime }
        confidentiality = profile.confidentiality.map { base in pick(base) { $0.confidentiality } }
    }
}
