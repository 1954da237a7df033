import ArgumentParser

@main
struct LuckaStaff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lucka-staff",
        abstract: T(.rootAbstract),
        discussion: T(.rootDiscussion),
        subcommands: [
            Keygen.self, Enroll.self, Fingerprint.self, Whoami.self,
            Inbox.self, Read.self, Reply.self, Take.self, Give.self, Release.self, Watch.self, Note.self, Template.self,
            Status.self, Delete.self, Junk.self, Export.self,
            Shell.self, Staff.self, Clinic.self, Audit.self,
            Notices.self, Stats.self,
        ]
    )
}
