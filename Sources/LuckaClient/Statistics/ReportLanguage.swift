import Foundation

/// The language of the statistics report's words, chosen as every tool chooses
/// (UserLanguage): `--lang`, then LUCKA_LANG, then the locale, then Swedish.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case sv, en

    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> ReportLanguage
    {
        UserLanguage.resolve(flag: flag, environment: environment) == .en ? .en : .sv
    }
}
