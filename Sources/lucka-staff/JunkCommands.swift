import ArgumentParser
import LuckaClient
import LuckaCore

extension LuckaStaff {
    struct Junk: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: T(.junkAbstract), discussion: T(.junkDiscussion))
        @OptionGroup var options: StaffOptions
        @Flag(help: ArgumentHelp(T(.junkYesHelp))) var yes = false
        @Flag(name: .customLong("dry-run"), help: ArgumentHelp(T(.junkDryRunHelp))) var dryRun = false

        func run() async throws {
            try await reporting {
                let (_, session) = try options.session()
                let keys = try await session.clinicKeys()
                let scan = try await session.unreadableThreads(with: keys)
                if scan.skipped > 0 { print(T(.junkSkipped, String(scan.skipped))) }
                let junk = scan.junk
                guard !junk.isEmpty else {
                    print(T(.junkNone))
                    return
                }
                let days = Set(junk.map(\.created)).sorted()
                print(T(.junkFound, String(junk.count), Display.safe((days.first ?? "") + (days.count > 1 ? " – " + (days.last ?? "") : ""))))
                if dryRun {
                    for entry in junk { print("  " + Display.safe(entry.handle) + "  " + Display.safe(entry.created)) }
                    return
                }
                guard yes || Terminal.confirm(T(.junkQuestion, String(junk.count)), hint: T(.yesNoHint)) else {
                    print(T(.nothingDeleted))
                    return
                }
                let result: JunkDeleteResult
                do { result = try await session.deleteJunk(junk.map(\.handle)) } catch let error as ClientError where error.apiError == "admin_only" {
                    throw fail(T(.junkAdminOnly))
                }
                print(T(.junkDeleted, String(result.deleted)))
                if result.answered > 0 { print(T(.junkAnsweredKept, String(result.answered))) }
            }
        }
    }
}
