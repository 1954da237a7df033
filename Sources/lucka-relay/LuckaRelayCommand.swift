import ArgumentParser

@main
struct LuckaRelayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lucka-relay",
        abstract: "The Lucka relay: stores sealed messages between writers and clinics, and nothing that identifies anyone.",
        discussion: """
            With no configuration it serves on 127.0.0.1:8080 from ./lucka-data (SQLite).
            With --database postgres://… (or LUCKA_DATABASE_URL) it keeps everything in PostgreSQL instead.
            Settings come from flags, then LUCKA_* environment variables, then a config file (--config).
            """,
        subcommands: [Serve.self, Init.self, Clinic.self, Sweep.self, Backup.self, Restore.self, Check.self, Stats.self, MigrateTo.self],
        defaultSubcommand: nil
    )
}
