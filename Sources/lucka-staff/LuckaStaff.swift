import ArgumentParser

@main
struct LuckaStaff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lucka-staff",
        abstract: "Read and answer your clinic's anonymous conversations. Everything is decrypted on this computer only.",
        discussion: """
            First time:   lucka-staff keygen, then lucka-staff enroll --relay URL
            Every day:    lucka-staff watch, lucka-staff inbox, lucka-staff take 1, lucka-staff read 1, lucka-staff reply 1
                          (numbers are the rows of the last inbox listing; handles work too)
            Many at once: lucka-staff shell   (asks for your passphrase once)

            Decrypted messages are only shown, never saved, unless you use `export` on purpose.
            Your keys live in a file protected by your passphrase (--home, or LUCKA_STAFF_HOME).
            Language: --lang sv|en, or LUCKA_LANG, or the locale; Swedish by default.
            """,
        subcommands: [
            Keygen.self, Enroll.self, Fingerprint.self, Whoami.self,
            Inbox.self, Read.self, Reply.self, Take.self, Give.self, Release.self, Watch.self, Note.self, Template.self,
            Status.self, Delete.self, Junk.self, Export.self,
            Shell.self, Staff.self, Clinic.self, Audit.self,
        ]
    )
}
