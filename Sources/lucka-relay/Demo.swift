import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore
import LuckaRelay
import ServiceLifecycle

/// `serve --demo`: a demo clinic (`demo`) founded by a demo counsellor whose keystore and
/// passphrase lie in the data folder, so that a newcomer can write a message and answer it
/// within minutes. Demo only: a real clinic's keys never sit beside the relay.
struct DemoClinic: Sendable {
    static let slug = "demo"
    static let counsellorName = "Demo-behandlaren"

    let configuration: RelayConfiguration
    let store: any RelayStore

    var folder: String { configuration.dataDirectory + "/demo" }
    var staffHome: String { folder + "/staff" }
    var keystorePath: String { staffHome + "/keystore" }
    var passphrasePath: String { staffHome + "/passphrase" }

    static let profile: ClinicProfile = {
        var profile = ClinicProfile(
            slug: slug, name: "KAST Demo (bara för att prova)", region: "Demolän", municipalities: ["Demostad", "Provköping"],
            phone: "000-00 00 00", phoneHours: "tisdagar och torsdagar 08:30–09:30 (demo: ingen svarar)",
            answerTime: "så fort du svarar själv med lucka-staff", channels: Channel.allCases, languages: ["sv", "en"],
            about: "En demomottagning på den här datorn. Skriv inget på riktigt här: demonycklarna och deras lösenfras ligger i relayns datamapp.")
        // How a real clinic words it, in its own profile, in Swedish and English.
        profile.confidentiality = """
            Vi som arbetar här har tystnadsplikt. Den bryts bara om vi får veta att ett barn far illa: \
            då måste vi göra en orosanmälan till socialtjänsten. Du bestämmer själv vad du berättar.
            """
        profile.translations = ["en": .init(
            name: "KAST Demo (just for trying)",
            about: "A demo clinic on this computer. Write nothing real here: the demo keys and their passphrase lie in the relay's data folder.",
            phoneHours: "Tuesdays and Thursdays 08:30–09:30 (demo: nobody answers)",
            answerTime: "as soon as you answer yourself with lucka-staff",
            confidentiality: """
                We who work here are bound by confidentiality. It is broken only if we learn that a child is being harmed: \
                then we must report it to social services. You decide what you tell us.
                """)]
        return profile
    }()

    /// Before serving: the demo never joins a relay that hosts real clinics, and an
    /// interrupted first run is reported, not papered over.
    func checkDataFolder() async throws {
        let clinics = try await store.clinics()
        let others = clinics.filter { $0.slug != Self.slug }.map(\.slug)
        guard others.isEmpty else {
            throw fail("refusing to add the demo clinic: \(configuration.dataDirectory) already hosts \(others.joined(separator: ", ")). "
                + "The demo keeps its keys in the data folder; give it a folder of its own, e.g. --data-dir ./lucka-demo.")
        }
        let fresh = "Start the demo in a fresh folder (e.g. --data-dir ./lucka-demo-2), or delete \(configuration.dataDirectory)."
        if let demo = clinics.first, !demo.isSetUp {
            throw fail("the demo clinic in \(configuration.dataDirectory) was never set up (an earlier start was interrupted). \(fresh)")
        }
        if !clinics.isEmpty && !FileManager.default.fileExists(atPath: keystorePath) {
            throw fail("the demo counsellor's keystore \(keystorePath) is missing. \(fresh)")
        }
    }

    /// After the server listens: founds the clinic on the first run, through the API as a
    /// real founding admin would; later runs point the keystore at this run's address.
    func prepare(port: Int) async throws {
        let url = "http://127.0.0.1:\(port)"
        if try await store.clinic(slug: Self.slug) == nil {
            try await found(relayURL: url)
            return
        }
        let passphrase = try Terminal.secret(fromFile: passphrasePath)
        var keystore = try StaffKeystore.open(at: keystorePath, passphrase: passphrase)
        if keystore.settings.relayURL != url {
            keystore.settings.relayURL = url
            try keystore.save(at: keystorePath, passphrase: passphrase)
        }
    }

