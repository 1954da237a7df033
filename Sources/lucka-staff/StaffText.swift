import Foundation
import LuckaCore

/// The languages lucka-staff speaks.
enum Language: String, CaseIterable, Sendable {
    case sv, en

    /// From `--lang`, then LUCKA_LANG, then the locale (LC_ALL, LC_MESSAGES, LANG), then Swedish.
    static let current: Language = detect(arguments: CommandLine.arguments, environment: ProcessInfo.processInfo.environment)

    static func detect(arguments: [String], environment: [String: String]) -> Language {
        var rest = arguments[...]
        while let word = rest.popFirst(), word != "--" {
            if word == "--lang", let value = rest.first { return Language(tag: value) ?? .sv }
            if word.hasPrefix("--lang=") { return Language(tag: String(word.dropFirst(7))) ?? .sv }
        }
        if let value = environment["LUCKA_LANG"], let language = Language(tag: value) { return language }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            // The first locale variable that is set decides (POSIX order); C and POSIX are not a language.
            return Language(tag: value) ?? .sv
        }
        return .sv
    }

    /// "sv", "sv_SE.UTF-8", "en-GB", ...
    init?(tag: String) {
        let prefix = tag.prefix(2).lowercased()
        guard let language = Language(rawValue: prefix), tag.count == 2 || "_-.".contains(tag.dropFirst(2).first ?? " ") else { return nil }
        self = language
    }

    /// Takes `--lang X` and `--lang=X` out of the arguments (they were read by `current`).
    static func removingOption(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var rest = arguments[...]
        while let word = rest.popFirst() {
            if word == "--" {
                result.append(word)
                result += rest
                break
            }
            if word == "--lang" {
                _ = rest.popFirst()
                continue
            }
            if word.hasPrefix("--lang=") { continue }
            result.append(word)
        }
        return result
    }
}

/// Every word lucka-staff's desk commands show a person, in Swedish and English side by
/// side. `{1}`, `{2}`, ... are filled in by `T(_:_:)`; the filled-in values are made
/// terminal-safe by the caller where they come from the relay or a writer. The switch is
/// exhaustive, so no key lacks a language; StaffTextTests checks the rest (no empty text,
/// the same placeholders in both, every key used in the code exists).
enum Text: String, CaseIterable {
    // Channels and statuses.
    case channelSelf, channelRelative, channelProfessional
    case statusNew, statusAnswered, statusClosed
    // inbox
    case inboxAbstract, inboxChannelHelp, inboxStatusHelp, inboxLimitHelp, inboxMineHelp, inboxUnassignedHelp, inboxOverdueHelp, jsonHelp
    case inboxHeader, inboxEmpty, inboxMore, inboxYou, inboxCannotOpen, inboxWaited, inboxOverdueLegend, inboxNobody, inboxMe
    case daysWorking, daysCalendar
    case noRow, mineAndUnassigned
    // take, give, release
    case takeAbstract, giveAbstract, releaseAbstract, rowOrHandleHelp, colleagueHelp
    case took, gave, released, noColleague, manyColleagues
    // watch
    case watchAbstract, watchIntervalHelp, watchOnceHelp, watchPollsHelp, watchIntervalRange
    case watchStarted, newMessages, watchUnreachable
    // audit
    case auditAbstract, auditFromHelp, auditToHelp, auditHeader, auditEmpty, auditBadDay
    case actionRead, actionReply, actionTake, actionGive, actionRelease, actionDelete, actionStatus
    // read
    case threadHeader, threadHandler, threadWarning, threadWriter, threadClinic, threadUnopenable
    // note
    case noteAbstract, noteDiscussion, noteTextHelp, textFileHelp, notePrompt, noteTooLong, noteSaved, emptyText, noteHeader, noteUnopenable
    // template
    case templateAbstract, templateAddAbstract, templateEditAbstract, templateListAbstract, templateRemoveAbstract, templateNameHelp
    case templateUnknown, templateExists, templateBadName, templatePrompt, templateTooLong, templateAdded, templateEdited, templateRemoved
    case templateNone, templateLine, templateUnopenable, replyTemplateHelp
    // reply
    case replyAbstract, replyDiscussion, replyFileHelp, replyEditHelp, replyYesHelp, replyPrompt, replyQuoteHint, replyDraftFound
    case replyPreview, replyConfirm, replyNotSent, replyFailed, replySent, editorFailed
    // shell
    case shellAbstract, shellIdleHelp, shellIdleRange, shellUnlocked, shellLockedIdle, shellHelp, shellNotHere, shellUnknownGuess, shellUnknown
    case shellLocked, shellWrongPassphrase, shellNoMoreTries, passphrasePrompt
}

