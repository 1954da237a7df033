import Synchronization

/// A language Lucka speaks: its tag, its writing direction, and the language each missing
/// sentence is taken from instead. Swedish is the source language: every sentence exists
/// in it, and every chain ends there.
public struct Language: Hashable, Sendable, CustomStringConvertible {
    public let tag: LanguageTag
    public let direction: TextDirection
    /// Where a sentence missing in this language comes from (nil for Swedish).
    public let parentTag: LanguageTag?

    init(tag: LanguageTag, direction: TextDirection, parentTag: LanguageTag?) {
        self.tag = tag
        self.direction = direction
        self.parentTag = parentTag
    }

    public static let sv = Language(tag: LanguageTag(language: "sv"), direction: .ltr, parentTag: nil)
    public static let en = Language(tag: LanguageTag(language: "en"), direction: .ltr, parentTag: LanguageTag(language: "sv"))
    /// Lätt svenska (easy Swedish): short sentences and common words. A private-use tag,
    /// since BCP-47 registers no subtag for it; a missing sentence is taken from Swedish.
    public static let easySwedish = Language(
        tag: LanguageTag(language: "sv", privateUse: ["easy"]), direction: .ltr, parentTag: LanguageTag(language: "sv"))
    /// A right-to-left pseudo-language for tests only (Android's pseudo-locale tag): the
    /// English sentences in Arabic letters. It exists only once `enablePseudoLanguage()` ran.
    public static let pseudoRTL = Language(
        tag: LanguageTag(language: "ar", region: "XB"), direction: .rtl, parentTag: LanguageTag(language: "en"))

    /// The languages shipped, in the order the pages offer them.
    public static let shipped: [Language] = [.sv, .en, .easySwedish]

    /// The languages a person may choose now: the shipped ones, and the test language when enabled.
    public static var available: [Language] { pseudoEnabled.load(ordering: .relaxed) ? shipped + [.pseudoRTL] : shipped }

    private static let pseudoEnabled = Atomic(false)

    /// Lets `ar-XB` be chosen. Called by the relay's executable when LUCKA_PSEUDO_LANGUAGE=1
    /// (the browser test), and by tests; never in production.
    public static func enablePseudoLanguage() { pseudoEnabled.store(true, ordering: .relaxed) }

    /// The language a value names, if Lucka speaks it: "sv", "EN", "en_GB.UTF-8", "sv-x-easy".
    public init?(named value: String) {
        guard let tag = LanguageTag(value) else { return nil }
        for candidate in tag.lookupOrder {
            if let language = Self.available.first(where: { $0.tag == candidate }) {
                self = language
                return
            }
        }
        return nil
    }

    /// The tag as pages and flags spell it: "sv", "en", "sv-x-easy".
    public var rawValue: String { tag.description }
    public var description: String { rawValue }

    /// This language, then the languages its missing sentences come from, ending in Swedish.
    public var chain: [Language] {
        var result = [self]
        while let next = result.last?.parentTag, let language = (Self.shipped + [.pseudoRTL]).first(where: { $0.tag == next }),
            !result.contains(language)
        {
            result.append(language)
        }
        if !result.contains(.sv) { result.append(.sv) }
        return result
    }
}

/// The writing direction, as HTML's `dir` attribute spells it.
public enum TextDirection: String, Sendable {
    case ltr, rtl
}

extension Language: CaseIterable {
    /// The shipped languages (the test language is never among them).
    public static var allCases: [Language] { shipped }
}
