import Foundation
import LuckaText
import LuckaTextCompiler
import Testing

/// The checked-in tables are what `lucka-texts` makes of today's .po files, and they say
/// what the .po files say.
@Suite("Generated text tables")
struct GeneratedTablesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theGeneratedFilesAreFresh() throws {
        let outputs = try TextCompiler.outputs(root: Self.root)
        #expect(outputs.count >= 10)
        for (path, contents) in outputs {
            let current = try? String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
            #expect(current == contents, "\(path) is stale: run `swift run lucka-texts` in the package's folder and rebuild")
        }
    }

    @Test(arguments: ["staff", "writer", "web", "report", "notice"])
    func everySentenceOfThePOFilesIsInTheCatalogue(domain: String) throws {
        let catalogue = try #require(Catalogue.all.first { $0.domain == domain })
        let folder = Self.root.appendingPathComponent("Texts/\(domain)")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".po") {
            let file = try POFile(parsing: String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8), name: name)
            let table = try #require(catalogue.tables[String(name.dropLast(3))])
            for entry in file.entries where !(entry.forms.first ?? "").isEmpty {
                #expect(table.messages[entry.key] == entry.forms, "\(domain)/\(name): \(entry.key)")
            }
        }
    }

    /// Swedish and English are complete in every domain, with the same placeholders and plural forms.
    @Test(arguments: ["staff", "writer", "web", "report", "notice"])
    func swedishAndEnglishAreComplete(domain: String) throws {
        let catalogue = try #require(Catalogue.all.first { $0.domain == domain })
        let swedish = try #require(catalogue.tables["sv"]).messages
        let english = try #require(catalogue.tables["en"]).messages
        #expect(Set(swedish.keys) == Set(english.keys), "\(domain): keys missing in a language")
        for (key, forms) in swedish {
            let other = english[key] ?? []
            #expect(forms.count == other.count, "\(domain): \(key) has different plural forms")
            #expect(!forms.contains("") && !other.contains(""), "\(domain): \(key) is empty")
            #expect(
                Set(forms.map(Catalogue.placeholders)) == Set(other.map(Catalogue.placeholders)),
                "\(domain): \(key) fills in different values")
        }
    }

    /// Lätt svenska covers the writer's pages and most of the lucka tool, and keeps the
    /// Swedish placeholders, so a sentence never loses a value.
    @Test func easySwedishCoversTheWritersWords() throws {
        for (catalogue, least) in [(Catalogue.web, 120), (Catalogue.writer, 30)] {
            let easy = try #require(catalogue.tables["sv-x-easy"]).messages
            let swedish = try #require(catalogue.tables["sv"]).messages
            #expect(easy.count >= least, "\(catalogue.domain): \(easy.count) sentences in lätt svenska")
            for (key, forms) in easy {
                #expect(forms.count == swedish[key]?.count, "\(catalogue.domain): \(key)")
                #expect(
                    Set(forms.map(Catalogue.placeholders)) == Set((swedish[key] ?? []).map(Catalogue.placeholders)),
                    "\(catalogue.domain): \(key)")
            }
        }
    }

    @Test func thePOParserReadsWhatGettextWrites() throws {
        let text = """
            msgid ""
            msgstr ""
            "Language: en\\n"
            "Plural-Forms: nplurals=2; plural=(n != 1);\\n"

            #. A comment for translators.
            msgctxt "two.lines"
            msgid ""
            "Rad ett\\n"
            "rad \\"två\\""
            msgstr "Line one\\nline \\"two\\""

            #, fuzzy
            msgctxt "unsure"
            msgid "Kanske"
            msgstr "Maybe"

            msgctxt "files"
            msgid "{count} fil"
            msgid_plural "{count} filer"
            msgstr[0] "{count} file"
            msgstr[1] "{count} files"
            """
        let file = try POFile(parsing: text, name: "test.po")
        #expect(file.pluralForms == "nplurals=2; plural=(n != 1);")
        #expect(file.entries.map(\.key) == ["two.lines", "files"])
        #expect(file.entries[0].source == "Rad ett\nrad \"två\"")
        #expect(file.entries[0].forms == ["Line one\nline \"two\""])
        #expect(file.entries[0].comments == ["A comment for translators."])
        #expect(file.entries[1].forms == ["{count} file", "{count} files"])
    }
}