    private func found(relayURL: String) async throws {
        for folder in [folder, staffHome] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        // Left over from a database that was deleted: demo keys only, replaced.
        for path in [keystorePath, passphrasePath] where FileManager.default.fileExists(atPath: path) {
            try FileManager.default.removeItem(atPath: path)
        }
        var secret = Array(("demo-only-" + Random.bytes(12).hex).utf8)
        let passphrase = SecureBytes(copying: secret)
        let label = """

            # DEMO ONLY. The first line unlocks the demo counsellor's keystore beside this file
            # (lucka-staff --demo reads it). Real counsellors keep their keystore on their own
            # computer, protected by a passphrase that is never written down.

            """
        try SecureFile.write(secret + Array(label.utf8), to: passphrasePath, replace: false)
        secret.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        try SecureFile.write(Array(Self.readme.utf8), to: folder + "/README-DEMO-ONLY.txt", replace: true)

        let invitation = try await ClinicAdministration(store: store, configuration: configuration).createClinic(slug: Self.slug)
        let keys = try StaffKeys.generate()
        let client = RelayClient(baseURL: relayURL)
        let (member, fingerprint) = try await StaffSession.enrol(
            relay: client, keys: keys, token: invitation.token, displayName: Self.counsellorName, founding: Self.profile)
        let keystore = StaffKeystore(keys: keys, settings: StaffSettings(
            relayURL: relayURL, clinic: member.clinic, clinicFingerprint: fingerprint?.digits,
            displayName: member.displayName, staffID: member.id))
        try keystore.create(at: keystorePath, passphrase: passphrase)
    }

    static let readme = """
        DEMO ONLY

        This folder belongs to `lucka-relay serve --demo`. It holds the demo counsellor's
        keystore (staff/keystore) and, in plain text, the passphrase that unlocks it
        (staff/passphrase). Anyone who can read this folder can read every conversation
        of the demo clinic. Never use the demo clinic for real conversations.

        A real clinic's admin and counsellors create their keys on their own computers
        with `lucka-staff keygen`; see deploy/OPERATING.md.

        """

    /// What to do next, printed once the demo is ready.
    func instructions(port: Int) -> String {
        let page = configuration.displayURL(port: port) + "/c/" + Self.slug
        var staff = Self.invocation("lucka-staff") + " --demo"
        if configuration.dataDirectory != RelayConfiguration().dataDirectory {
            staff += " --data-dir \(Self.quoted(configuration.dataDirectory))"
        }
        return """

            Lucka demo: a clinic called "\(Self.slug)" and its counsellor, on this computer only.
            DEMO ONLY: the counsellor's keys and passphrase lie in \(folder).

              1. Write as an anonymous person. Open this page in your browser, choose a channel,
                 write a message and keep the code the page shows you:

                     \(page)

              2. Answer as the clinic's counsellor. In another terminal, in this folder:

                     \(staff) inbox              # the new conversation and its HANDLE
                     \(staff) read HANDLE        # read it
                     \(staff) reply HANDLE       # your editor opens (or nano): write, save, close, confirm

              3. Read the answer as the writer: open \(configuration.displayURL(port: port))/return
                 and enter your code. You can write back from there.

            Stop the relay with Ctrl-C. Starting it again keeps the demo's conversations.

            """
    }

    /// `swift run NAME` when this relay was started from a source checkout, else `NAME`.
    static func invocation(_ name: String) -> String {
        (CommandLine.arguments[0].contains("/.build/") || CommandLine.arguments[0].hasPrefix(".build/")) ? "swift run \(name)" : name
    }

    static func quoted(_ path: String) -> String {
        path.allSatisfy { $0.isLetter || $0.isNumber || "/._-".contains($0) } ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Waits for the server to listen, prepares the demo clinic, says what to do next and
/// then the line scripts wait for ("serving on").
struct DemoService: Service {
    let clinic: DemoClinic
    let listening: AsyncStream<Int>

    func run() async throws {
        var ports = listening.makeAsyncIterator()
        guard let port = await ports.next() else { return }
        do {
            try await clinic.prepare(port: port)
        } catch let error as ClientError {
            throw fail("could not set up the demo clinic: \(error.message)")
        } catch let error as LuckaError {
            throw fail("could not set up the demo clinic: \(error.reason)")
        } catch let error as StoreError {
            throw fail("could not set up the demo clinic: \(error.reason)")
        }
        say(clinic.instructions(port: port))
        say("lucka-relay: serving on \(clinic.configuration.displayURL(port: port))")
    }
}
