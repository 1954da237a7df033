/// A BCP-47 language tag, as far as Lucka needs one: a language, and optionally a script,
/// a region and private-use subtags (`sv`, `en-GB`, `sv-x-easy`, `ar-XB`). Parsed case-
/// insensitively, also from POSIX locale values (`sv_SE.UTF-8`, `en_GB@euro`); `C` and
/// `POSIX` name no language. Variants and extensions are accepted and ignored.
public struct LanguageTag: Hashable, Sendable, CustomStringConvertible {
    /// Lower case: `sv`.
    public let language: String
    /// Title case: `Latn`.
    public let script: String?
    /// Upper case: `SE`, or three digits.
    public let region: String?
    /// Lower case, without the `x`: `["easy"]`.
    public let privateUse: [String]

    public init(language: String, script: String? = nil, region: String? = nil, privateUse: [String] = []) {
        self.language = language
        self.script = script
        self.region = region
        self.privateUse = privateUse
    }

    public init?(_ text: String) {
        // POSIX: language[_territory][.codeset][@modifier]; the codeset and modifier say nothing about words.
        var value = Substring(text)
        if let cut = value.firstIndex(where: { $0 == "." || $0 == "@" }) { value = value[..<cut] }
        let subtags = value.split(separator: "-", omittingEmptySubsequences: false).flatMap {
            $0.split(separator: "_", omittingEmptySubsequences: false)
        }
        guard let first = subtags.first, Self.isLetters(first, 2...3) else { return nil }
        var language = first.lowercased()
        var script: String?
        var region: String?
        var privateUse: [String] = []
        var rest = subtags.dropFirst()
        // Only a language is allowed before its script, region, variants and private use.
        if let next = rest.first, Self.isLetters(next, 4...4) {
            script = next.prefix(1).uppercased() + next.dropFirst().lowercased()
            rest = rest.dropFirst()
        }
        if let next = rest.first,
            Self.isLetters(next, 2...2) || (next.count == 3 && next.allSatisfy(\.isASCII) && next.allSatisfy(\.isNumber))
        {
            region = next.uppercased()
            rest = rest.dropFirst()
        }
        while let next = rest.popFirst() {
            guard !next.isEmpty, next.count <= 8, next.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                return nil
            }
            if next.lowercased() == "x" {
                privateUse = rest.map { $0.lowercased() }
                guard !privateUse.isEmpty else { return nil }
                break
            }
        }
        language = language.lowercased()
        self.init(language: language, script: script, region: region, privateUse: privateUse)
    }

    /// The canonical spelling: `sv-x-easy`, `en-GB`.
    public var description: String {
        ([language] + [script, region].compactMap { $0 } + (privateUse.isEmpty ? [] : ["x"] + privateUse)).joined(separator: "-")
    }

    /// The tags to try for this one, most specific first (RFC 4647 lookup): `sv-SE-x-easy`
    /// tries `sv-SE-x-easy`, `sv-x-easy`, `sv-SE`, `sv`.
    var lookupOrder: [LanguageTag] {
        var order: [LanguageTag] = [self]
        if !privateUse.isEmpty { order.append(LanguageTag(language: language, privateUse: privateUse)) }
        if script != nil || region != nil { order.append(LanguageTag(language: language, script: script, region: region)) }
        if script != nil && region != nil { order.append(LanguageTag(language: language, region: region)) }
        order.append(LanguageTag(language: language))
        var seen: Set<LanguageTag> = []
        return order.filter { seen.insert($0).inserted }
    }

    private static func isLetters(_ text: Substring, _ lengths: ClosedRange<Int>) -> Bool {
        lengths.contains(text.count) && text.allSatisfy { $0.isASCII && $0.isLetter }
    }
}
