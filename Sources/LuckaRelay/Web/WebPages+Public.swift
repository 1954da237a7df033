import Foundation
import Hummingbird
import LuckaText

/// The pages a Swedish public body must publish, from the operator's facts
/// (RelayConfiguration.publicFacts) and Lucka's own sentences (WebText).
extension WebPages {
    /// Om tjänsten och dina uppgifter: the privacy notice (GDPR art. 13).
    func privacyPage(_ language: Language) -> WebPage {
        let days = retention.placeholders
        let content = PrivacyPage(
            configured: facts.controller != nil,
            controller: facts.controller.map { WebText.format("privacyController", language, ["controller": $0]) },
            contact: facts.controllerContact.map { WebText.format("privacyContact", language, ["contact": $0]) },
            dpo: facts.dataProtectionOfficer.map { WebText.format("privacyDpo", language, ["dpo": $0]) },
            howLong: WebText.format("privacyHowLong", language, days))
        return WebPage(content, language, title: WebText.format("privacyTitle", language), switchPath: "/privacy")
    }

    /// Tillgänglighetsredogörelse: the accessibility statement (lagen (2018:1937)).
    func accessibilityPage(_ language: Language) -> WebPage {
        let controller = facts.controller ?? WebText.format("controllerDefault", language)
        let content = AccessibilityPage(
            lead: WebText.format("a11yLead", language, ["controller": controller]),
            status: WebText.format("a11yStatus.\(facts.accessibilityStatus?.rawValue ?? "unknown")", language),
            issues: facts.accessibilityKnownIssues ?? WebText.format("a11yNoIssues", language),
            // The operator writes known issues in Swedish; in English they are marked as Swedish.
            issuesLang: facts.accessibilityKnownIssues != nil && language != .sv ? "sv" : nil,
            report: facts.accessibilityContact.map { WebText.format("a11yReport", language, ["contact": $0]) },
            reviewed: facts.accessibilityReviewed.map { WebText.format("a11yReviewed", language, ["date": WebDates.day($0, language)]) })
        return WebPage(content, language, title: WebText.format("a11yTitle", language), switchPath: "/accessibility")
    }
}
