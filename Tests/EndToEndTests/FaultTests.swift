import Foundation
import Spawn
@testable import LuckaClient
import LuckaCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real relay under crashes, a full disk and a damaged database: nothing it
/// acknowledged is ever lost, and damage is refused with a pointer to the restore
/// procedure. Lines starting "fault figures:" are for docs/TESTING.md.
@Suite("Live relay: crashes, a full disk, a damaged database", .serialized)
struct FaultTests {
    /// Writers may post as much as the tests need.
    static let unlimitedPosts = ["LUCKA_WRITER_MESSAGES_PER_DAY": "1000000"]
    static let restorePointer = "deploy/OPERATING.md, \"Restore\""

    // MARK: SIGKILL

    /// `LUCKA_LONG_TESTS=1 swift test --skip-build --filter FaultTests` runs 20 cycles.
    @Test func sigkillCyclesLoseNoAcknowledgedMessage() async throws {
        let cycles = ProcessInfo.processInfo.environment["LUCKA_LONG_TESTS"] == "1" ? 20 : 3
        let relay = try RelayProcess(workspace: RelayProcess.workspace(), environment: Self.unlimitedPosts)
        defer { relay.kill() }
        let clinic = try await LiveClinic.found(on: relay)
        let writers = try await FaultWriters.start(6, relay: relay, clinic: clinic)
        let acknowledged = Acknowledged()
        var lost: [String] = []
        for cycle in 1...cycles {
            let url = relay.url
            let before = acknowledged.count
            let posting = Task {
                await writers.postUntilUnreachable(to: url, limit: 400, acknowledged: acknowledged, tag: "c\(cycle)")
            }
            // Kill at a random moment once posts are flowing (however slow the build, as
            // under a sanitizer).
            let deadline = ContinuousClock.now + .seconds(60)
            while acknowledged.count == before, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...1000)))
            relay.kill()
            await posting.value
            #expect(acknowledged.count > before, "cycle \(cycle): some posts should have been acknowledged before the kill")

            try relay.start(environment: Self.unlimitedPosts)
            let check = try run("lucka-relay", ["check", "--data-dir", relay.dataDirectory])
            #expect(check.status == 0 && check.output.contains("integrity: ok"), "cycle \(cycle): \(check.output) \(check.error)")
            lost = try await writers.missing(from: relay.url, acknowledged: acknowledged)
            #expect(lost.isEmpty, "cycle \(cycle): acknowledged but missing: \(lost.prefix(10))")
            if !lost.isEmpty { break }
        }
        print("fault figures: SIGKILL cycles: \(cycles), messages acknowledged: \(acknowledged.count), lost: \(lost.count)")
        relay.stop()
    }

    // MARK: A full disk

    @Test func aFullDiskRefusesWritesClearlyAndRecoversWithoutARestart() async throws {
        let workspace = RelayProcess.workspace()
        let disk = SmallDisk.mount(at: workspace + "/data", megabytes: 8)
        defer { disk?.unmount() }
        let relay = try RelayProcess(workspace: workspace, environment: Self.unlimitedPosts)
        defer { relay.kill() }
        let clinic = try await LiveClinic.found(on: relay)
        let writers = try await FaultWriters.start(4, relay: relay, clinic: clinic)
        if disk == nil {
            // No mounting here: a file-size limit on the running relay fails its writes instead.
            guard try limitFileSize(pid: relay.process.processIdentifier, bytes: 2 << 20) else {
                try Test.cancel("cannot fill a disk here: both mount -t tmpfs and prlimit were refused")
            }
        }
        let acknowledged = Acknowledged()

        // Big messages until they no longer fit, then small ones, so the disk is really full.
        let big = try await fill(
            writers, url: relay.url, text: String(repeating: "fyll disken ", count: 1800), acknowledged: acknowledged)
        let small = try await fill(writers, url: relay.url, text: "liten", acknowledged: acknowledged)
        let refusals = big.refusals + small.refusals
        let acceptedBeforeFull = acknowledged.count
        #expect(acceptedBeforeFull > 10 && !refusals.isEmpty, "accepted \(acceptedBeforeFull), refused \(refusals.count)")
        // One clear answer: 507 storage_full with Retry-After on a full disk; a file-size
        // limit surfaces as an I/O error, 503 unavailable.
        let expected = disk == nil ? (503, "unavailable") : (507, "storage_full")
        for refusal in refusals {
            #expect(
                refusal.status == expected.0 && refusal.apiError == expected.1, "refused with \(refusal.kind): \(refusal.message)"
            )
            #expect(refusal.message.contains("try again in"), "no Retry-After: \(refusal.message)")
        }

        // The relay stays up: health, reads, and a calm page for a browser.
        #expect(relay.process.isRunning)
        #expect(try await Browser().get(relay.url + "/healthz").status == 200)
        #expect(try await writers.missing(from: relay.url, acknowledged: acknowledged).isEmpty)
        let page = try await Browser().post(
            relay.url + "/c/\(clinic.slug)/write", form: [("channel", "self"), ("text", "Hej, jag behöver prata.")])
        let pageStatus = page.status
        #expect(pageStatus == expected.0 || pageStatus == 200, "the web page answered \(page.status)")
        if pageStatus != 200 {
            #expect(page.headers.first(name: "Content-Type")?.hasPrefix("text/html") == true && page.body.contains("<html"))
        }

        // A restart while full: the relay must come back up (reads work) and still refuse writes.
        var restartWhileFull = "not tried (no tmpfs)"
        if disk != nil {
            relay.stop()
            try relay.start(environment: Self.unlimitedPosts)
            restartWhileFull = "started"
            #expect(try await writers.missing(from: relay.url, acknowledged: acknowledged).isEmpty)
            do {
                _ = try await writers.post(
                    0, text: String(repeating: "fortfarande full ", count: 1500), to: relay.url, acknowledged: acknowledged)
                Issue.record("a post was acknowledged on a full disk after a restart")
            } catch let error as ClientError {
                #expect(error.status == 507, "\(error.kind): \(error.message)")
            }
        }

        // Space comes back: writes succeed again, without a restart.
        if let disk {
            try disk.resize(megabytes: 64)
        } else {
            _ = try limitFileSize(pid: relay.process.processIdentifier, bytes: nil)
        }
        let spaceBack = Date()
        var recovered: Double?
        while recovered == nil && Date().timeIntervalSince(spaceBack) < 60 {
            if (try? await writers.post(1, text: "plats igen", to: relay.url, acknowledged: acknowledged)) != nil {
                recovered = Date().timeIntervalSince(spaceBack)
            } else {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        #expect(recovered != nil, "writes did not succeed within 60 s of space coming back")
        let after = try await fill(
            writers, url: relay.url, text: String(repeating: "mer plats ", count: 1000), acknowledged: acknowledged, limit: 10)
        #expect(after.refusals.isEmpty)

        let check = try run("lucka-relay", ["check", "--data-dir", relay.dataDirectory])
        #expect(check.status == 0 && check.output.contains("integrity: ok"), "\(check.output) \(check.error)")
        let lost = try await writers.missing(from: relay.url, acknowledged: acknowledged)
        #expect(lost.isEmpty, "acknowledged but missing: \(lost.prefix(10))")
        relay.stop()
        print(
            "fault figures: full disk (\(disk == nil ? "file-size limit 2 MiB" : "tmpfs 8 MiB")): posts accepted before full: \(acceptedBeforeFull), "
                + "refused: \(refusals.count), status when full: \(expected.0) \(expected.1), web page: \(pageStatus), restart while full: \(restartWhileFull), "
                + "seconds to recover: \(recovered.map { String(format: "%.2f", $0) } ?? "never"), acknowledged: \(acknowledged.count), lost: \(lost.count)"
        )
    }

    /// Every writer posts `text` until refused three times in a row (or `limit` posts).
    func fill(_ writers: FaultWriters, url: String, text: String, acknowledged: Acknowledged, limit: Int = 400) async throws -> (
        accepted: Int, refusals: [ClientError]
    ) {
        try await withThrowingTaskGroup(of: (Int, [ClientError]).self) { group in
            for index in writers.conversations.indices {
                group.addTask {
                    var accepted = 0
                    var refusals: [ClientError] = []
                    var inARow = 0
                    for n in 0..<limit where inARow < 3 {
                        do {
                            _ = try await writers.post(index, text: "\(n) \(text)", to: url, acknowledged: acknowledged)
                            accepted += 1
                            inARow = 0
                        } catch let error as ClientError where error.status != nil {
                            refusals.append(error)
                            inARow += 1
                        }
                    }
                    return (accepted, refusals)
                }
            }
            return try await group.reduce(into: (0, [])) {
                $0.0 += $1.0; $0.1 += $1.1
            }
        }
    }

    // MARK: A damaged database

    @Test(arguments: Damage.allCases)
    func aDamagedDatabaseIsRefusedByCheckAndServe(_ damage: Damage) async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace, environment: Self.unlimitedPosts)
        let path = try await storeSomeMessages(relay)
        try DatabaseDamage.apply(damage, to: path)

        let check = try run("lucka-relay", ["check", "--data-dir", relay.dataDirectory])
        #expect(check.status != 0, "check passed a database with a damaged \(damage): \(check.output)")
        #expect(check.error.contains(Self.restorePointer), "\(check.output) \(check.error)")

        let started = Date()
        let serve = try serveUntilExit(dataDirectory: relay.dataDirectory, seconds: 30)
        #expect(serve.status == 65, "serve on a damaged \(damage): \(serve.output)")
        #expect(serve.output.contains(Self.restorePointer) && !serve.output.contains("serving on"), "\(serve.output)")
        print(
            "fault figures: damaged \(damage): check exit \(check.status), serve exit \(serve.status.map(String.init) ?? "none") "
                + "after \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
    }

    /// A file too big to walk at start-up opens fast, is checked right after, and the relay
    /// stops (exit 65, restore pointer) when the check finds damage.
    @Test func damageInADatabaseTooBigToCheckAtOpenStopsTheRelaySoonAfter() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace, environment: Self.unlimitedPosts)
        let path = try await storeSomeMessages(relay)
        defer { try? FileManager.default.removeItem(atPath: relay.dataDirectory) }
        try DatabaseDamage.growWithOrphanPages(path, minimumBytes: 64 << 20)

        let serve = try serveUntilExit(dataDirectory: relay.dataDirectory, seconds: 120)
        #expect(serve.status == 65, "\(serve.output)")
        #expect(
            serve.output.contains("the database is damaged: stopping"),
            "the check after start-up should have run: \(serve.output)")
        #expect(serve.output.contains(Self.restorePointer), "\(serve.output)")
        let check = try run("lucka-relay", ["check", "--data-dir", relay.dataDirectory])
        #expect(check.status != 0 && check.error.contains(Self.restorePointer), "\(check.output) \(check.error)")
    }

    /// A relay with a clinic, three threads and 243 messages, stopped: the path of its
    /// database file, with no WAL beside it.
    func storeSomeMessages(_ relay: RelayProcess) async throws -> String {
        let clinic = try await LiveClinic.found(on: relay)
        let writers = try await FaultWriters.start(3, relay: relay, clinic: clinic)
        let acknowledged = Acknowledged()
        for n in 0..<240 { _ = try await writers.post(n % 3, text: "meddelande \(n)", to: relay.url, acknowledged: acknowledged) }
        relay.stop()
        // A command that opens and closes the database moves whatever the WAL holds into
        // the main file, so the damage below cannot hide behind a newer copy in the WAL.
        let check = try run("lucka-relay", ["check", "--data-dir", relay.dataDirectory])
        #expect(check.status == 0, "\(check.error)")
        let path = relay.dataDirectory + "/lucka.sqlite"
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "check should leave no WAL")
        return path
    }

    // MARK: Backup and restore cut short

    @Test func aRestoreKilledHalfwayLeavesNoDatabaseBehind() async throws {
        let workspace = RelayProcess.workspace()
        let relay = try RelayProcess(workspace: workspace, environment: Self.unlimitedPosts)
        _ = try await storeSomeMessages(relay)
        let backupFile = workspace + "/backup.sqlite"
        let backup = try run("lucka-relay", ["backup", backupFile, "--data-dir", relay.dataDirectory])
        #expect(backup.status == 0 && !FileManager.default.fileExists(atPath: backupFile + ".partial"), "\(backup.error)")
        let backupBytes = try Data(contentsOf: URL(fileURLWithPath: backupFile))

        // The restore reads the backup from a pipe that delivers half of it and then stalls.
        let fifo = workspace + "/backup.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let restored = workspace + "/restored"
        let restore = ChildProcess()
        restore.executableURL = URL(fileURLWithPath: RelayProcess.executable("lucka-relay"))
        restore.arguments = ["restore", fifo, "--data-dir", restored]
        try restore.run()
        var fd: Int32 = -1
        let deadline = Date().addingTimeInterval(30)
        while fd < 0 && Date() < deadline && restore.isRunning {
            fd = open(fifo, O_WRONLY | O_NONBLOCK)  // fails until the restore opens its end
            if fd < 0 { try await Task.sleep(for: .milliseconds(20)) }
        }
        try #require(fd >= 0, "the restore never opened the backup")
        _ = fcntl(fd, F_SETFL, 0)
        let half = Array(backupBytes.prefix(backupBytes.count / 2))
        #expect(half.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == half.count)
        try await Task.sleep(for: .milliseconds(500))
        kill(restore.processIdentifier, SIGKILL)
        restore.waitUntilExit()
        close(fd)
        #expect(
            !FileManager.default.fileExists(atPath: restored + "/lucka.sqlite"), "a killed restore left a half database in place")

        // The operator runs it again, and it works.
        let again = try run("lucka-relay", ["restore", backupFile, "--data-dir", restored])
        #expect(again.status == 0, "\(again.error)")
        let check = try run("lucka-relay", ["check", "--data-dir", restored])
        #expect(
            check.status == 0 && check.output.contains("integrity: ok") && check.output.contains("messages: 243"),
            "\(check.output) \(check.error)")
        #expect(!FileManager.default.fileExists(atPath: restored + "/lucka.sqlite.partial"))
    }
}
