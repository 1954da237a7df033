/// Which plural form a count takes: gettext's `Plural-Forms` families that Lucka knows.
/// A language whose rule is not here needs one case more (and the generator's mapping);
/// docs/TRANSLATING.md says how.
public enum PluralRule: String, Sendable, CaseIterable {
    /// `nplurals=2; plural=(n != 1);` Swedish, English, German, ...
    case oneOther = "n != 1"
    /// `nplurals=2; plural=(n > 1);` French, Brazilian Portuguese, ...
    case zeroOneOther = "n > 1"
    /// `nplurals=1; plural=0;` languages without plural forms.
    case single = "0"

    public var count: Int { self == .single ? 1 : 2 }

    /// The index of the form (msgstr[i]) for `n`.
    public func form(for n: Int) -> Int {
        switch self {
        case .oneOther: n != 1 ? 1 : 0
        case .zeroOneOther: n > 1 ? 1 : 0
        case .single: 0
        }
    }

    /// The rule of a `Plural-Forms` header, compared without spaces or outer parentheses.
    public init?(header: String) {
        let compact = header.filter { !$0.isWhitespace }.lowercased()
        guard let plural = compact.split(separator: ";").first(where: { $0.hasPrefix("plural=") })?.dropFirst("plural=".count)
        else { return nil }
        var expression = Substring(plural)
        while expression.hasPrefix("("), expression.hasSuffix(")") { expression = expression.dropFirst().dropLast() }
        guard let rule = Self.allCases.first(where: { $0.rawValue.filter { !$0.isWhitespace } == expression }) else { return nil }
        self = rule
    }
}
