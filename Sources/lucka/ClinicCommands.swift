import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension Lucka {
    struct Clinics: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            let t = Words.startup
            return CommandConfiguration(abstract: t("help.clinics.abstract"), discussion: t("help.clinics.discussion"))
        }
        @OptionGroup var relay: RelayOptions
        @Flag(help: ArgumentHelp(Words.startup("help.json"))) var json = false
        @OptionGroup var language: LanguageOptions

        func run() async throws {
            let t = language.words
            try await reporting(t, relay: relay.address) {
                let documents = try await relay.withClient { try await $0.clinics() }
                var rows: [Display.ClinicJSON] = []
                var verified: [VerifiedClinic] = []
                for document in documents {
                    do throws(LuckaError) {
                        let clinic = try document.verified(pin: nil)
                        verified.append(clinic)
                        rows.append(Display.ClinicJSON(clinic))
                    } catch {
                        rows.append(Display.ClinicJSON(slug: document.slug, problem: error.reason))
                    }
                }
                let broken = rows.filter { !$0.verified }
                if json {
                    try printJSON(rows)
                } else if rows.isEmpty {
                    print(t("clinics.none"))
                } else {
                    print(verified.map { Display.clinic($0, t) }.joined(separator: "\n\n"))
                    for row in broken {
                        if !verified.isEmpty || row.slug != broken.first?.slug { print("") }
                        print(t("clinics.broken", ["slug": TerminalSafe.line(row.slug), "problem": TerminalSafe.line(row.problem ?? "")]))
                    }
                    if let example = verified.first {
                        print("")
                        print(t("clinics.compare"))
                        print("    lucka write --relay \(relay.address) --clinic \(TerminalSafe.line(example.slug)) --channel self --pin \"\(example.fingerprint)\"")
                    }
                }
                if !broken.isEmpty {
                    throw ClientError(.verification, t("error.clinicsBroken", count: broken.count))
                }
            }
        }
    }
}
