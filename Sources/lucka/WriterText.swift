import Foundation
import LuckaClient
import LuckaText

/// Every sentence `lucka` shows a writer, from Texts/writer/*.po (LuckaText's
/// `Catalogue.writer`), so that a translator sees the Swedish source beside each
/// translation and a test can check that no key is missing.
///
/// Sentences that carry a value (a clinic's name, a date, a number) have `{name}`
/// placeholders that `format` fills in, in one pass. Values a relay or a clinic supplies
/// are made terminal-safe by the caller *before* they are inserted, exactly as without
/// the table; `fail` makes every error line terminal-safe once more as a whole.
///
/// The words match the writer's web pages (Texts/web): samtal, kod, mottagning,
/// behandlare. "Relay" is "servern" in Swedish: the writer need not know the word.
enum WriterText {
    /// The sentence `key` in `language` (or the first language of its chain that has it),
    /// in the plural form for `count`, with its `{name}` placeholders filled in one pass.
    static func format(_ key: String, _ language: Language, count: Int? = nil, _ values: [String: String] = [:]) -> String {
        Catalogue.writer.text(key, language, count: count, values)
    }
}

/// The writer's words in one language: `t(key, values)`, e.g. the title with `["clinic": name]`.
struct Words: Sendable {
    let language: Language

    func callAsFunction(_ key: String, _ values: [String: String] = [:]) -> String {
        WriterText.format(key, language, values)
    }

    /// The sentence in the plural form for `count`, with `{count}` and `values` filled in.
    func callAsFunction(_ key: String, count: Int, _ values: [String: String] = [:]) -> String {
        WriterText.format(key, language, count: count, values.merging(["count": String(count)]) { first, _ in first })
    }

    /// The writer's words for a relay's refusal (`apiError`), or nil to quote the relay.
    func relayAnswer(_ apiError: String) -> String? {
        switch apiError {
        case "daily_limit": self("relay.dailyLimit")
        case "clinic_full": self("relay.clinicFull")
        case "source_busy", "rate_limited": self("relay.sourceBusy")
        case "overloaded", "unavailable", "storage_full": self("relay.unavailable")
        default: nil
        }
    }

    /// The language as far as it is known before the arguments are parsed: for help texts
    /// (ArgumentParser builds them from static configuration) and for usage errors. It
    /// looks for `--lang` among the arguments itself, then asks the environment, exactly
    /// as `LanguageOptions` does once parsing is done, so both agree.
    static let startup = Words(
        language: Language.resolve(
            flag: Language.flag(in: Array(CommandLine.arguments.dropFirst())), environment: ProcessInfo.processInfo.environment))
}
