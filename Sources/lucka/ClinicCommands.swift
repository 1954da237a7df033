import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension Lucka {
    struct Clinics: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the clinics you can write to on a relay.",
            discussion: """
                For each clinic: who they are, where they work, their phone hours, how soon they \
                answer, who can write to them, and the clinic's fingerprint.

                The fingerprint is what proves you are talking to the real clinic. Compare it \
                with the one the clinic publishes on its own website or printed cards. If they \
                differ, do not write through this relay.
                """)
        @OptionGroup var relay: RelayOptions
        @Flag(help: "Print JSON (for scripts).") var json = false

        func run() async throws {
            try await reporting {
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
                    print("This relay has no clinics yet.")
                } else {
                    print(verified.map(Display.clinic).joined(separator: "\n\n"))
                    for row in broken {
                        if !verified.isEmpty || row.slug != broken.first?.slug { print("") }
                        print("!! \(TerminalSafe.line(row.slug)): DOES NOT CHECK OUT (\(TerminalSafe.line(row.problem ?? ""))). Do not write to it through this relay.")
                    }
                    if let example = verified.first {
                        print("")
                        print("Compare each fingerprint with the one the clinic publishes before you write. To write:")
                        print("    lucka write --relay \(relay.address) --clinic \(example.slug) --channel self --pin \"\(example.fingerprint)\"")
                    }
                }
                if !broken.isEmpty {
                    throw ClientError(.verification, "\(broken.count) clinic\(broken.count == 1 ? "" : "s") on this relay did not check out (see above)")
                }
            }
        }
    }
}
