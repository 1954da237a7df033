import Foundation
@testable import LuckaClient
import LuckaCore
import Testing

/// deploy/OPERATING.md, "Backup" and "Restore", followed against a live relay.
@Suite("Backup and restore", .serialized)
struct BackupRestoreTests {
    @Test func aBackupTakenUnderWritesRestoresEveryThreadThatExisted() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        let clinic = try await LiveClinic.found(on: relay)

        // Conversations that exist before the backup, answered by the clinic.
        var before: [(code: ConversationCode, conversation: WriterConversation)] = []
        for index in 0..<12 {
            let channel = Channel.allCases[index % Channel.allCases.count]
            before.append(try await WriterConversation.start(relay: relay.client, clinic: clinic.slug, channel: channel, text: "före \(index)", pin: clinic.fingerprint))
        }
        let keys = try await clinic.admin.clinicKeys()
        for row in try await clinic.admin.inbox(limit: 50).threads.prefix(6) {
            _ = try await clinic.admin.reply(to: row.handle, text: "svar till \(row.handle)", displayName: clinic.adminName, with: keys)
        }

        // Writers keep posting, new threads and replies, while the backup runs.
        let acknowledged = Acknowledged()
        let stop = StopFlag()
        let entries = before
        let writers = Task {
            await withTaskGroup(of: Void.self) { group in
                for (index, entry) in entries.enumerated() {
                    group.addTask {
                        var n = 0
                        while !stop.isSet {
                            n += 1
                            do {
                                if n % 5 == 0 {
                                    _ = try await WriterConversation.start(relay: relay.client, clinic: clinic.slug, channel: .self, text: "under \(index)-\(n)", pin: clinic.fingerprint)
                                } else {
                                    let sealed = try WriterConversation.seal(text: "w\(index) m\(n)", previous: nil, keys: entry.conversation.keys, to: entry.conversation.clinic.current.publicKey)
                                    let posted = try await entry.conversation.relay.postMessage(PostMessageRequest(
                                        lookupToken: entry.conversation.keys.lookupToken.copyBytes(), writerKey: entry.conversation.keys.boxKeyPair.publicKey,
                                        epoch: entry.conversation.clinic.current.epoch, message: sealed))
                                    acknowledged.add(writer: index, seq: posted.seq, ciphertext: sealed)
                                }
                            } catch {
                                try? await Task.sleep(for: .milliseconds(20))  // 429 after the day's limit: keep going slowly
                            }
                        }
                    }
                }
            }
        }
        try await Task.sleep(for: .milliseconds(300))

        // What was stored and acknowledged when the backup began must all be in it.
        var atBackup: [Int: [MessageRecord]] = [:]
        for (index, entry) in before.enumerated() {
            atBackup[index] = try await relay.client.readThread(lookupToken: entry.conversation.keys.lookupToken.copyBytes()).messages
        }
        let handlesAtBackup = try await allHandles(clinic.admin)
        let backupFile = workspace + "/lucka-backup.sqlite"
        let backup = try run("lucka-relay", ["backup", backupFile, "--data-dir", relay.dataDirectory])
        #expect(backup.status == 0, "\(backup.error)")
        try await Task.sleep(for: .milliseconds(200))
        stop.set()
        await writers.value
        #expect(acknowledged.count > 0, "writers were posting during the backup")
        #expect(try FileManager.default.attributesOfItem(atPath: backupFile)[.posixPermissions] as? Int == 0o600)
        relay.stop()

        // Restore, as deploy/OPERATING.md says: a new data folder, `lucka-relay restore`, check, start.
        let restoredWorkspace = RelayProcess.workspace()
        let restoredData = restoredWorkspace + "/data"
        let restore = try run("lucka-relay", ["restore", backupFile, "--data-dir", restoredData])
        #expect(restore.status == 0, "\(restore.error)")
        #expect(restore.output.contains("restored") && restore.output.contains("threads:"))
        #expect(try FileManager.default.attributesOfItem(atPath: restoredData)[.posixPermissions] as? Int == 0o700)
        #expect(try FileManager.default.attributesOfItem(atPath: restoredData + "/lucka.sqlite")[.posixPermissions] as? Int == 0o600)
        let check = try run("lucka-relay", ["check", "--data-dir", restoredData])
        #expect(check.status == 0 && check.output.contains("integrity: ok") && check.output.contains("up to date"), "\(check.output)")
        // A second restore onto it is refused: it never overwrites a database.
        let again = try run("lucka-relay", ["restore", backupFile, "--data-dir", restoredData])
        #expect(again.status == 1 && again.error.contains("already holds a database"))

        let restored = try RelayProcess(workspace: restoredWorkspace)
        // Every thread that existed at backup time, with every message it had then, readable by its writer...
        for (index, entry) in before.enumerated() {
            let (_, thread) = try await WriterConversation.resume(relay: restored.client, code: entry.code, pin: clinic.fingerprint)
            let stored = try await restored.client.readThread(lookupToken: entry.conversation.keys.lookupToken.copyBytes()).messages
            let bySeq = Dictionary(uniqueKeysWithValues: stored.map { ($0.seq, $0.ciphertext.bytes) })
            for record in atBackup[index] ?? [] {
                #expect(bySeq[record.seq] == record.ciphertext.bytes, "thread \(index) message \(record.seq) is missing after the restore")
            }
            #expect(thread.messages.first?.envelope?.text == "före \(index)")
        }
        // ... and by the clinic, whose keys came back with the database.
        let admin = StaffSession(relay: restored.client, keys: clinic.admin.keys, pin: clinic.fingerprint)
        let restoredKeys = try await admin.clinicKeys()
        let restoredHandles = try await allHandles(admin)
        #expect(handlesAtBackup.isSubset(of: restoredHandles))
        for handle in handlesAtBackup {
            let (_, opened) = try await admin.thread(handle, with: restoredKeys)
            #expect(opened.messages.allSatisfy { $0.envelope != nil }, "thread \(handle) does not open after the restore")
        }
        restored.stop()
    }
}

/// Every thread handle in the clinic's inbox, page by page.
func allHandles(_ staff: StaffSession) async throws -> Set<String> {
    var handles: Set<String> = []
    var cursor: String?
    repeat {
        let page = try await staff.inbox(cursor: cursor, limit: 200)
        handles.formUnion(page.threads.map(\.handle))
        cursor = page.next
    } while cursor != nil
    return handles
}

final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