extension Text {
    /// (Swedish, English).
    var pair: (sv: String, en: String) {
        switch self {
        case .channelSelf: ("egen", "self")
        case .channelRelative: ("anhörig", "relative")
        case .channelProfessional: ("yrkesverksam", "professional")
        case .statusNew: ("ny", "new")
        case .statusAnswered: ("besvarad", "answered")
        case .statusClosed: ("stängd", "closed")

        case .inboxAbstract: ("Visa kön: de som väntat längst först, sedan övriga.", "Show the queue: the longest waiting first, then the rest.")
        case .inboxChannelHelp: ("Bara denna kanal: self, relative eller professional.", "Only this channel: self, relative or professional.")
        case .inboxStatusHelp: ("Bara denna status: new, answered eller closed.", "Only this status: new, answered or closed.")
        case .inboxLimitHelp: ("Hur många samtal som visas (1–1000).", "How many conversations to show (1–1000).")
        case .inboxMineHelp: ("Bara samtal du handlägger.", "Only conversations you handle.")
        case .inboxUnassignedHelp: ("Bara samtal som ingen handlägger.", "Only conversations nobody handles.")
        case .inboxOverdueHelp: ("Bara samtal som väntat längre än mottagningen lovar.", "Only conversations waiting longer than the clinic promises.")
        case .jsonHelp: ("Skriv JSON.", "Print JSON.")
        case .inboxHeader: ("NR  ID            KANAL         STATUS     VÄNTAT    HANDLÄGGARE   OLÄST  SENAST", "NO  HANDLE        CHANNEL       STATUS     WAITING   HANDLER       UNREAD LATEST")
        case .inboxEmpty: ("Inga samtal.", "No conversations.")
        case .inboxMore: ("(fler finns: {1} visas; använd --limit eller filter)", "(more: {1} shown; use --limit or filters)")
        case .inboxYou: ("Du: ", "You: ")
        case .inboxCannotOpen: ("(kan inte öppnas)", "(cannot be opened)")
        case .inboxWaited: ("{1} d", "{1} d")
        case .inboxOverdueLegend: ("! = har väntat längre än mottagningens löfte ({1} {2}).", "! = waiting longer than the clinic's promise ({1} {2}).")
        case .inboxNobody: ("–", "–")
        case .inboxMe: ("du", "you")
        case .daysWorking: ("arbetsdagar", "working days")
        case .daysCalendar: ("dagar", "days")
        case .noRow: ("rad {1} finns inte i den senaste listan: kör inbox igen", "row {1} is not in the last listing: run inbox again")
        case .mineAndUnassigned: ("--mine och --unassigned går inte ihop", "--mine and --unassigned exclude each other")

        case .takeAbstract: ("Ta ett samtal: du handlägger det.", "Take a conversation: you handle it.")
        case .giveAbstract: ("Lämna över ett samtal till en kollega.", "Hand a conversation over to a colleague.")
        case .releaseAbstract: ("Släpp ett samtal: ingen handlägger det.", "Release a conversation: nobody handles it.")
        case .rowOrHandleHelp: ("Radnumret i den senaste inbox-listan, eller samtalets id.", "The row number in the last inbox listing, or the conversation's handle.")
        case .colleagueHelp: ("Kollegans namn eller id (staff list).", "The colleague's name or id (staff list).")
        case .took: ("Du handlägger nu {1}.", "You now handle {1}.")
        case .gave: ("{1} handläggs nu av {2}.", "{1} is now handled by {2}.")
        case .released: ("Ingen handlägger {1} nu.", "Nobody handles {1} now.")
        case .noColleague: ("ingen aktiv kollega heter {1} (se staff list)", "no active colleague is called {1} (see staff list)")
        case .manyColleagues: ("flera kollegor heter {1}: ange id:t från staff list", "several colleagues are called {1}: give the id from staff list")

        case .watchAbstract: ("Säg till när ett meddelande kommer (utan innehåll), på terminalen och med notify-send.", "Say when a message arrives (no content), on the terminal and with notify-send.")
        case .watchIntervalHelp: ("Sekunder mellan frågorna till reläet (standard 60).", "Seconds between asking the relay (default 60).")
        case .watchOnceHelp: ("Sluta efter första beskedet.", "Stop after the first notice.")
        case .watchPollsHelp: ("Sluta efter så här många frågor (för skript).", "Stop after this many polls (for scripts).")
        case .watchIntervalRange: ("--interval ska vara 1 till 3600 sekunder", "--interval must be 1 to 3600 seconds")
        case .watchStarted: ("Bevakar inkorgen var {1}:e sekund. Avsluta med Ctrl-C.", "Watching the inbox every {1} seconds. Stop with Ctrl-C.")
        case .newMessages: ("Nya meddelanden", "New messages")
        case .watchUnreachable: ("Reläet svarar inte just nu; försöker igen.", "The relay does not answer right now; trying again.")

        case .auditAbstract: ("Granskningsloggen (administratörer): vem gjorde vad med vilket samtal, per dag.", "The audit log (admins): who did what to which conversation, by day.")
        case .auditFromHelp: ("Från och med denna dag (ÅÅÅÅ-MM-DD).", "From this day (YYYY-MM-DD).")
        case .auditToHelp: ("Till och med denna dag (ÅÅÅÅ-MM-DD).", "To this day (YYYY-MM-DD).")
        case .auditHeader: ("DAG         VEM                 HANDLING              SAMTAL", "DAY         WHO                 ACTION                CONVERSATION")
        case .auditEmpty: ("Inga händelser.", "No entries.")
        case .auditBadDay: ("{1} är inte en dag (ÅÅÅÅ-MM-DD)", "{1} is not a day (YYYY-MM-DD)")
        case .actionRead: ("läste", "read")
        case .actionReply: ("svarade", "replied")
        case .actionTake: ("tog", "took")
        case .actionGive: ("gav till {1}", "gave to {1}")
        case .actionRelease: ("släppte", "released")
        case .actionDelete: ("raderade ett samtal", "deleted a conversation")
        case .actionStatus: ("satte status {1}", "set status {1}")

        case .threadHeader: ("Samtal {1} · {2} · {3} · raderas {4}", "Thread {1} · {2} · {3} · expires {4}")
        case .threadHandler: ("Handläggare: {1}", "Handler: {1}")
        case .threadWarning: ("!! VARNING: samtalet kunde inte verifieras. Reläet kan ha tappat, ändrat eller kastat om meddelanden:", "!! WARNING: this thread did not verify. The relay may have dropped, changed or reordered messages:")
        case .threadWriter: ("SKRIBENT", "WRITER")
        case .threadClinic: ("MOTTAGNINGEN ({1})", "CLINIC ({1})")
        case .threadUnopenable: ("KAN INTE ÖPPNAS", "COULD NOT BE OPENED")

        case .noteAbstract: ("Skriv en intern anteckning i ett samtal, för kollegorna.", "Write an internal note on a conversation, for your colleagues.")
        case .noteDiscussion: ("Anteckningen krypteras så att bara mottagningens personal kan läsa den, aldrig skribenten eller reläet, och signeras av dig. Den visas i read mellan meddelandena.", "The note is encrypted so that only the clinic's staff can read it, never the writer or the relay, and signed by you. read shows it between the messages.")
        case .noteTextHelp: ("Anteckningens text (annars från --file, standard in eller en prompt).", "The note's text (otherwise from --file, standard input or a prompt).")
        case .textFileHelp: ("Läs texten från denna fil.", "Read the text from this file.")
        case .notePrompt: ("Skriv anteckningen till {1}:", "Write the note on {1}:")
        case .noteTooLong: ("anteckningen är {1} byte; högst {2} går", "the note is {1} bytes; at most {2} fit")
        case .noteSaved: ("Intern anteckning #{1} sparad i {2}. Bara mottagningens personal kan läsa den.", "Internal note #{1} saved on {2}. Only the clinic's staff can read it.")
        case .emptyText: ("texten är tom", "the text is empty")
        case .noteHeader: ("── INTERN ANTECKNING #{1} av {2} · {3} · syns aldrig för skribenten", "── INTERNAL NOTE #{1} by {2} · {3} · never shown to the writer")
        case .noteUnopenable: ("── INTERN ANTECKNING #{1} · {2} · KAN INTE ÖPPNAS: {3}", "── INTERNAL NOTE #{1} · {2} · COULD NOT BE OPENED: {3}")

        case .templateAbstract: ("Mottagningens svarsmallar: add, edit, list, remove (lägga till och ändra: administratörer).", "The clinic's answer templates: add, edit, list, remove (adding and changing: admins).")
        case .templateAddAbstract: ("Lägg till en mall.", "Add a template.")
        case .templateEditAbstract: ("Skriv om en mall.", "Rewrite a template.")
        case .templateListAbstract: ("Visa mallarna.", "List the templates.")
        case .templateRemoveAbstract: ("Ta bort en mall.", "Remove a template.")
        case .templateNameHelp: ("Mallens namn, t.ex. \"första-svar\".", "The template's name, e.g. \"first-answer\".")
        case .templateUnknown: ("ingen mall heter {1} (se template list)", "no template is called {1} (see template list)")
        case .templateExists: ("en mall heter redan {1}: använd template edit", "a template called {1} exists: use template edit")
        case .templateBadName: ("ett mallnamn är 1 till {1} byte på en rad", "a template name is 1 to {1} bytes on one line")
        case .templatePrompt: ("Skriv mallen {1}:", "Write the template {1}:")
        case .templateTooLong: ("mallen är {1} byte; högst {2} går", "the template is {1} bytes; at most {2} fit")
        case .templateAdded: ("Mallen {1} är sparad, krypterad för mottagningens personal.", "Template {1} is saved, encrypted for the clinic's staff.")
        case .templateEdited: ("Mallen {1} är ändrad.", "Template {1} is changed.")
        case .templateRemoved: ("Mallen {1} är borttagen.", "Template {1} is removed.")
        case .templateNone: ("Inga mallar ännu.", "No templates yet.")
        case .templateLine: ("{1}: {2}", "{1}: {2}")
        case .templateUnopenable: ("{1}: kan inte öppnas: {2}", "{1}: cannot be opened: {2}")
        case .replyAbstract: ("Svara i ett samtal. Ditt namn följer med i det krypterade meddelandet.", "Answer a conversation. Your display name goes inside the encrypted message.")
        case .replyDiscussion: ("Vid en terminal öppnas $VISUAL, $EDITOR eller nano med samtalet citerat under en klipplinje; sedan visas svaret och frågan Skicka? (j/n). Text från --file eller standard in tas hel. Ett svar som inte gick att skicka sparas krypterat och erbjuds nästa gång.", "At a terminal, $VISUAL, $EDITOR or nano opens with the conversation quoted below a cut line; then the reply is shown with Send? (y/n). Text from --file or standard input is taken whole. A reply that could not be sent is kept encrypted and offered the next time.")
        case .replyFileHelp: ("Läs svaret från denna fil.", "Read the reply from this file.")
        case .replyEditHelp: ("Skriv i redigeraren även utan terminal (för skript).", "Write in the editor even without a terminal (for scripts).")
        case .replyYesHelp: ("Skicka utan att fråga.", "Send without asking.")
        case .replyPrompt: ("Skriv ditt svar till {1}:", "Write your reply to {1}:")
        case .replyQuoteHint: ("# Skriv ditt svar ovanför linjen; allt under den tas bort.", "# Write your reply above the line; everything below it is ignored.")
        case .replyDraftFound: ("Det finns ett sparat utkast till {1}; svaret börjar med det.", "There is a kept draft for {1}; the reply starts from it.")
        case .replyPreview: ("Ditt svar till {1}:", "Your reply to {1}:")
        case .replyConfirm: ("Skicka? (j/n) ", "Send? (y/n) ")
        case .replyNotSent: ("Inte skickat. Utkastet är sparat krypterat; reply {1} tar upp det igen.", "Not sent. The draft is kept encrypted; reply {1} offers it again.")
        case .replyFailed: ("{1}. Svaret är inte skickat; det är sparat krypterat och reply {2} erbjuder det igen", "{1}. The reply was not sent; it is kept encrypted and reply {2} offers it again")
        case .replySent: ("Skickat som meddelande {1}, undertecknat {2}. Samtalet är markerat besvarat.", "Sent as message {1}, signed {2}. The conversation is marked answered.")
        case .editorFailed: ("redigeraren avslutades med status {1}; inget skickades", "the editor exited with status {1}; nothing was sent")
        case .shellAbstract: ("Lås upp nycklarna en gång och skriv sedan kommandon (inbox, read 1, reply 1, ...). exit låser.", "Unlock your keys once, then type commands (inbox, read 1, reply 1, ...). exit locks.")
        case .shellIdleHelp: ("Lås efter så här många minuter utan inmatning (standard 15).", "Lock after this many minutes without input (default 15).")
        case .shellIdleRange: ("--idle-minutes ska vara 1 till 1440", "--idle-minutes must be 1 to 1440")
        case .shellUnlocked: ("Upplåst. Skriv help för kommandona, exit för att låsa.", "Unlocked. Type help for the commands, exit to lock.")
        case .shellLockedIdle: ("Låst efter en stund utan inmatning. Nästa kommando frågar efter lösenfrasen.", "Locked after a while without input. The next command asks for the passphrase.")
        case .shellHelp: ("Dagens kommandon (N = radnumret i senaste inbox):\n  inbox [--mine|--unassigned|--overdue]   kön, de som väntat längst först\n  take N · give N NAMN · release N       vem som handlägger\n  read N                                  hela samtalet, med interna anteckningar\n  reply N [--template NAMN]               svara\n  note N \"text\"                           intern anteckning till kollegorna\n  status N new|answered|closed            ändra status\n  template list                           svarsmallarna\n  help all · exit", "The day's commands (N = the row number in the last inbox):\n  inbox [--mine|--unassigned|--overdue]   the queue, the longest waiting first\n  take N · give N NAME · release N       who handles what\n  read N                                  the whole conversation, with internal notes\n  reply N [--template NAME]               answer\n  note N \"text\"                           internal note for your colleagues\n  status N new|answered|closed            change the status\n  template list                           the answer templates\n  help all · exit")
        case .shellNotHere: ("{1} går inte att använda i skalet: avsluta och kör det för sig.", "{1} is not available inside the shell: exit and run it on its own.")
        case .shellUnknownGuess: ("Okänt kommando '{1}' – menade du '{2}'?", "Unknown command '{1}' – did you mean '{2}'?")
        case .shellUnknown: ("Okänt kommando '{1}'. Skriv help.", "Unknown command '{1}'. Type help.")
        case .shellLocked: ("Låst.", "Locked.")
        case .shellWrongPassphrase: ("Fel lösenfras. Försök igen ({1} försök kvar).", "Wrong passphrase. Try again ({1} tries left).")
        case .shellNoMoreTries: ("fel lösenfras tre gånger; skalet avslutas", "wrong passphrase three times; the shell ends")
        case .passphrasePrompt: ("Lösenfras: ", "Passphrase: ")
        case .replyTemplateHelp: ("Börja svaret med denna mall.", "Start the reply from this template.")
        }
    }

    func text(in language: Language) -> String {
        switch language {
        case .sv: pair.sv
        case .en: pair.en
        }
    }
}

/// The text for `key` in the current language, with `{1}`, `{2}`, ... filled in.
func T(_ key: Text, _ values: String...) -> String { fill(key.text(in: Language.current), values) }

/// Fills `{1}` to `{9}` in one pass, so a value that itself holds "{2}" stays as it is.
func fill(_ template: String, _ values: [String]) -> String {
    var out = ""
    var characters = template[...]
    while let character = characters.popFirst() {
        if character == "{", let digit = characters.first?.wholeNumberValue, characters.dropFirst().first == "}", (1...values.count).contains(digit) {
            out += values[digit - 1]
            characters = characters.dropFirst(2)
        } else {
            out.append(character)
        }
    }
    return out
}

extension Channel {
    var localized: String {
        switch self {
        case .self: T(.channelSelf)
        case .relative: T(.channelRelative)
        case .professional: T(.channelProfessional)
        }
    }
}

extension ThreadStatus {
    var localized: String {
        switch self {
        case .new: T(.statusNew)
        case .answered: T(.statusAnswered)
        case .closed: T(.statusClosed)
        }
    }
}
