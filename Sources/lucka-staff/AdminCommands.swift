import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension LuckaStaff {
    struct Staff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: T(.staffAbstract),
            subcommands: [Invite.self, List.self, Approve.self, Remove.self])

        struct Invite: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: T(.inviteAbstract))
            @OptionGroup var options: StaffOptions
            @Option(help: ArgumentHelp(T(.roleHelp))) var role: StaffRole = .counsellor

            func run() async throws {
                try await reporting {
                    let (_, session) = try options.session()
                    let invitation = try await session.invite(role: role)
                    print(T(.invited, role.rawValue, Display.safe(invitation.expires)) + "\n")
                    print("    " + invitation.token + "\n")
                    print(T(.inviteNext))
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: T(.staffListAbstract))
            @OptionGroup var options: StaffOptions
            @Flag(help: ArgumentHelp(T(.jsonHelp))) var json = false

            func run() async throws {
                try await reporting {
                    let (_, session) = try options.session()
                    let members = try await session.members()
                    if json { return try printJSON(members) }
                    for member in members {
                        print([Display.safe(member.id), Display.safe(member.displayName), member.role.rawValue, member.status.rawValue].joined(separator: "  "))
                        print("    " + T(.fingerprintLine, LuckaCore.Fingerprint(publicKey: member.signingKey.bytes).description))
                    }
                }
            }
        }

        struct Approve: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: T(.approveAbstract), discussion: T(.approveDiscussion))
            @OptionGroup var options: StaffOptions
            @Argument(help: ArgumentHelp(T(.colleagueIDHelp))) var id: String
            @Option(help: ArgumentHelp(T(.approveFingerprintHelp))) var fingerprint: String?

            func run() async throws {
                try await reporting {
                    let (_, session) = try options.session()
                    guard let member = try await session.members().first(where: { $0.id == id }) else {
                        throw ClientError(.local, T(.noColleagueID, TerminalSafe.line(id)))
                    }
                    let name = Display.safe(member.displayName)
                    guard member.status == .pending else { throw ClientError(.local, T(.notPending, name, member.status.rawValue)) }
                    let actual = LuckaCore.Fingerprint(publicKey: member.signingKey.bytes)
                    if let fingerprint {
                        guard try LuckaCore.Fingerprint(parsing: fingerprint) == actual else {
                            throw ClientError(.verification, T(.fingerprintMismatch, name))
                        }
                    } else {
                        print(T(.hasFingerprint, name, member.role.rawValue) + "\n    \(actual)")
                        guard Terminal.confirm(T(.doesItMatch, name), hint: T(.yesNoHint)) else {
                            print(T(.notApproved))
                            return
                        }
                    }
                    try await session.approve(member, with: try await session.clinicKeys())
                    print(T(.approved, name))
                }
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: T(.removeAbstract), discussion: T(.removeDiscussion))
            @OptionGroup var options: StaffOptions
            @Argument(help: ArgumentHelp(T(.colleagueIDHelp))) var id: String
            @Flag(help: ArgumentHelp(T(.noConfirmHelp))) var yes = false

            func run() async throws {
                try await reporting {
                    let (_, session) = try options.session()
                    guard let member = try await session.members().first(where: { $0.id == id && $0.status != .removed }) else {
                        throw ClientError(.local, T(.noColleagueToRemove, TerminalSafe.line(id)))
                    }
                    let name = Display.safe(member.displayName)
                    let question = T(.removeQuestion, name, member.role.rawValue)
                    guard yes || Terminal.confirm(question, hint: T(.yesNoHint)) else {
                        print(T(.nobodyRemoved))
                        return
                    }
                    try await session.remove(member.id, with: try await session.clinicKeys())
                    print(T(.removed, name))
                    if member.role == .admin {
                        print("")
                        print(T(.removedAdmin, name))
                    }
                }
            }
        }
    }

    struct Clinic: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: T(.clinicAbstract), subcommands: [Profile.self, Rotate.self, NewIdentity.self, TrustIdentity.self])

        struct Profile: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: T(.profileAbstract))
            @OptionGroup var options: StaffOptions
            @Option(help: ArgumentHelp(T(.profileNameHelp))) var name: String?
            @Option(help: ArgumentHelp(T(.profilePhoneHelp))) var phone: String?
            @Option(help: ArgumentHelp(T(.profilePhoneHoursHelp))) var phoneHours: String?
            @Option(help: ArgumentHelp(T(.profileAnswerTimeHelp))) var answerTime: String?
            @Option(help: ArgumentHelp(T(.profileChannelsHelp))) var channels: String?
            @Option(help: ArgumentHelp(T(.profileAboutHelp))) var about: String?
            @Option(help: ArgumentHelp(T(.profileAnswerDaysHelp))) var answerDays: Int?
            @Option(help: ArgumentHelp(T(.profileAnswerDaysKindHelp))) var answerDaysKind: ClinicProfile.AnswerDaysKind?
            @Option(help: ArgumentHelp(T(.profileConfidentialityHelp))) var confidentiality: String?
            @Option(help: ArgumentHelp(T(.profileTranslationsHelp), valueName: "file")) var translations: String?

            func run() async throws {
                try await reporting {
                    let (_, session) = try options.session()
                    let keys = try await session.clinicKeys()
                    var profile = keys.clinic.profile
                    let changes = [name, phone, phoneHours, answerTime, channels, about, confidentiality, translations].contains { $0 != nil }
                        || answerDays != nil || answerDaysKind != nil
                    if changes {
                        if let name { profile.name = name }
                        if let phone { profile.phone = phone }
                        if let phoneHours { profile.phoneHours = phoneHours }
                        if let answerTime { profile.answerTime = answerTime }
                        if let about { profile.about = about }
                        if let answerDays { profile.answerDays = answerDays }
                        if let answerDaysKind { profile.answerDaysKind = answerDaysKind }
                        if let confidentiality { profile.confidentiality = confidentiality.isEmpty ? nil : confidentiality }
                        if let translations {
                            guard let data = FileManager.default.contents(atPath: translations),
                                  let parsed = try? JSONDecoder().decode([String: ClinicProfile.Texts].self, from: data)
                            else { throw ClientError(.local, T(.badTranslationsFile, translations)) }
                            profile.translations = parsed.isEmpty ? nil : parsed
                        }
                        if let channels {
                            let list = channels.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                            let parsed = list.compactMap(Channel.init(rawValue:))
                            guard parsed.count == list.count, !parsed.isEmpty else { throw ClientError(.local, T(.channelsAre)) }
                            profile.channels = parsed
                        }
                        try await session.updateProfile(profile, with: keys)
                        print(T(.profilePublished))
                    }
                    try printJSON(profile)
                }
            }
        }

        struct Rotate: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: T(.rotateAbstract))
            @OptionGroup var options: StaffOptions

            func run() async throws {
                try await reporting {
                    let (_, session) = try options.session()
                    let keys = try await session.clinicKeys()
                    try await session.rotate(with: keys)
                    print(T(.rotated, String(keys.clinic.current.epoch + 1)))
                }
            }
        }
    }
}
