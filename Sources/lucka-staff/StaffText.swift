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
    case noticesAbstract, noticesDiscussion, noticesShowAbstract, noticesSetAbstract, noticesSetDiscussion, noticesTargetHelp, noticesIntervalHelp, noticesDailyHelp, noticesClearHelp, noticesTestAbstract, noticeNoTargets, noticeTargets, noticeInterval, noticeDaily, noticeContent, noticeSaved, noticeCleared, noticeDelivered, noticeFailed, noticeDeliveryLine, noticeTargetOrClear, noticeDailyAndInterval, noticeHookHTTPS, noticeHiddenHook, statsAbstract, statsDiscussion, statsFromHelp, statsToHelp, statsFormatHelp, statsOutputHelp, statsBadFormat, statsBadMonth, statsWrote, cannotWrite
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
    case replyAbstract, replyDiscussion, replyFileHelp, replyEditHelp, replyYesHelp, replyPrompt, replyQuoteHint, replyDraftFound, replyDraftsMovedAside
    case replyPreview, replyConfirm, replyNotSent, replyFailed, replySent, editorFailed
    // shell
    case shellAbstract, shellIdleHelp, shellIdleRange, shellUnlocked, shellLockedIdle, shellHelp, shellNotHere, shellUnknownGuess, shellUnknown
    case shellLocked, shellWrongPassphrase, shellNoMoreTries, passphrasePrompt, unknownCommand, removeAbstract, removeDiscussion
    case yesNoHint, dotHint
    // options shared by every command
    case homeHelp, passphraseFileHelp, demoHelp, dataDirHelp, dataDirGoesWithDemo, demoSetsHome, noDemo, noKeystore, identityChanged
    // keygen, enroll, fingerprint, whoami; clinic new-identity, trust-identity
    case enrollDiscussion, newIdentityAbstract, newIdentityDiscussion, notEnrolled, onlyAdminIdentity, newIdentityQuestion, nothingChanged, newIdentityDone, trustIdentityAbstract, trustIdentityDiscussion, trustFingerprintHelp, trustsNoKey, trustedIdentity, keygenAbstract, keygenDiscussion, keystoreExists, choosePassphrase, typeAgain, passphrasesDiffer, keygenDone, enrollAbstract, relayHelp, nameHelp, tokenStdinHelp, foundHelp, profileFileHelp, pinHelp, foundNeedsProfile, profileGoesWithFound, relayScheme, alreadyEnrolled, tokenPrompt, enrolled, clinicFingerprint, mustBeApproved, publishFingerprint, cannotRead, badProfileFile, fingerprintAbstract, youFingerprint, clinicFingerprintLine, whoamiAbstract, whoami, whoamiRelay
    // staff, clinic (admins)
    case staffAbstract, inviteAbstract, roleHelp, invited, inviteNext, staffListAbstract, fingerprintLine, approveAbstract, approveDiscussion, colleagueIDHelp, approveFingerprintHelp, noColleagueID, notPending, fingerprintMismatch, hasFingerprint, doesItMatch, notApproved, approved, noColleagueToRemove, removeQuestion, nobodyRemoved, removed, removedAdmin, clinicAbstract, profileAbstract, profileNameHelp, profilePhoneHelp, profilePhoneHoursHelp, profileAnswerTimeHelp, profileChannelsHelp, profileAboutHelp, profileAnswerDaysHelp, profileAnswerDaysKindHelp, profileConfidentialityHelp, profileTranslationsHelp, badTranslationsFile, channelsAre, profilePublished, rotateAbstract, rotated
    // read, status, delete, export, junk, the root command
    case readAbstract, readDiscussion, readNotIntact, statusAbstract, statusArgumentHelp, statusSet, deleteAbstract, noConfirmHelp, deleteQuestion, nothingDeleted, deleted, exportAbstract, exportDiscussion, exportToHelp, exported, junkAbstract, junkDiscussion, junkYesHelp, junkDryRunHelp, junkNone, junkFound, junkQuestion, junkDeleted, junkSkipped, junkAdminOnly, junkAnsweredKept, rootAbstract, rootDiscussion, unreachable
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
        case .noticesAbstract: ("Aviseringar om nya meddelanden per e-post eller webbhook: show, set (admins), test (admins).", "Notices of new messages by e-mail or web hook: show, set (admins), test (admins).")
        case .noticesDiscussion: ("Relayn skickar varje mottagare högst en avisering per intervall (60 minuter till 24 timmar, om inte driften har sänkt minimum), eller en om dagen vid en bestämd timme, när någon har skrivit. En avisering säger bara mottagningens namn och \"Det finns nya meddelanden i Lucka\": inte hur många, vilken kanal eller vilket samtal, eller när. Mottagare är e-postadresser och https-adresser för webbhookar (ett POST i ntfy-stil), högst 10. Bara admins ser webbhookarnas adresser.", "The relay sends each target at most one notice per interval (60 minutes to 24 hours, unless the operator lowered the minimum), or one a day at a set hour, when writers have written. A notice says only the clinic's name and \"Det finns nya meddelanden i Lucka\": not how many, which channel or conversation, or when. Targets are e-mail addresses and https hook URLs (an ntfy-style POST), at most 10. Only admins see hook URLs.")
        case .noticesShowAbstract: ("Visa mottagningens aviseringsmottagare och intervall.", "Show the clinic's notice targets and interval.")
        case .noticesSetAbstract: ("Bestäm aviseringsmottagare och hur ofta (admins; skrivs i granskningsloggen).", "Set the notice targets and how often (admins; recorded in the audit log).")
        case .noticesSetDiscussion: ("--target ersätter hela listan (ange den en gång per mottagare); utan den står listan kvar. Exempel: lucka-staff notices set --target mottagningen@kommun.se --target https://ntfy.example.org/kast --interval 60", "--target replaces the whole list (give it once per target); without it the list stays. Example: lucka-staff notices set --target mottagningen@kommun.se --target https://ntfy.example.org/kast --interval 60")
        case .noticesTargetHelp: ("En e-postadress eller en https-adress för en webbhook; upprepa för flera.", "An e-mail address or https hook URL; repeat for several.")
        case .noticesIntervalHelp: ("Minuter mellan aviseringar, 60 till 1440 (lägre om driften tillåter).", "Minutes between notices, 60 to 1440 (lower if the operator allows it).")
        case .noticesDailyHelp: ("I stället: en avisering om dagen vid den här timmen (0 till 23, relayns tidszon).", "Instead: one notice a day at this hour (0 to 23, the relay's time zone).")
        case .noticesClearHelp: ("Ta bort alla mottagare: inga fler aviseringar.", "Remove every target: no more notices.")
        case .noticesTestAbstract: ("Låt relayn skicka en testavisering till varje mottagare nu (admins).", "Have the relay send a test notice to every target now (admins).")
        case .noticeNoTargets: ("Inga aviseringsmottagare. En admin lägger till dem med `lucka-staff notices set --target ADRESS`.", "No notice targets. An admin adds them with `lucka-staff notices set --target ADDRESS`.")
        case .noticeTargets: ("Aviseringar går till:", "Notices go to:")
        case .noticeInterval: ("Högst en avisering var {1}:e minut när någon har skrivit.", "At most one notice every {1} minutes when someone has written.")
        case .noticeDaily: ("En avisering om dagen kl. {1}:00 när någon har skrivit.", "One notice a day at {1}:00 when someone has written.")
        case .noticeContent: ("Aviseringen säger bara: mottagningens namn och \"Det finns nya meddelanden i Lucka\".", "The notice only says: the clinic's name and \"Det finns nya meddelanden i Lucka\" (there are new messages).")
        case .noticeSaved: ("Aviseringsinställningarna är sparade.", "The notice settings are saved.")
        case .noticeCleared: ("Alla aviseringsmottagare är borttagna.", "All notice targets are removed.")
        case .noticeDelivered: ("levererad", "delivered")
        case .noticeDeliveryLine: ("  {1}. {2}: {3}", "  {1}. {2}: {3}")
        case .noticeFailed: ("INTE levererad (relayns logg visar mottagarens nummer)", "NOT delivered (the relay's log names the target's number)")
        case .noticeTargetOrClear: ("Ange --target, --interval, --daily eller --clear.", "Give --target, --interval, --daily or --clear.")
        case .noticeHookHTTPS: ("En webbhook måste börja med https:// (inte http://): {1}", "A web hook must start with https:// (not http://): {1}")
        case .noticeHiddenHook: ("en webbhook (adressen visas bara för admins)", "a web hook (only admins see its URL)")
        case .noticeDailyAndInterval: ("Ange antingen --interval eller --daily, inte båda.", "Give either --interval or --daily, not both.")
        case .statsAbstract: ("Mottagningens kontaktsiffror per månad och kanal, för rapporten till den som finansierar.", "The clinic's contact figures per month and channel, for the funder's report.")
        case .statsDiscussion: ("Nya samtal, meddelanden, svar, besvarade samtal, dagar till första svaret och hur många inom löftet, raderingar och utgångna samtal: räknade när de händer, kvar när samtal raderas, inget per samtal. --format html skriver en sida med diagram att skriva ut till PDF; json beskrivs i docs/STATISTICS.md.", "New conversations, messages, replies, conversations answered, days to the first answer and how many within the promise, deletions and expiry: counted as they happen, kept when conversations are deleted, nothing per conversation. --format html writes one page with charts to print to PDF; json is documented in docs/STATISTICS.md.")
        case .statsFromHelp: ("Första månaden, ÅÅÅÅ-MM (normalt januari i år).", "First month, YYYY-MM (default: January this year).")
        case .statsToHelp: ("Sista månaden, ÅÅÅÅ-MM (normalt den här månaden).", "Last month, YYYY-MM (default: this month).")
        case .statsFormatHelp: ("table, csv, json eller html.", "table, csv, json or html.")
        case .statsOutputHelp: ("Skriv till den här filen i stället för till skärmen (html: normalt lucka-statistics.html).", "Write to this file instead of standard output (html: the default is lucka-statistics.html).")
        case .statsBadFormat: ("--format är table, csv, json eller html", "--format is table, csv, json or html")
        case .statsBadMonth: ("{1} är ingen månad: skriv ÅÅÅÅ-MM, till exempel 2026-01", "{1} is not a month: write YYYY-MM, e.g. 2026-01")
        case .statsWrote: ("Skrev {1}.", "Wrote {1}.")
        case .cannotWrite: ("kan inte skriva {1}", "cannot write {1}")
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
        case .replyDraftsMovedAside: ("Filen med sparade utkast gick inte att öppna (gjord med en annan nyckel, eller skadad). Den är kvar, flyttad till {1}, och skrivs inte över.", "The file of kept drafts could not be opened (made with another key, or damaged). It is kept, moved to {1}, and not overwritten.")
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
        case .unknownCommand: ("okänt kommando '{1}' (lucka-staff --help visar dem)", "unknown command '{1}' (lucka-staff --help lists them)")
        case .readAbstract: ("Visa ett helt samtal, dekrypterat och verifierat.", "Show a whole conversation, decrypted and verified.")
        case .readDiscussion: ("Ett meddelande som inte går att verifiera, eller en lucka i samtalet, visas som en varning överst.", "A message that fails verification, or a gap in the conversation, is shown as a warning at the top.")
        case .readNotIntact: ("samtalet kunde inte verifieras (se varningen ovan)", "this conversation did not verify (see the warning above)")
        case .statusAbstract: ("Markera ett samtal som nytt, besvarat eller stängt.", "Mark a conversation new, answered or closed.")
        case .statusArgumentHelp: ("new, answered eller closed.", "new, answered or closed.")
        case .statusSet: ("{1} är nu {2}.", "{1} is now {2}.")
        case .deleteAbstract: ("Radera ett samtal från reläet för gott (frågar först).", "Delete a conversation from the relay for good (asks first).")
        case .noConfirmHelp: ("Fråga inte först.", "Do not ask for confirmation.")
        case .deleteQuestion: ("Radera samtalet {1} för alla? Det går inte att ångra.", "Delete conversation {1} for everyone? This cannot be undone.")
        case .nothingDeleted: ("Inget raderat.", "Nothing deleted.")
        case .deleted: ("Raderade {1}.", "Deleted {1}.")
        case .exportAbstract: ("Spara en dekrypterad kopia av ett samtal i en fil, för journal eller arkiv.", "Save a decrypted copy of a conversation to a file, for a record you must keep.")
        case .exportDiscussion: ("Detta skriver samtalets text okrypterad till FILE (läge 0600). Förvara den som mottagningens regler kräver och radera den när de tillåter.", "This writes the conversation's text, unencrypted, to FILE (mode 0600). Store it as your clinic's records rules require and delete it when they allow.")
        case .exportToHelp: ("Den nya filen som skrivs.", "The new file to write.")
        case .exported: ("Skrev {1} dekrypterade meddelanden från {2} till {3} (okrypterat, bara läsbart för dig). Radera filen när du inte behöver den.", "Wrote {1} decrypted messages of {2} to {3} (unencrypted, readable only by you). Delete it when you no longer need it.")
        case .junkAbstract: ("Hitta och radera skräp: samtal vars första meddelande ingen på mottagningen kan öppna.", "Find and delete junk: conversations whose first message nobody at the clinic can open.")
        case .junkDiscussion: ("En anonym flod kan starta samtal med påhittade meddelanden som ingen nyckel öppnar. Kommandot går igenom hela inkorgen på den här datorn, listar de samtal vars första meddelande inte går att öppna och som mottagningen aldrig besvarat, och raderar dem efter att ha frågat. Samtal krypterade till en inkorgsnyckel du inte har hoppas över. Bara en administratör kan radera, och reläet raderar aldrig ett samtal som mottagningen har besvarat. Reläets granskningslogg noterar hur många som raderades.", "An anonymous flood can start conversations with made-up messages that no key opens. This looks through the whole inbox on this computer, lists the conversations whose first message cannot be opened and that the clinic never answered, and deletes them after asking. Conversations sealed to an inbox key you do not hold are skipped. Only an admin can delete, and the relay never deletes a conversation the clinic has answered. The relay's audit log records how many were deleted.")
        case .junkYesHelp: ("Radera utan att fråga.", "Delete without asking.")
        case .junkDryRunHelp: ("Lista dem bara.", "Only list them.")
        case .junkNone: ("Inga oläsbara samtal.", "No unreadable conversations.")
        case .junkFound: ("{1} samtal vars första meddelande inte går att öppna, startade {2}.", "{1} conversation(s) whose first message cannot be opened, started {2}.")
        case .junkQuestion: ("Radera dessa {1} samtal för gott?", "Delete these {1} conversation(s) for good?")
        case .junkDeleted: ("Raderade {1}.", "Deleted {1}.")
        case .junkSkipped: ("Hoppade över {1} samtal som är krypterade till en inkorgsnyckel du inte har; de räknas inte som skräp.", "Skipped {1} conversation(s) sealed to an inbox key you do not hold; they are not counted as junk.")
        case .junkAdminOnly: ("Bara en administratör på mottagningen kan radera skräp i mängd. Inget raderades.", "Only a clinic admin can delete junk in bulk. Nothing was deleted.")
        case .junkAnsweredKept: ("Lämnade {1} samtal som mottagningen har besvarat; de är inte skräp.", "Left {1} conversation(s) the clinic has answered; they are not junk.")
        case .rootAbstract: ("Läs och besvara mottagningens anonyma samtal. Allt dekrypteras bara på den här datorn.", "Read and answer your clinic's anonymous conversations. Everything is decrypted on this computer only.")
        case .rootDiscussion: ("Första gången:  lucka-staff keygen, sedan lucka-staff enroll --relay URL\nVarje dag:      lucka-staff watch, lucka-staff inbox, lucka-staff take 1, lucka-staff read 1, lucka-staff reply 1\n                (siffrorna är raderna i senaste inbox-listan; id fungerar också)\nMånga i följd:  lucka-staff shell   (frågar efter lösenfrasen en gång)\n\nDekrypterade meddelanden visas bara, sparas aldrig, om du inte använder export med avsikt.\nDina nycklar finns i en fil som skyddas av din lösenfras (--home eller LUCKA_STAFF_HOME).\nSpråk: --lang sv|en, eller LUCKA_LANG, eller systemets språk; svenska som standard.", "First time:   lucka-staff keygen, then lucka-staff enroll --relay URL\nEvery day:    lucka-staff watch, lucka-staff inbox, lucka-staff take 1, lucka-staff read 1, lucka-staff reply 1\n              (numbers are the rows of the last inbox listing; handles work too)\nMany at once: lucka-staff shell   (asks for your passphrase once)\n\nDecrypted messages are only shown, never saved, unless you use `export` on purpose.\nYour keys live in a file protected by your passphrase (--home, or LUCKA_STAFF_HOME).\nLanguage: --lang sv|en, or LUCKA_LANG, or the locale; Swedish by default.")
        case .unreachable: ("når inte reläet på {1}", "cannot reach the relay at {1}")
        case .staffAbstract: ("Kollegor: invite, list, approve, remove (administratörer).", "Colleagues: invite, list, approve, remove (admins).")
        case .inviteAbstract: ("Gör en engångskod för att ansluta en ny kollega (giltig 7 dagar).", "Make a one-time enrolment token for a new colleague (valid 7 days).")
        case .roleHelp: ("counsellor (behandlare) eller admin.", "counsellor or admin.")
        case .invited: ("Anslutningskod för en ny {1} (giltig till {2}, visas en gång):", "Enrolment token for a new {1} (valid until {2}, shown once):")
        case .inviteNext: ("Ge den till kollegan personligen eller per telefon. När hen har anslutit, jämför fingeravtrycken och kör `lucka-staff staff approve ID`.", "Give it to your colleague in person or by phone. After they enrol, compare fingerprints and run `lucka-staff staff approve ID`.")
        case .staffListAbstract: ("Visa mottagningens personal med status och fingeravtryck.", "List the clinic's staff with their status and fingerprints.")
        case .fingerprintLine: ("fingeravtryck {1}", "fingerprint {1}")
        case .approveAbstract: ("Godkänn en kollega som har anslutit, efter att ni jämfört fingeravtryck.", "Approve a colleague who has enrolled, after comparing fingerprints.")
        case .approveDiscussion: ("Be kollegan läsa upp sitt fingeravtryck (lucka-staff fingerprint) per telefon eller personligen, och jämför med det som visas här innan du svarar ja.", "Ask your colleague to read their fingerprint (lucka-staff fingerprint) by phone or in person, and compare it with the one shown here before you answer yes.")
        case .colleagueIDHelp: ("Kollegans id, från `staff list`.", "The colleague's id, from `staff list`.")
        case .approveFingerprintHelp: ("Fingeravtrycket kollegan läste upp; godkänner utan att fråga om det stämmer.", "The fingerprint your colleague read to you; approves without asking if it matches.")
        case .noColleagueID: ("ingen kollega har id {1}", "no colleague with id {1}")
        case .notPending: ("{1} är {2}, väntar inte på godkännande", "{1} is {2}, not waiting for approval")
        case .fingerprintMismatch: ("fingeravtrycket stämmer inte med {1}s nyckel: godkänn inte; be hen ansluta igen", "the fingerprint does not match {1}'s key: do not approve; ask them to enrol again")
        case .hasFingerprint: ("{1} ({2}) har detta fingeravtryck:", "{1} ({2}) has this fingerprint:")
        case .doesItMatch: ("Stämmer det med vad {1} läser upp?", "Does it match what {1} reads to you?")
        case .notApproved: ("Inte godkänd.", "Not approved.")
        case .approved: ("{1} är godkänd och kan nu läsa mottagningens samtal.", "{1} is approved and can now read the clinic's conversations.")
        case .noColleagueToRemove: ("ingen kollega med id {1} att ta bort", "no colleague with id {1} to remove")
        case .removeQuestion: ("Ta bort {1} ({2})? Hen kommer inte att kunna läsa meddelanden som skickas från och med nu.", "Remove {1} ({2})? They will not be able to read messages sent from now on.")
        case .nobodyRemoved: ("Ingen borttagen.", "Nobody removed.")
        case .removed: ("{1} är borttagen. Meddelanden som skickas från och med nu använder en ny inkorgsnyckel som bara den kvarvarande personalen har;\nvad {1} kunde läsa tidigare kan hen ha sparat.", "{1} is removed. Messages sent from now on use a new inbox key that only the remaining staff hold;\nwhat {1} could read before, they may have kept.")
        case .removedAdmin: ("VIKTIGT: {1} var administratör och har en kopia av mottagningens signeringsnyckel. Tillsammans med\nreläets driftansvarige kan hen fortfarande certifiera en egen inkorgsnyckel och läsa nya meddelanden.\nGe mottagningen en ny identitetsnyckel nu:\n    lucka-staff clinic new-identity\noch publicera det nya fingeravtrycket den visar (webbplats, tryckta kort).", "IMPORTANT: {1} was an admin and kept a copy of the clinic's signing key. Together with the\nrelay's operator they could still certify an inbox key of their own and read new messages.\nGive the clinic a new identity key now:\n    lucka-staff clinic new-identity\nand publish the new fingerprint it shows (website, printed cards).")
        case .clinicAbstract: ("Mottagningens publika profil och nycklar.", "The clinic's public profile and keys.")
        case .profileAbstract: ("Visa mottagningens publika profil, eller ändra delar av den och signera den igen.", "Show the clinic's public profile, or change parts of it and sign it again.")
        case .profileNameHelp: ("Mottagningens namn.", "The clinic's name.")
        case .profilePhoneHelp: ("Telefonnummer.", "Phone number.")
        case .profilePhoneHoursHelp: ("Telefontider, t.ex. \"tisdagar och torsdagar 08:30–09:30\".", "Phone hours, e.g. \"tisdagar och torsdagar 08:30–09:30\".")
        case .profileAnswerTimeHelp: ("Hur snart ni svarar, t.ex. \"inom tre arbetsdagar\".", "How soon you answer, e.g. \"inom tre arbetsdagar\".")
        case .profileChannelsHelp: ("Kanaler ni erbjuder, kommaseparerade: self,relative,professional.", "Channels offered, comma separated: self,relative,professional.")
        case .profileAboutHelp: ("Några meningar om mottagningen.", "A few sentences about the clinic.")
        case .profileConfidentialityHelp: ("Mottagningens egna ord om tystnadsplikten och var den tar slut (till exempel orosanmälan när ett barn far illa). Visas före formuläret.", "The clinic's own words on its duty of confidentiality and where it ends (e.g. a report of concern when a child is at risk). Shown before the form.")
        case .profileTranslationsHelp: ("En JSON-fil med profilens texter på andra språk, till exempel {\"en\": {\"about\": \"…\"}} (name, about, phoneHours, answerTime, confidentiality).", "A JSON file with the profile's texts in other languages, e.g. {\"en\": {\"about\": \"…\"}} (name, about, phoneHours, answerTime, confidentiality).")
        case .badTranslationsFile: ("{1} är inte en giltig fil med översättningar: den ska vara ett JSON-objekt som {\"en\": {\"about\": \"…\"}}.", "{1} is not a valid translations file: it must be a JSON object like {\"en\": {\"about\": \"…\"}}.")
        case .profileAnswerDaysHelp: ("Svarstiden som ett antal dagar (1–60), för köns markering av försenade.", "The answer time as a number of days (1-60), for the queue's overdue mark.")
        case .profileAnswerDaysKindHelp: ("Hur svarsdagarna räknas: working (måndag till fredag) eller calendar.", "How the answer days count: working (Monday to Friday) or calendar.")
        case .channelsAre: ("kanalerna är self, relative och professional", "channels are self, relative and professional")
        case .profilePublished: ("Profilen är signerad och publicerad.", "Profile signed and published.")
        case .rotateAbstract: ("Starta en ny inkorgsnyckel för hela mottagningen (schemalagt byte).", "Start a new inbox key for the whole clinic (scheduled rotation).")
        case .rotated: ("Ny inkorgsnyckel, epok {1}, startad; tidigare epoker går fortfarande att läsa.", "New inbox key epoch {1} started; earlier epochs stay readable.")
        case .removeAbstract: ("Ta bort en kollega: hens nyckel slutar fungera och en ny inkorgsnyckel görs för alla andra.", "Remove a colleague: their key stops working and a new inbox key is made for everyone else.")
        case .removeDiscussion: ("En borttagen kollega kan inte läsa meddelanden som skickas från och med nu. Det hen kunde läsa tidigare kan hen ha sparat. En borttagen administratör har också en kopia av mottagningens signeringsnyckel: kör `lucka-staff clinic new-identity` efteråt.", "A removed colleague cannot read messages sent from now on. What they could read before, they may have kept. A removed admin also kept a copy of the clinic's signing key: run `lucka-staff clinic new-identity` afterwards.")
        case .keygenAbstract: ("Skapa dina personliga nycklar, skyddade av en lösenfras du väljer.", "Create your personal keys, protected by a passphrase you choose.")
        case .keygenDiscussion: ("Välj en lösenfras på minst 10 tecken som du inte använder någon annanstans. Om du tappar bort den, be din administratör ansluta dig igen.", "Choose a passphrase of at least 10 characters that you use nowhere else. If you lose it, ask your admin to enrol you again.")
        case .keystoreExists: ("det finns redan ett nyckellager i {1}; använd --home för en annan person", "a keystore exists already in {1}; use --home for another person")
        case .choosePassphrase: ("Välj en lösenfras: ", "Choose a passphrase: ")
        case .typeAgain: ("Skriv den igen: ", "Type it again: ")
        case .passphrasesDiffer: ("lösenfraserna skiljer sig åt; inget skapades", "the two passphrases differ; nothing was created")
        case .keygenDone: ("Dina nycklar finns i {1}.\nDitt fingeravtryck (din administratör jämför det innan du godkänns):\n    {2}\nSedan: lucka-staff enroll --relay URL", "Your keys are in {1}.\nYour fingerprint (your admin compares it before approving you):\n    {2}\nNext: lucka-staff enroll --relay URL")
        case .enrollAbstract: ("Anslut till din mottagning på ett relä med engångskoden du fått.", "Join your clinic on a relay with the one-time token you were given.")
        case .relayHelp: ("Reläets adress, t.ex. https://lucka.example.se", "The relay's address, e.g. https://lucka.example.se")
        case .nameHelp: ("Ditt namn som de som skriver till dig ser det, t.ex. \"Anna\".", "Your name as the people who write to you will see it, e.g. \"Anna\".")
        case .tokenStdinHelp: ("Läs koden från standard in.", "Read the token from standard input.")
        case .foundHelp: ("Grunda denna mottagning (bara första administratören): dess kortnamn.", "Found this clinic (first admin only): its slug.")
        case .profileFileHelp: ("Med --found: mottagningens publika profil som JSON-fil (name, region, municipalities, phone, phoneHours, answerTime, channels, languages, about).", "With --found: the clinic's public profile as a JSON file (name, region, municipalities, phone, phoneHours, answerTime, channels, languages, about).")
        case .pinHelp: ("Mottagningens publicerade fingeravtryck, att kontrollera reläet mot (rekommenderas för alla utom grundaren).", "The clinic's published fingerprint, to check the relay against (recommended for everyone but the founder).")
        case .foundNeedsProfile: ("--found kräver --profile FIL", "--found needs --profile FILE")
        case .profileGoesWithFound: ("--profile hör ihop med --found", "--profile goes with --found")
        case .relayScheme: ("--relay ska börja med http:// eller https://", "--relay must start with http:// or https://")
        case .alreadyEnrolled: ("nyckellagret är redan anslutet ({1})", "this keystore is enrolled already ({1})")
        case .tokenPrompt: ("Anslutningskod: ", "Enrolment token: ")
        case .enrolled: ("Ansluten till {1} som {2} ({3}, id {4}).", "Enrolled at {1} as {2} ({3}, id {4}).")
        case .clinicFingerprint: ("Mottagningens fingeravtryck: {1}", "Clinic fingerprint: {1}")
        case .mustBeApproved: ("En administratör måste nu godkänna dig. Läs upp ditt fingeravtryck för hen: {1}", "An admin must now approve you. Read them your fingerprint: {1}")
        case .publishFingerprint: ("Publicera mottagningens fingeravtryck ovan på mottagningens webbplats och kort.", "Publish the clinic fingerprint above on the clinic's website and cards.")
        case .cannotRead: ("kan inte läsa {1}", "cannot read {1}")
        case .badProfileFile: ("{1} är ingen giltig profil: den behöver name, region, municipalities, phone, phoneHours, answerTime, channels, languages", "{1} is not a valid profile: it needs name, region, municipalities, phone, phoneHours, answerTime, channels, languages")
        case .fingerprintAbstract: ("Visa ditt och mottagningens fingeravtryck, för att läsa upp och jämföra.", "Show your fingerprint and your clinic's, to read aloud and compare.")
        case .youFingerprint: ("Du:            {1}", "You:        {1}")
        case .clinicFingerprintLine: ("Mottagningen:  {1}   ({2})", "Clinic:     {1}   ({2})")
        case .whoamiAbstract: ("Visa vem du är på vilken mottagning och vilket relä, som reläet ser dig.", "Show who you are at which clinic and relay, as the relay sees you.")
        case .whoami: ("{1} ({2}, {3}) på {4}", "{1} ({2}, {3}) at {4}")
        case .whoamiRelay: ("relä {1}, id {2}", "relay {1}, id {2}")
        case .enrollDiscussion: ("Koden frågas efter utan eko (eller läses från standard in med --token-stdin). Mottagningens första administratör lägger till --found KORTNAMN: då skapas mottagningens nycklar på den här datorn och bara publika nycklar och hemligheter inslagna för dig laddas upp.", "The token is asked for without echo (or read from standard input with --token-stdin). The clinic's first admin adds --found SLUG: this creates the clinic's keys on this computer and uploads only public keys and secrets wrapped for you.")
        case .newIdentityAbstract: ("Ge mottagningen en ny identitetsnyckel (administratörer): när en administratör slutat, eller om nyckeln kan vara känd av andra.", "Give the clinic a new identity key (admins): after an admin left, or if the key may be known to others.")
        case .newIdentityDiscussion: ("Den nya nyckeln görs på den här datorn. Mottagningens profil och inkorgsnycklar signeras om med den, och bara mottagningens aktiva administratörer får den. Skribenter och kollegor som litade på det gamla fingeravtrycket får veta att mottagningen bytt nyckel, och måste bekräfta det nya fingeravtrycket med er (per telefon, eller på mottagningens webbplats) innan de går vidare.", "The new key is made on this computer. The clinic's profile and inbox keys are signed again with it, and only the clinic's active admins receive it. Writers and colleagues who trusted the old fingerprint are told the clinic changed its key, and must confirm the new fingerprint with you (by phone, or on the clinic's website) before they go on.")
        case .notEnrolled: ("nyckellagret är inte anslutet än: kör `lucka-staff enroll --relay URL`", "this keystore is not enrolled yet: run `lucka-staff enroll --relay URL`")
        case .onlyAdminIdentity: ("bara en administratör kan ge mottagningen en ny identitetsnyckel", "only an admin can give the clinic a new identity key")
        case .newIdentityQuestion: ("Ge {1} en ny identitetsnyckel? Alla som litar på det nuvarande fingeravtrycket måste bekräfta det nya med mottagningen.", "Give {1} a new identity key? Everyone who trusts the current fingerprint will have to confirm the new one with the clinic.")
        case .nothingChanged: ("Inget ändrat.", "Nothing changed.")
        case .newIdentityDone: ("Mottagningen har en ny identitetsnyckel. Dess fingeravtryck är:\n\n    {1}\n\nDitt eget nyckellager litar nu på den. Nu:\n  1. Publicera fingeravtrycket där folk kontrollerar det: mottagningens webbplats, tryckta kort,\n     telefonmeddelanden. Byt ut det gamla överallt.\n  2. Berätta för varje kollega. Deras lucka-staff vägrar arbeta tills de har jämfört\n     fingeravtrycket med dig per telefon och kört:\n         lucka-staff clinic trust-identity \"{1}\"\n  3. Skribenter som fäst det gamla fingeravtrycket får veta att mottagningen bytt nyckel ({2})\n     och ombeds bekräfta det nya med er per telefon.", "The clinic has a new identity key. Its fingerprint is:\n\n    {1}\n\nYour own keystore now trusts it. Now:\n  1. Publish this fingerprint where people check it: the clinic's website, printed cards,\n     phone messages. Replace the old one everywhere.\n  2. Tell every colleague. Their lucka-staff will refuse to work until they have compared\n     this fingerprint with you by phone and run:\n         lucka-staff clinic trust-identity \"{1}\"\n  3. Writers who pinned the old fingerprint are told the clinic changed its key ({2})\n     and asked to confirm the new one with you by phone.")
        case .trustIdentityAbstract: ("Lita på mottagningens nya identitetsnyckel, efter att ha bekräftat fingeravtrycket med din administratör per telefon.", "Trust the clinic's new identity key, after confirming its fingerprint with your admin by phone.")
        case .trustIdentityDiscussion: ("Ring din administratör och jämför först alla 40 siffror i det nya fingeravtrycket. Kommandot kontrollerar att den nya nyckeln följer av den du litat på hittills, och litar sedan på den.", "Call your admin and compare all 40 digits of the new fingerprint first. This checks that the new key follows from the one you trusted until now, then trusts it.")
        case .trustFingerprintHelp: ("Det nya fingeravtrycket, som din administratör läste upp det (40 siffror, mellanslag tillåtna).", "The new fingerprint, as your admin read it to you (40 digits, spaces allowed).")
        case .trustsNoKey: ("nyckellagret litar inte på någon mottagningsnyckel än", "this keystore trusts no clinic key yet")
        case .trustedIdentity: ("Du litar nu på mottagningens nya identitetsnyckel (bytt {1}):\n    {2}", "You now trust the clinic's new identity key (changed on {1}):\n    {2}")
        case .homeHelp: ("Mappen med ditt nyckellager (miljövariabel LUCKA_STAFF_HOME; standard ~/.config/lucka-staff).", "Folder with your keystore (env LUCKA_STAFF_HOME; default ~/.config/lucka-staff).")
        case .passphraseFileHelp: ("Läs lösenfrasen från första raden i denna fil (för skript; - läser standard in).", "Read the passphrase from the first line of this file (for scripts; - reads standard input).")
        case .demoHelp: ("Var demobehandlaren i `lucka-relay serve --demo`: --home DATA/demo/staff --passphrase-file DATA/demo/staff/passphrase.", "Be the demo counsellor of `lucka-relay serve --demo`: --home DATA/demo/staff --passphrase-file DATA/demo/staff/passphrase.")
        case .dataDirHelp: ("Med --demo: demoreläets datamapp DATA (miljövariabel LUCKA_DATA_DIR; standard ./lucka-data).", "With --demo: the demo relay's data folder DATA (env LUCKA_DATA_DIR; default ./lucka-data).")
        case .dataDirGoesWithDemo: ("--data-dir hör ihop med --demo", "--data-dir goes with --demo")
        case .demoSetsHome: ("--demo sätter själv --home och --passphrase-file", "--demo sets --home and --passphrase-file itself")
        case .noDemo: ("ingen demobehandlare i {1}: starta demoreläet först med `lucka-relay serve --demo{2}`", "no demo counsellor in {1}: start the demo relay first with `lucka-relay serve --demo{2}`")
        case .noKeystore: ("inget nyckellager i {1}: kör `lucka-staff keygen` först", "no keystore in {1}: run `lucka-staff keygen` first")
        case .identityChanged: ("mottagningen har en ny identitetsnyckel sedan {1}, fingeravtryck {2}. lucka-staff använder den inte förrän du har bekräftat den: ring din administratör (per telefon, inte e-post eller chatt), jämför alla 40 siffror, och kör sedan `lucka-staff clinic trust-identity \"{2}\"`. Om siffrorna skiljer sig, lita inte på reläet och berätta för din administratör.", "the clinic has a new identity key since {1}, fingerprint {2}. lucka-staff will not use it until you have confirmed it: call your admin (by phone, not by e-mail or chat), compare all 40 digits, and then run `lucka-staff clinic trust-identity \"{2}\"`. If the digits differ, do not trust this relay and tell your admin.")
        case .yesNoHint: (" [j/N] ", " [y/N] ")
        case .dotHint: ("(avsluta med en rad med bara en punkt, eller Ctrl-D)", "(end with a line containing only a dot, or Ctrl-D)")
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
