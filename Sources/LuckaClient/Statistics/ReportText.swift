public import LuckaText

/// Every word of the statistics report, from Texts/report/*.po (LuckaText's `Catalogue.report`).
public enum ReportText {
    /// The word for `key` in `language` with its `{name}` placeholders filled in; the key
    /// itself if it is missing (a test checks none is).
    public static func word(_ key: String, _ language: Language, _ values: [String: String] = [:]) -> String {
        Catalogue.report.text(key, language, values)
    }

    public static var keys: [String] { Catalogue.report.keys }
}
