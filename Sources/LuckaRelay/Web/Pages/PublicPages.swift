/// Advice on using the service safely. Only sentences of the page's language.
struct SafetyPage: PageContent {
    static let template = "safety"
}

/// Om tjänsten och dina uppgifter: the privacy notice (GDPR art. 13).
struct PrivacyPage: PageContent {
    static let template = "privacy"

    /// The operator has named the controller; otherwise the page says it is not set up.
    let configured: Bool
    let controller: String?
    let contact: String?
    let dpo: String?
    let howLong: String
}

/// Tillgänglighetsredogörelse: the accessibility statement (lagen (2018:1937)).
struct AccessibilityPage: PageContent {
    static let template = "accessibility"

    let lead: String
    let status: String
    let issues: String
    /// The operator's words on known issues are Swedish: "sv" on a page in another language.
    let issuesLang: String?
    let report: String?
    let reviewed: String?
}
