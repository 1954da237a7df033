import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension LuckaStaff {
    struct Staff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Colleagues: invite, list, approve, remove (admins).",
            subcommands: [Invite.self, List.self, Approve.self, Remove.self])

        struct Invite: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Make a one-time enrolment token for a new colleague (valid 7 days).")
            @OptionGroup var options: StaffOptions
            @Option(help: "counsellor or admin.") var role: StaffRole = .counsellor

            func run() async throws {
                try await reporting {
                    let (_, session) = try options.session()
                    let invitation = try await session.invite(role: role)
                    print("Enrolment token for a new \(role.rawValue) (valid until \(invitation.expires), shown once):\n")
                    print("    \(invitation.token)\n")
                    print("Give it to your colleague in person or by phone. After they enrol, compare fingerprints and run `lucka-staff staff approve ID`.")
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the clinic's staff with their status and fingerprints.")
            @OptionGroup var options: StaffOptions
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                try await reporting {
                    let (_, session) = try options.session()
                    let members = try await session.members()
                    if json { return try printJSON(members) }
                    for member in members {
                        print("\(Display.safe(member.id))  \(Display.safe(member.displayName))  \(member.role.rawValue)  \(member.status.rawValue)")
                        print("    fingerprint \(LuckaCore.Fingerprint(publicKey: member.signingKey.bytes))")
                    }
                }
            }
        }

        struct Approve: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Approve a colleague who has enrolled, after comparing fingerprints.",
                discussion: "Ask your colleague to read their fingerprint (lucka-staff fingerprint) by phone or in person, and compare it with the one shown here before you answer yes.")
            @OptionGroup var options: StaffOptions
            @Argument(help: "The colleague's id, from `staff list`.") var id: String
            @Option(help: "The fingerprint your colleague read to you; approves without asking if it matches.") var fingerprint: String?

            func run() async throws {
                try await reporting {
                    let (_, session) = try options.session()
                    guard let member = try await session.members().first(where: { $0.id == id }) else {
                        throw ClientError(.local, "no colleague with id \(id)")
                    }
                    let name = Display.safe(member.displayName)
                    guard member.status == .pending else { throw ClientError(.local, "\(name) is \(member.status.rawValue), not waiting for approval") }
                    let actual = LuckaCore.Fingerprint(publicKey: member.signingKey.bytes)
                    if let fingerprint {
                        guard try LuckaCore.Fingerprint(parsing: fingerprint) == actual else {
                            throw ClientError(.verification, "the fingerprint does not match \(name)'s key: do not approve; ask them to enrol again")
                        }
                    } else {
                        print("\(name) (\(member.role.rawValue)) has this fingerprint:\n    \(actual)")
                        guard Terminal.confirm("Does it match what \(name) reads to you?") else {
                            print("Not approved.")
                            return
                        }
                    }
                    try await session.approve(member, with: try await session.clinicKeys())
                    print("\(name) is approved and can now read the clinic's conversations.")
                }
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Remove a colleague: their key stops working and a new inbox key is made for everyone else.",
                discussion: """
                    A removed colleague cannot read messages sent from now on. What they could read \
                    before, they may have kept. A removed admin also kept a copy of the clinic's \
                    signing key: run `lucka-staff clinic new-identity` afterwards.
                    """)
            @OptionGroup var options: StaffOptions
            @Argument(help: "The colleague's id, from `staff list`.") var id: String
            @Flag(help: "Do not ask for confirmation.") var yes = false

            func run() async throws {
                try await reporting {
                    let (_, session) = try options.session()
                    guard let member = try await session.members().first(where: { $0.id == id && $0.status != .removed }) else {
                        throw ClientError(.local, "no colleague with id \(id) to remove")
                    }
                    let name = Display.safe(member.displayName)
                    let question = "Remove \(name) (\(member.role.rawValue))? They will not be able to read messages sent from now on."
                    guard yes || Terminal.confirm(question) else {
                        print("Nobody removed.")
                        return
                    }
                    try await session.remove(member.id, with: try await session.clinicKeys())
                    print("\(name) is removed. Messages sent from now on use a new inbox key that only the remaining staff hold;")
                    print("what \(name) could read before, they may have kept.")
                    if member.role == .admin {
                        print("")
                        print("IMPORTANT: \(name) was an admin and kept a copy of the clinic's signing key. Together with the")
                        print("relay's operator they could still certify an inbox key of their own and read new messages.")
                        print("Give the clinic a new identity key now:")
                        print("    lucka-staff clinic new-identity")
                        print("and publish the new fingerprint it shows (website, printed cards).")
                    }
                }
            }
        }
    }

    struct Clinic: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The clinic's public profile and keys.", subcommands: [Profile.self, Rotate.self, NewIdentity.self, TrustIdentity.self])

        struct Profile: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show the clinic's public profile, or change parts of it and sign it again.")
            @OptionGroup var options: StaffOptions
            @Option(help: "The clinic's name.") var name: String?
            @Option(help: "Phone number.") var phone: String?
            @Option(help: "Phone hours, e.g. \"tisdagar och torsdagar 08:30–09:30\".") var phoneHours: String?
            @Option(help: "How soon you answer, e.g. \"inom tre arbetsdagar\".") var answerTime: String?
            @Option(help: "Channels offered, comma separated: self,relative,professional.") var channels: String?
            @Option(help: "A few sentences about the clinic.") var about: String?
            @Option(help: "The answer time as a number of days (1-60), for the queue's overdue mark.") var answerDays: Int?
            @Option(help: "How the answer days count: working (Monday to Friday) or calendar.") var answerDaysKind: ClinicProfile.AnswerDaysKind?

            func run() async throws {
                try await reporting {
                    let (_, session) = try options.session()
                    let keys = try await session.clinicKeys()
                    var profile = keys.clinic.profile
                    let changes = [name, phone, phoneHours, answerTime, channels, about].contains { $0 != nil } || answerDays != nil || answerDaysKind != nil
                    if changes {
                        if let name { profile.name = name }
                        if let phone { profile.phone = phone }
                        if let phoneHours { profile.phoneHours = phoneHours }
                        if let answerTime { profile.answerTime = answerTime }
                        if let about { profile.about = about }
                        if let answerDays { profile.answerDays = answerDays }
                        if let answerDaysKind { profile.answerDaysKind = answerDaysKind }
                        if let channels {
                            let list = channels.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                            let parsed = list.compactMap(Channel.init(rawValue:))
                            guard parsed.count == list.count, !parsed.isEmpty else { throw ClientError(.local, "channels are self, relative and professional") }
                            profile.channels = parsed
                        }
                        try await session.updateProfile(profile, with: keys)
                        print("Profile signed and published.")
                    }
                    try printJSON(profile)
                }
            }
        }

        struct Rotate: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Start a new inbox key for the whole clinic (scheduled rotation).")
            @OptionGroup var options: StaffOptions

            func run() async throws {
                try await reporting {
                    let (_, session) = try options.session()
                    let keys = try await session.clinicKeys()
                    try await session.rotate(with: keys)
                    print("New inbox key epoch \(keys.clinic.current.epoch + 1) started; earlier epochs stay readable.")
                }
            }
        }
    }
}
