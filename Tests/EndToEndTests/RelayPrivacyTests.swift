import Foundation
@testable import LuckaClient
import LuckaCore
import Testing

/// The real relay, on loopback, with the core library as its client.
@Suite("Live relay: privacy at rest and deletion", .serialized)
struct RelayPrivacyTests {
    @Test func aFullExchangeLeavesNoTextCodeTokenOrAddressBehind() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace)
        let clinic = try await LiveClinic.found(on: relay)

        let writerMarker = "WRITER-MARKER-\(Random.bytes(6).hex)"
        let replyMarker = "CLINIC-MARKER-\(Random.bytes(6).hex)"
        let secondMarker = "SECOND-MARKER-\(Random.bytes(6).hex)"
        let (code, conversation) = try await WriterConversation.start(
            relay: relay.client, clinic: clinic.slug, channel: .self, text: "Hej. \(writerMarker)", pin: clinic.fingerprint)

        // The counsellor finds the thread, reads it and answers.
        let keys = try await clinic.admin.clinicKeys()
        let inbox = try await clinic.admin.inbox()
        #expect(inbox.threads.count == 1 && inbox.threads[0].status == .new && inbox.threads[0].unread == 1)
        let handle = inbox.threads[0].handle
        let (_, opened) = try await clinic.admin.thread(handle, with: keys)
        #expect(opened.isIntact && opened.messages.first?.envelope?.text == "Hej. \(writerMarker)")
        _ = try await clinic.admin.reply(to: handle, text: "Välkommen. \(replyMarker)", displayName: clinic.adminName, with: keys)

        // The writer comes back with the code, verifies the reply and writes again.
        let (resumed, thread) = try await WriterConversation.resume(relay: relay.client, code: try ConversationCode(parsing: code.grouped()), pin: clinic.fingerprint)
        #expect(thread.isIntact)
        #expect(thread.messages.map(\.author) == [.writer, .clinic])
        #expect(thread.messages.last?.envelope?.text == "Välkommen. \(replyMarker)")
        #expect(thread.messages.last?.envelope?.counsellorName == clinic.adminName)
        _ = try await resumed.reply("Tack. \(secondMarker)")
        #expect(try await conversation.read().messages.count == 3)
        #expect(try await clinic.admin.inbox().threads.first?.status == .new)

        let writerKeys = try WriterKeys(code: code)
        let token = writerKeys.lookupToken.copyBytes()
        let normalisedCode = code.grouped().replacingOccurrences(of: "-", with: "")
        let needles: [(name: String, bytes: [UInt8])] = [
            ("writer text", Array(writerMarker.utf8)), ("reply text", Array(replyMarker.utf8)), ("second text", Array(secondMarker.utf8)),
            ("code", Array(code.grouped().utf8)), ("normalised code", Array(normalisedCode.utf8)),
            ("lookup token", token), ("lookup token base64", Array(token.base64.utf8)), ("lookup token hex", Array(token.hex.utf8)),
            ("loopback address", Array("127.0.0.1".utf8)),
        ]

        // While running: database, WAL and shm as they are on disk now.
        let running = filesUnder(relay.dataDirectory)
        #expect(running.count >= 2, "expected the database and its WAL")
        for file in running {
            #expect(findings(in: file.bytes, needles: needles).isEmpty, "\(file.path) holds \(findings(in: file.bytes, needles: needles))")
        }
        relay.stop()
        for file in filesUnder(relay.dataDirectory) {
            #expect(findings(in: file.bytes, needles: needles).isEmpty, "\(file.path) holds \(findings(in: file.bytes, needles: needles))")
        }
        let log = Array(relay.log().utf8)
        #expect(!log.isEmpty)
        let logNeedles = needles + [("thread handle", Array(handle.utf8)), ("counsellor name", Array(clinic.adminName.utf8))]
        #expect(findings(in: log, needles: logNeedles).isEmpty, "the log holds \(findings(in: log, needles: logNeedles))")
        // The lookup hash is the one value derived from the code that may be stored.
        let database = filesUnder(relay.dataDirectory).first { $0.path.hasSuffix(".sqlite") }!.bytes
        #expect(database.firstRange(of: writerKeys.lookupHash) != nil)
    }

    @Test func aDeletedThreadLeavesNoCiphertextInTheFiles() async throws {
        let relay = try RelayProcess(workspace: RelayProcess.workspace())
        let clinic = try await LiveClinic.found(on: relay)
        let (_, kept) = try await WriterConversation.start(relay: relay.client, clinic: clinic.slug, channel: .relative, text: "stays", pin: clinic.fingerprint)
        let (_, doomed) = try await WriterConversation.start(relay: relay.client, clinic: clinic.slug, channel: .self, text: "goes", pin: clinic.fingerprint)
        _ = try await doomed.reply("this goes too")
        let keys = try await clinic.admin.clinicKeys()
        let handle = try await clinic.admin.inbox(channel: .self).threads[0].handle
        _ = try await clinic.admin.reply(to: handle, text: "and the answer", displayName: "Anna", with: keys)

        let doomedRecords = try await doomed.relay.readThread(lookupToken: doomed.keys.lookupToken.copyBytes()).messages
        let keptRecords = try await kept.relay.readThread(lookupToken: kept.keys.lookupToken.copyBytes()).messages
        #expect(doomedRecords.count == 3)
        try await doomed.delete()
        await #expect(throws: ClientError.self) { _ = try await doomed.read() }

        // 64-byte windows from the start, middle and end of every deleted ciphertext.
        func windows(_ records: [MessageRecord]) -> [(name: String, bytes: [UInt8])] {
            records.flatMap { record in
                let bytes = record.ciphertext.bytes
                return [0, bytes.count / 2, bytes.count - 64].map { ("message \(record.seq) @\($0)", Array(bytes[$0..<($0 + 64)])) }
            }
        }
        for file in filesUnder(relay.dataDirectory) {
            #expect(findings(in: file.bytes, needles: windows(doomedRecords)).isEmpty, "\(file.path) still holds deleted ciphertext")
        }
        // The kept thread is still there (so the scan would have found stored bytes).
        let database = filesUnder(relay.dataDirectory).flatMap(\.bytes)
        #expect(!findings(in: database, needles: windows(keptRecords)).isEmpty)
        relay.stop()
    }
}
