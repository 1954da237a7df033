import ArgumentParser

@main
struct LuckaStaff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lucka-staff",
        abstract: "Read and answer your clinic's anonymous conversations. Everything is decrypted on this computer only.",
        discussion: """
            First time:   lucka-staff keygen, then lucka-staff enroll --relay URL
            Every day:    lucka-staff inbox, lucka-staff read HANDLE, lucka-staff reply HANDLE
            Many at once: lucka-staff shell   (asks for your passphrase once)

            Decrypted messages are only shown, never saved, unless you use `export` on purpose.
            Your keys live in a file protected by your passphrase (--home, or LUCKA_STAFF_HOME).
            """,
        subcommands: [
            Keygen.self, Enroll.self, Fingerprint.self, Whoami.self,
            Inbox.self, Read.self, Reply.self, Status.self, Delete.self, Junk.self, Export.self,
            Shell.self, Staff.self, Clinic.self,
            Notices.self, Stats.self,
        ]
    )
}
