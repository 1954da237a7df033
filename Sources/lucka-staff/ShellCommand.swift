import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension LuckaStaff {
    struct Shell: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: T(.shellAbstract))
        @OptionGroup var options: StaffOptions
        @Option(help: ArgumentHelp(T(.shellIdleHelp))) var idleMinutes = 15

        func validate() throws {
            guard (1...1440).contains(idleMinutes) else { throw ValidationError(T(.shellIdleRange)) }
        }

        /// The idle time: `--idle-minutes`, or LUCKA_IDLE_SECONDS (for tests).
        var idle: Duration {
            if let text = ProcessInfo.processInfo.environment["LUCKA_IDLE_SECONDS"], let seconds = Int(text), seconds > 0 {
                return .seconds(seconds)
            }
            return .seconds(idleMinutes * 60)
        }

        func run() async throws {
            try await reporting {
                UnlockedKeystore.shared.keystore = try unlock()
                defer { UnlockedKeystore.shared.keystore = nil }
                print(T(.shellUnlocked))
                let clock = IdleClock()
                // Wipes the keys from memory once nothing was typed for the idle time.
                let watcher = Task {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(1))
                        if UnlockedKeystore.shared.keystore != nil && clock.idle > idle {
                            UnlockedKeystore.shared.keystore = nil
                            print()
                            print(T(.shellLockedIdle))
                        }
                    }
                }
                defer { watcher.cancel() }
                while true {
                    FileHandle.standardOutput.write(Data("lucka> ".utf8))
                    guard let line = Swift.readLine() else { break }
                    clock.touch()
                    let words = Self.split(line)
                    guard let first = words.first else { continue }
                    if ["exit", "quit", "lock"].contains(first) { break }
                    if UnlockedKeystore.shared.keystore == nil {
                        UnlockedKeystore.shared.keystore = try unlock()
                        clock.touch()
                    }
                    if first == "help" || first == "?" {
                        print(words.dropFirst().first == "all" ? LuckaStaff.helpMessage() : T(.shellHelp))
                        continue
                    }
                    if ["shell", "keygen", "enroll"].contains(first) {
                        print(T(.shellNotHere, first))
                        continue
                    }
                    // These rewrite the keystore file, which the shell does not hold open.
                    if first == "clinic", let second = words.dropFirst().first,
                        ["new-identity", "trust-identity"].contains(second)
                    {
                        print(T(.shellNotHere, "clinic " + second))
                        continue
                    }
                    let known = LuckaStaff.configuration.subcommands.map { $0._commandName }
                    guard known.contains(first) else {
                        let safe = TerminalSafe.line(String(first.prefix(40)))
                        if let guess = Self.suggestion(for: first, among: known) {
                            print(T(.shellUnknownGuess, safe, guess))
                        } else {
                            print(T(.shellUnknown, safe))
                        }
                        continue
                    }
                    do {
                        var command = try LuckaStaff.parseAsRoot(words)
                        if var async = command as? any AsyncParsableCommand {
                            try await async.run()
                        } else {
                            try command.run()
                        }
                    } catch {
                        let code = LuckaStaff.exitCode(for: error)
                        if code != .failure { print(LuckaStaff.fullMessage(for: error)) }
                    }
                    clock.touch()
                }
                print(T(.shellLocked))
            }
        }

        /// The keystore, asking up to three times at a terminal (once from a file).
        func unlock() throws -> StaffKeystore {
            let tries = options.passphraseFile == nil && !options.demo ? 3 : 1
            var attempt = 1
            while true {
                do {
                    return try options.unlock()
                } catch let error as LuckaError where error.code == .wrongPassphrase && tries > 1 {
                    guard attempt < tries else { throw ClientError(.local, T(.shellNoMoreTries)) }
                    FileHandle.standardError.write(Data((T(.shellWrongPassphrase, String(tries - attempt)) + "\n").utf8))
                    attempt += 1
                }
            }
        }

        /// The closest command name within two edits, if there is one.
        static func suggestion(for word: String, among names: [String]) -> String? {
            let scored = names.map { ($0, distance(word.lowercased(), $0)) }.filter { $0.1 <= 2 }
            return scored.min { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }?.0
        }

        /// Levenshtein distance, with a swap of two neighbours counting as one edit.
        static func distance(_ a: String, _ b: String) -> Int {
            let a = Array(a)
            let b = Array(b)
            if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
            var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in 0...a.count { table[i][0] = i }
            for j in 0...b.count { table[0][j] = j }
            for i in 1...a.count {
                for j in 1...b.count {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                        table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                    }
                }
            }
            return table[a.count][b.count]
        }

        /// Splits a line into words, keeping "quoted phrases" together.
        static func split(_ line: String) -> [String] {
            var words: [String] = []
            var current = ""
            var quoted = false
            for character in line {
                if character == "\"" {
                    quoted.toggle()
                    continue
                }
                if character == " " && !quoted {
                    if !current.isEmpty { words.append(current) }
                    current = ""
                } else {
                    current.append(character)
                }
            }
            if !current.isEmpty { words.append(current) }
            return words
        }
    }
}

/// When the person last typed something.
final class IdleClock: @unchecked Sendable {
    private let lock = NSLock()
    private var last = ContinuousClock.now

    func touch() { lock.withLock { last = .now } }
    var idle: Duration { lock.withLock { ContinuousClock.now - last } }
}
