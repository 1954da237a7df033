import ArgumentParser
import Foundation
import LuckaClient
import LuckaCore

extension LuckaStaff {
    struct Template: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: T(.templateAbstract), subcommands: [Add.self, Edit.self, List.self, Remove.self])

        /// The clinic's templates, opened, by name.
        static func load(_ session: StaffSession, _ keys: ClinicKeys) async throws -> [OpenedTemplate] {
            try await session.templates(with: keys, members: try await session.members())
        }

        static func find(_ name: String, in templates: [OpenedTemplate]) throws -> OpenedTemplate {
            guard
                let found = templates.first(where: {
                    $0.template?.name.compare(name, options: [.caseInsensitive]) == .orderedSame
                })
            else {
                throw ClientError(.local, T(.templateUnknown, name))
            }
            return found
        }

        static func text(file: String?, name: String) throws -> String {
            let text = try Terminal.messageText(file: file, prompt: T(.templatePrompt, Display.safe(name)), hint: T(.dotHint), empty: T(.emptyText))
            guard text.utf8.count <= SealedNote.maximumTemplateLength else {
                throw ClientError(.local, T(.templateTooLong, String(text.utf8.count), String(SealedNote.maximumTemplateLength)))
            }
            return text
        }

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: T(.templateAddAbstract))
            @OptionGroup var options: StaffOptions
            @Argument(help: ArgumentHelp(T(.templateNameHelp))) var name: String
            @Option(help: ArgumentHelp(T(.textFileHelp))) var file: String?

            func run() async throws {
                try await reporting {
                    let (_, session) = try options.session()
                    let keys = try await session.clinicKeys()
                    let existing = try await Template.load(session, keys)
                    guard (try? Template.find(name, in: existing)) == nil else {
                        throw ClientError(.local, T(.templateExists, name))
                    }
                    guard (1...SealedNote.maximumNameLength).contains(name.utf8.count), !name.contains(where: \.isNewline) else {
                        throw ClientError(.local, T(.templateBadName, String(SealedNote.maximumNameLength)))
                    }
                    let text = try Template.text(file: file, name: name)
                    try await session.putTemplate(id: nil, name: name, text: text, with: keys)
                    print(T(.templateAdded, Display.safe(name)))
                }
            }
        }

        struct Edit: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: T(.templateEditAbstract))
            @OptionGroup var options: StaffOptions
            @Argument(help: ArgumentHelp(T(.templateNameHelp))) var name: String
            @Option(help: ArgumentHelp(T(.textFileHelp))) var file: String?

            func run() async throws {
                try await reporting {
                    let (_, session) = try options.session()
                    let keys = try await session.clinicKeys()
                    let found = try Template.find(name, in: try await Template.load(session, keys))
                    let text = try Template.text(file: file, name: name)
                    try await session.putTemplate(id: found.id, name: found.template?.name ?? name, text: text, with: keys)
                    print(T(.templateEdited, Display.safe(name)))
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: T(.templateListAbstract))
            @OptionGroup var options: StaffOptions

            func run() async throws {
                try await reporting {
                    let (_, session) = try options.session()
                    let templates = try await Template.load(session, try await session.clinicKeys())
                    guard !templates.isEmpty else {
                        print(T(.templateNone))
                        return
                    }
                    for entry in templates {
                        if let template = entry.template {
                            print(T(.templateLine, Display.safe(template.name), Display.safe(Display.preview(template.text))))
                        } else {
                            print(T(.templateUnopenable, Display.safe(entry.id), Display.safe(entry.problem ?? "")))
                        }
                    }
                }
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: T(.templateRemoveAbstract))
            @OptionGroup var options: StaffOptions
            @Argument(help: ArgumentHelp(T(.templateNameHelp))) var name: String

            func run() async throws {
                try await reporting {
                    let (_, session) = try options.session()
                    let found = try Template.find(name, in: try await Template.load(session, try await session.clinicKeys()))
                    try await session.deleteTemplate(id: found.id)
                    print(T(.templateRemoved, Display.safe(name)))
                }
            }
        }
    }
}
