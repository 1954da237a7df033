import Foundation
import LuckaText
import Testing

/// lucka-staff's words (Texts/staff/*.po, keys in Sources/lucka-staff/StaffText.swift) are
/// complete in Swedish and English, and the desk's commands print nothing that is not in
/// the table. The keys are read from the source, since the enum lives in the executable.
@Suite("lucka-staff strings")
struct StaffTextTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/lucka-staff")

    static func source(_ name: String) throws -> String {
        try String(contentsOf: sources.appendingPathComponent(name), encoding: .utf8)
    }

    /// The keys declared in `enum Text`.
    static func keys() throws -> [String] {
        let text = try source("StaffText.swift")
        let start = try #require(text.range(of: "enum Text: String, CaseIterable {"))
        let end = try #require(text.range(of: "\n}", range: start.upperBound..<text.endIndex))
        return text[start.upperBound..<end.lowerBound].split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("case ") }
            .flatMap { $0.dropFirst(5).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    }

    /// Each key's (Swedish, English), from the compiled catalogue (Texts/staff/*.po).
    static func pairs() throws -> [String: [(String, String)]] {
        var result: [String: [(String, String)]] = [:]
        for key in Catalogue.staff.keys {
            result[key] = [(Catalogue.staff.lookup(key, .sv)?.0 ?? "", Catalogue.staff.lookup(key, .en)?.0 ?? "")]
        }
        return result
    }

    static func placeholders(_ text: String) -> Set<String> {
        Set((1...9).map { "{\($0)}" }.filter { text.contains($0) })
    }

    @Test func everyKeyHasBothLanguagesOnce() throws {
        let keys = try Self.keys()
        let pairs = try Self.pairs()
        #expect(keys.count > 50)
        #expect(Set(keys).count == keys.count, "a key is declared twice")
        for key in keys {
            let entries = pairs[key] ?? []
            try #require(entries.count == 1, "\(key) has \(entries.count) entries")
            let (sv, en) = entries[0]
            #expect(!sv.isEmpty && !en.isEmpty, "\(key) is empty in a language")
            #expect(Self.placeholders(sv) == Self.placeholders(en), "\(key): the languages fill in different values")
        }
        #expect(Set(pairs.keys) == Set(keys), "an entry for a key that does not exist")
    }

    @Test func theSwedishIsSwedish() throws {
        let pairs = try Self.pairs()
        // Spot checks that the columns are not swapped.
        #expect(pairs["newMessages"]?.first?.0 == "Nya meddelanden")
        #expect(pairs["newMessages"]?.first?.1 == "New messages")
        #expect(pairs["statusNew"]?.first?.0 == "ny")
    }

    @Test func everyKeyUsedInTheCodeExists() throws {
        let keys = Set(try Self.keys())
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path).filter { $0.hasSuffix(".swift") }
        let pattern = try NSRegularExpression(pattern: #"\bT\(\.(\w+)"#)
        var used: Set<String> = []
        for file in files {
            let text = try Self.source(file)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                used.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        #expect(used.count > 50)
        #expect(used.subtracting(keys).isEmpty, "keys used but not in the table: \(used.subtracting(keys).sorted())")
        #expect(keys.subtracting(used).isEmpty, "keys in the table that nothing uses: \(keys.subtracting(used).sorted())")
    }

    /// No command prints, fails or explains itself with words outside the tables: every
    /// source file of lucka-staff but the string tables themselves (`...Text.swift`).
    static let commandFiles: [String] =
        (try? FileManager.default.contentsOfDirectory(atPath: sources.path))?
        .filter { $0.hasSuffix(".swift") && !$0.hasSuffix("Text.swift") }.sorted() ?? []

    @Test func theCommandFilesAreFound() {
        #expect(Self.commandFiles.count >= 15 && Self.commandFiles.contains("QueueCommands.swift"))
    }

    @Test(arguments: commandFiles)
    func noLiteralWords(file: String) throws {
        let text = try Self.source(file)
        let pattern = try NSRegularExpression(
            pattern: #"(print|ValidationError|ClientError\(\.\w+,|abstract:|help:|ArgumentHelp)\(?\s*"[^"]*[A-Za-zÅÄÖåäö][^"]*""#)
        let literal = pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range, in: text)!])
        }
        #expect(literal.isEmpty, "\(file) has words outside the table: \(literal)")
    }
}
