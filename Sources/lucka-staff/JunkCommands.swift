import ArgumentParser
import LuckaClient
import LuckaCore

extension LuckaStaff {
    struct Junk: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find and delete junk: conversations whose first message nobody at the clinic can open.",
            discussion: """
                An anonymous flood can start conversations with made-up messages that no key opens. \
                This looks through the whole inbox on this computer, lists the conversations whose \
                first message cannot be opened and that the clinic never answered, and deletes \
                them after asking. The relay's audit log records how many were deleted.
                """)
        @OptionGroup var options: StaffOptions
        @Flag(help: "Delete without asking.") var yes = false
        @Flag(name: .customLong("dry-run"), help: "Only list them.") var dryRun = false

        func run() async throws {
            try await reporting {
                let (_, session) = try options.session()
                let keys = try await session.clinicKeys()
                let junk = try await session.unreadableThreads(with: keys)
                guard !junk.isEmpty else {
                    print("No unreadable conversations.")
                    return
                }
                let days = Set(junk.map(\.created)).sorted()
                print("\(junk.count) conversation(s) whose first message cannot be opened, started \(days.first ?? "")\(days.count > 1 ? " to \(days.last ?? "")" : "").")
                if dryRun {
                    for entry in junk { print("  \(entry.handle)  \(entry.created)") }
                    return
                }
                guard yes || Terminal.confirm("Delete these \(junk.count) conversation(s) for good?") else {
                    print("Nothing deleted.")
                    return
                }
                print("Deleted \(try await session.deleteJunk(junk.map(\.handle))).")
            }
        }
    }
}
