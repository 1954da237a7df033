import LuckaCore

/// A clinic's own words in the page's language: the profile's translation where it has
/// one, else its Swedish, marked `lang="sv"` so a screen reader reads it as Swedish
/// (WCAG 3.1.2). The profile's base language is Swedish.
struct WebClinic {
    struct Text {
        let text: String
        /// "sv" when the text is Swedish on a page in another language; nil otherwise.
        let lang: String?
    }

    let name: Text
    let about: Text
    let phoneHours: Text
    let answerTime: Text
    /// The clinic's own words on confidentiality; nil when it has none.
    let confidentiality: Text?

    init(_ clinic: VerifiedClinic, _ language: WebLanguage) {
        let profile = clinic.profile
        let translated = language == .sv ? nil : profile.translations?[language.rawValue]
        func pick(_ base: String, _ other: String?) -> Text {
            if language == .sv { return Text(text: base, lang: nil) }
            if let other, !other.isEmpty { return Text(text: other, lang: nil) }
            return Text(text: base, lang: "sv")
        }
        name = pick(profile.name, translated?.name)
        about = pick(profile.about, translated?.about)
        phoneHours = pick(profile.phoneHours, translated?.phoneHours)
        answerTime = pick(profile.answerTime, translated?.answerTime)
        confidentiality = profile.confidentiality.map { pick($0, translated?.confidentiality) }
    }
}
