/// The clinic's block on the clinic and writing pages (the templates' `clinic.…`), in the
/// page's language where the profile has it. Each `…Lang` is its text's language where
/// that is not the page's, so a screen reader reads it right (WCAG 3.1.2); nil otherwise.
struct ClinicValues: Sendable {
    let slug: String
    let name: String
    let nameLang: String?
    let about: String
    let aboutLang: String?
    let phone: String
    /// Digits (and a leading +) only, for the tel: link.
    let phoneDial: String
    let phoneHours: String
    let phoneHoursLang: String?
    let answerTime: String
    let answerTimeLang: String?
    let municipalities: String
    let beforeWho: String
    /// The clinic's own words on confidentiality, or Lucka's general ones.
    let confidentiality: String
    let confidentialityLang: String?
    let beforeKept: String
}

/// One channel in the write form's choice.
struct ChannelChoice: Sendable {
    let value: String
    let label: String
    let checked: Bool
}
