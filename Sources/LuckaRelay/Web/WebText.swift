import LuckaCore
import LuckaText

/// Every sentence the writer's pages show, from Texts/web/*.po (LuckaText's
/// `Catalogue.web`): Swedish, English and lätt svenska, each gap filled along the
/// language's chain, ending in Swedish.
///
/// Templates use them as `{{t.key}}`. Sentences that carry a value (a clinic's name, a
/// number) have `{name}` placeholders that `WebText.format` fills in *before* the template
/// escapes the whole sentence, so a value can never turn into markup.
enum WebText {
    /// Each language's whole table, made once: pages look sentences up by name.
    private static let tables: [Language: [String: String]] = Dictionary(
        uniqueKeysWithValues: (Language.shipped + [.pseudoRTL]).map { ($0, Catalogue.web.table($0)) })

    static var swedish: [String: String] { table(.sv) }
    static var english: [String: String] { table(.en) }

    static func table(_ language: Language) -> [String: String] { tables[language] ?? Catalogue.web.table(language) }

    /// The sentence `key` in `language` with its `{name}` placeholders filled in, in one
    /// pass (a value that itself contains `{…}` is left as it is).
    static func format(_ key: String, _ language: Language, _ values: [String: String] = [:]) -> String {
        Catalogue.fill(table(language)[key] ?? key, values)
    }

    /// The message limit as people count it: characters, roughly (the protocol counts
    /// UTF-8 bytes, so å, ä and ö take two).
    static func messageLimit(_ language: Language) -> String {
        format("messageLimit", language, ["thousands": String(Envelope.maximumTextLength / 1000)])
    }
}
