import Foundation
import LuckaClient
import LuckaCore
import Testing

/// What `lucka-staff reply` leaves behind when things go wrong: an interrupted editor, an
/// unreadable drafts file.
@Suite("lucka-staff reply: leftovers", .serialized)
struct EditorExitTests {
    @Test("Ctrl-C while the editor runs: the private folder and everything in it are gone, exit 130")
    func interruptedEditor() async throws {
        let (workspace, relay, anna, handle) = try await StaffToolTests.oneConversation("Hej, jag vill prata.")
        defer { relay.stop() }
        // An editor that leaves a swap file beside the reply, as vim does, then waits.
        let editor = try DeskToolTests.editor(workspace, "interrupted", "touch \"$(dirname \"$1\")/.reply.txt.swp\"\nexec sleep 60")
        let child = try anna.start(["reply", handle, "--edit"], environment: ["EDITOR": editor, "VISUAL": ""])
        var folder: String?
        for _ in 0..<600 where folder == nil {
            if let path = try? String(contentsOfFile: editor + ".path", encoding: .utf8),
               FileManager.default.fileExists(atPath: (path.trimmingCharacters(in: .whitespacesAndNewlines) as NSString).deletingLastPathComponent + "/.reply.txt.swp") {
                folder = (path.trimmingCharacters(in: .whitespacesAndNewlines) as NSString).deletingLastPathComponent
            } else {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let editing = try #require(folder, "the editor never started: \(child.error)")
        child.process.interrupt()
        let result = try await child.finish(seconds: 30)
        #expect(child.process.terminationReason == .exit && result.status == 130, "\(child.process.terminationReason) \(result.status) \(result.error)")
        #expect(!FileManager.default.fileExists(atPath: editing), "left behind: \(editing)")
    }

    @Test("An unreadable drafts file is moved aside and kept, and the tool says so in both languages")
    func unreadableDraftsKept() async throws {
        let (workspace, relay, anna, handle) = try await StaffToolTests.oneConversation("Hej, jag vill prata.")
        defer { relay.stop() }
        let reply = workspace + "/reply.txt"
        _ = FileManager.default.createFile(atPath: reply, contents: Data("Hej! Vi hörs.\n".utf8))
        let damaged = Data("LKD1 not a drafts file any more".utf8)
        let drafts = anna.home + "/drafts"

        _ = FileManager.default.createFile(atPath: drafts, contents: damaged, attributes: [.posixPermissions: 0o600])
        let english = try await anna.running(["reply", handle, "--file", reply, "--yes"])
        #expect(english.status == 0, "\(english.error)")
        #expect(english.error.contains("It is kept, moved to \(drafts).unreadable"), "\(english.error)")
        #expect(FileManager.default.contents(atPath: drafts + ".unreadable") == damaged)

        _ = FileManager.default.createFile(atPath: drafts, contents: damaged, attributes: [.posixPermissions: 0o600])
        let swedish = try await anna.running(["reply", handle, "--file", reply, "--yes"], environment: ["LUCKA_LANG": "sv"])
        #expect(swedish.status == 0, "\(swedish.error)")
        #expect(swedish.error.contains("Den är kvar, flyttad till \(drafts).unreadable-2"), "\(swedish.error)")
        #expect(FileManager.default.contents(atPath: drafts + ".unreadable-2") == damaged)
        #expect(FileManager.default.contents(atPath: drafts + ".unreadable") == damaged)
    }
}
