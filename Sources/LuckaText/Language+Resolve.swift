extension Language {
    /// The language a command-line tool speaks, the same for lucka, lucka-staff and the
    /// reports, from the most to the least explicit:
    ///
    /// 1. `flag`, the value of `--lang` (the last one given, as ArgumentParser reads it);
    /// 2. the `LUCKA_LANG` environment variable;
    /// 3. the locale: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set decides, as
    ///    POSIX has it; if it names a language Lucka does not speak (`de_DE.UTF-8`, `C`),
    ///    the answer is Swedish, as for every program with no German catalogue;
    /// 4. Swedish.
    ///
    /// A flag or LUCKA_LANG that names no language Lucka speaks (`de`, `english`) is passed
    /// over, so the next source decides. `environment` is passed in, so library code never
    /// reads the environment itself. Only words change with the language: JSON output,
    /// exit codes and behaviour never do.
    public static func resolve(flag: String?, environment: [String: String]) -> Language {
        if let flag, let language = Language(named: flag) { return language }
        if let chosen = environment["LUCKA_LANG"], let language = Language(named: chosen) { return language }
        for variable in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[variable], !value.isEmpty else { continue }
            return Language(named: value) ?? .sv
        }
        return .sv
    }

    /// The value of the last `--lang X` or `--lang=X` in `arguments` (before a `--`): the
    /// one ArgumentParser keeps, for code that must know the language before parsing (help
    /// texts, usage errors).
    public static func flag(in arguments: [String]) -> String? {
        var found: String?
        var rest = arguments[...]
        while let argument = rest.popFirst(), argument != "--" {
            if argument == "--lang", let value = rest.first {
                found = value
                rest = rest.dropFirst()
            } else if argument.hasPrefix("--lang=") {
                found = String(argument.dropFirst("--lang=".count))
            }
        }
        return found
    }
}
