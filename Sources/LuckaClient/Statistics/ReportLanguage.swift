import Foundation

/// The language of the tools' words: `--lang`, then LUCKA_LANG, then the locale, then Swedish.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case sv, en

    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> ReportLanguage
    {
        for candidate in [
            flag, environment["LUCKA_LANG"], environment["LC_ALL"], environment["LC_MESSAGES"], environment["LANG"],
        ] {
            guard let candidate, !candidate.isEmpty else { continue }
            let code = candidate.lowercased().prefix(2)
            if code == "en" { return .en }
            if code == "sv" { return .sv }
            // "C" or "POSIX" say nothing about a language: look further.
        }
        return .sv
    }
}
