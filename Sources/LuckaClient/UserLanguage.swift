/// The language a command-line tool speaks to the person using it.
///
/// Both command-line tools choose it the same way, from the most to the least explicit:
/// `--lang`, then the `LUCKA_LANG` environment variable, then the locale (`LC_ALL`, then
/// `LC_MESSAGES`, then `LANG`, the first one set deciding, as POSIX has it), then Swedish.
/// Only the words change with it: JSON output, exit codes and behaviour never do.
public enum UserLanguage: String, CaseIterable, Sendable {
    case sv
    case en

    /// The language for `flag` (the value of `--lang`, if given) and `environment`
    /// (the process's environment; passed in, so library code never reads it itself).
    public static func resolve(flag: String?, environment: [String: String]) -> UserLanguage {
        if let flag, let language = named(flag) { return language }
        if let chosen = environment["LUCKA_LANG"], let language = named(chosen) { return language }
        // The first locale variable that is set decides; one that names neither language
        // (C, POSIX, de_DE.UTF-8, ...) means the default.
        for variable in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[variable], !value.isEmpty else { continue }
            return named(value) ?? .sv
        }
        return .sv
    }

    /// "sv", "sv_SE.UTF-8", "EN", "en_GB" ...: the language a value starts with, if it is one of ours.
    static func named(_ value: String) -> UserLanguage? {
        let lowered = value.lowercased()
        if lowered.hasPrefix("sv") { return .sv }
        if lowered.hasPrefix("en") { return .en }
        return nil
    }
}
