import ArgumentParser

@main
struct Lucka: AsyncParsableCommand {
    // Computed, not stored: help texts are in the language known at start-up (see `Words.startup`).
    static var configuration: CommandConfiguration {
        let t = Words.startup
        return CommandConfiguration(
            commandName: "lucka",
            abstract: t("help.lucka.abstract"),
            discussion: t("help.lucka.discussion"),
            subcommands: [Clinics.self, Write.self, Read.self, Reply.self, Delete.self]
        )
    }
}
