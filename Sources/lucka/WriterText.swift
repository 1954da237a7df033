import Foundation
import LuckaClient

/// Every sentence `lucka` shows a writer, in Swedish and English side by side, so that a
/// translator sees both and a test can check that no key is missing in either.
///
/// Sentences that carry a value (a clinic's name, a date, a number) have `{name}`
/// placeholders that `format` fills in, in one pass. Values a relay or a clinic supplies
/// are made terminal-safe by the caller *before* they are inserted, exactly as without
/// the table; `fail` makes every error line terminal-safe once more as a whole.
///
/// The words match the writer's web pages (`WebText`): samtal, kod, mottagning,
/// behandlare. "Relay" is "servern" in Swedish: the writer need not know the word.
enum WriterText {
    static let entries: [(key: String, sv: String, en: String)] = [
        // Help: the whole tool
        (
            "help.lucka.abstract",
            "Skriv till en stödmottagning utan att berätta vem du är, och läs svaret senare.",
            "Write to a counselling clinic without giving your name, and read its answer later."
        ),
        (
            "help.lucka.discussion",
            """
            Det du skriver krypteras på den här datorn innan det skickas. Bara behandlarna på \
            mottagningen kan läsa det. Servern som förmedlar det kan inte läsa det, och sparar \
            inget som visar vem du är. Du behöver inget konto: du får en kod i stället.

              1. lucka clinics --relay URL
                 Se mottagningarna och hur snart de svarar.
              2. lucka write --relay URL --clinic NAMN --channel self
                 Skriv ditt meddelande. Du får din kod, som visas en enda gång.
              3. lucka read --relay URL
                 Kom tillbaka senare, skriv in din kod och läs svaret.
                 lucka reply --relay URL     skriv igen i samma samtal
                 lucka delete --relay URL    radera hela samtalet för gott

            Din kod frågas efter utan att den syns på skärmen, och skrivs aldrig på \
            kommandoraden, så den hamnar inte i skalets historik. Lucka sparar ingenting på den \
            här datorn; stäng terminalfönstret när du är klar om andra använder datorn.

            Lucka talar svenska. In English: --lang en, or LUCKA_LANG=en.
            """,
            """
            Your words are encrypted on this computer before they leave it. Only the clinic's \
            counsellors can read them. The relay in between cannot, and keeps nothing that \
            shows who you are. There is no account: you get a code instead.

              1. lucka clinics --relay URL
                 See the clinics and how soon they answer.
              2. lucka write --relay URL --clinic NAME --channel self
                 Write your message. You get your code, shown only once.
              3. lucka read --relay URL
                 Come back later, type your code, and read the answer.
                 lucka reply --relay URL     write again in the same conversation
                 lucka delete --relay URL    remove the whole conversation for good

            Your code is asked for without showing it on the screen, and is never put on the \
            command line, so it does not end up in your shell history. Lucka saves nothing on \
            this computer; close the terminal window when you are done if others use it.

            Lucka speaks English here. På svenska: --lang sv, eller LUCKA_LANG=sv.
            """
        ),

        // Help: options every command shares
        (
            "help.lang",
            "Språket Lucka talar: sv (svenska) eller en (engelska). Utan det gäller LUCKA_LANG, sedan datorns språk (LC_ALL, LC_MESSAGES, LANG), sedan svenska.",
            "The language Lucka speaks: sv (Swedish) or en (English). Without it, LUCKA_LANG decides, then the computer's language (LC_ALL, LC_MESSAGES, LANG), then Swedish."
        ),
        (
            "help.relay",
            "Serverns adress, till exempel https://lucka.example.se (mottagningens webbplats säger vilken).",
            "The relay's address, e.g. https://lucka.example.se (the clinic's website says which)."
        ),
        (
            "help.pin",
            "Mottagningens fingeravtryck som mottagningen själv publicerar det (webbplats, tryckt kort): 40 siffror, mellanslag går bra. Då vägrar Lucka en server som visar andra nycklar.",
            "The clinic's fingerprint as the clinic itself publishes it (website, printed card): 40 digits, spaces allowed. Lucka then refuses a relay that shows other keys."
        ),
        (
            "help.codeStdin",
            "Läs koden från första raden på standard input i stället för att fråga efter den (för skript).",
            "Read your code from the first line of standard input instead of asking for it (for scripts)."
        ),
        ("help.json", "Skriv ut JSON (för skript).", "Print JSON (for scripts)."),
        ("help.file", "Ta meddelandet från den här filen.", "Take the message from this file."),

        // Help: clinics
        ("help.clinics.abstract", "Visa mottagningarna som du kan skriva till via en server.", "List the clinics you can write to on a relay."),
        (
            "help.clinics.discussion",
            """
            För varje mottagning: vilka de är, var de arbetar, deras telefontider, hur snart de \
            svarar, vilka som kan skriva till dem, och mottagningens fingeravtryck.

            Fingeravtrycket visar att du verkligen skriver till rätt mottagning. Jämför det med \
            det som mottagningen publicerar på sin egen webbplats eller sina tryckta kort. Om de \
            skiljer sig åt ska du inte skriva via den här servern.
            """,
            """
            For each clinic: who they are, where they work, their phone hours, how soon they \
            answer, who can write to them, and the clinic's fingerprint.

            The fingerprint is what proves you are talking to the real clinic. Compare it \
            with the one the clinic publishes on its own website or printed cards. If they \
            differ, do not write through this relay.
            """
        ),

        // Help: write
        (
            "help.write.abstract",
            "Börja ett samtal med en mottagning. Du får en kod att komma tillbaka med.",
            "Start a conversation with a clinic. You get a code to come back with."
        ),
        (
            "help.write.discussion",
            """
            Ditt meddelande krypteras på den här datorn innan det skickas; bara behandlarna på \
            mottagningen kan läsa det. Du behöver inte ange namn, e-post eller telefonnummer.

            Texten tas från --file, eller från det du skickar in via en pipe, annars skriver du \
            den när Lucka frågar (avsluta med en rad med bara en punkt, eller Ctrl-D).

            Vem gäller det (--channel):
              self          du skriver om dig själv
              relative      du står nära någon som köper sex
                            (partner, familj eller vän)
              professional  du frågar om råd i ditt arbete
                            (socialtjänst, polis, hälso- och sjukvård)

            Med --pin jämför Lucka mottagningens nycklar med fingeravtrycket som mottagningen \
            publicerar, och skickar ingenting om de skiljer sig åt. Utan --pin visar Lucka \
            fingeravtrycket så att du kan jämföra själv.

            Till sist ser du din kod, en enda gång. Skriv ner den eller spara den där bara du \
            ser den. Utan koden kan ingen öppna samtalet, inte ens mottagningen.
            """,
            """
            Your message is encrypted on this computer before it is sent; only the clinic's \
            counsellors can read it. You do not give your name, e-mail or phone number.

            The text comes from --file, or from what you pipe in, or you type it when asked \
            (finish with a line containing only a dot, or Ctrl-D).

            Channels (--channel):
              self          you write about yourself
              relative      you are close to someone who buys sex
                            (a partner, family member or friend)
              professional  you ask for advice in your work
                            (social services, police, health care)

            With --pin, Lucka checks the clinic's keys against the fingerprint the clinic \
            publishes, and sends nothing if they differ. Without it, Lucka shows you the \
            fingerprint so you can compare it yourself.

            At the end you see your code, once. Write it down or keep it where only you can see \
            it. Without it nobody can open the conversation, not even the clinic.
            """
        ),
        (
            "help.clinic",
            "Mottagningens korta namn, som `lucka clinics` visar det, till exempel kast-jonkoping.",
            "The clinic's short name, as `lucka clinics` shows it, e.g. kast-jonkoping."
        ),
        (
            "help.channel",
            "Vem det gäller: self, relative eller professional (se ovan).",
            "Who you are writing as: self, relative or professional (see above)."
        ),

        // Help: read, reply, delete
        ("help.read.abstract", "Läs ditt samtal med din kod.", "Read your conversation with your code."),
        (
            "help.read.discussion",
            """
            Lucka frågar efter din kod utan att visa den på skärmen. Du ser hela samtalet, det \
            senaste sist; mottagningens svar har behandlarens namn.

            En felskriven kod upptäcks på den här datorn, innan något skickas. Om meddelanden har \
            ändrats eller försvunnit på vägen ser du en VARNING överst.
            """,
            """
            Lucka asks for your code without showing it on the screen. It shows the whole \
            conversation, newest last; the clinic's answers carry the counsellor's name.

            A mistyped code is caught on this computer, before anything is sent. If messages \
            were changed or lost on the way, you see a WARNING at the top.
            """
        ),
        ("help.reply.abstract", "Skriv igen i ditt samtal.", "Write again in your conversation."),
        (
            "help.reply.discussion",
            """
            Lucka frågar efter din kod utan att visa den, sedan efter ditt meddelande (avsluta \
            med en rad med bara en punkt, eller Ctrl-D). Meddelandet krypteras på den här datorn.

            För skript: med --code-stdin är första raden på standard input koden och resten \
            meddelandet, om inte --file anger meddelandet.
            """,
            """
            Lucka asks for your code without showing it, then for your message (finish with a \
            line containing only a dot, or Ctrl-D). The message is encrypted on this computer.

            For scripts: with --code-stdin, the first line of standard input is the code and \
            the rest is the message, unless --file gives the message.
            """
        ),
        (
            "help.delete.abstract",
            "Radera hela ditt samtal för gott (Lucka frågar först).",
            "Delete your whole conversation for good (asks first)."
        ),
        (
            "help.delete.discussion",
            """
            Allt i samtalet raderas från servern: dina meddelanden och mottagningens svar. \
            Ingen kan läsa det efteråt, varken du eller mottagningen, och koden slutar fungera.
            """,
            """
            Everything in the conversation is removed from the relay: your messages and the \
            clinic's answers. Nobody can read it afterwards, not you and not the clinic, and \
            the code stops working.
            """
        ),
        ("help.yes", "Fråga inte om bekräftelse.", "Do not ask for confirmation."),

        // Usage errors (exit 64)
        ("usage.relay", "--relay måste börja med http:// eller https://", "--relay must start with http:// or https://"),
        (
            "usage.pin",
            "--pin: ett fingeravtryck har 40 siffror (8 grupper om 5)",
            "--pin: a fingerprint is 40 digits (8 groups of 5)"
        ),
        (
            "usage.clinic",
            "--clinic tar mottagningens korta namn, till exempel kast-jonkoping (se `lucka clinics`)",
            "--clinic takes the clinic's short name, like kast-jonkoping (see `lucka clinics`)"
        ),

        // Clinics
        ("clinics.none", "Den här servern har inga mottagningar ännu.", "This relay has no clinics yet."),
        (
            "clinics.broken",
            "!! {slug}: STÄMMER INTE ({problem}). Skriv inte till den via den här servern.",
            "!! {slug}: DOES NOT CHECK OUT ({problem}). Do not write to it through this relay."
        ),
        (
            "clinics.compare",
            "Jämför varje fingeravtryck med det som mottagningen publicerar innan du skriver. Så här skriver du:",
            "Compare each fingerprint with the one the clinic publishes before you write. To write:"
        ),
        (
            "error.clinicsBroken.one",
            "{count} mottagning på den här servern stämde inte (se ovan)",
            "{count} clinic on this relay did not check out (see above)"
        ),
        (
            "error.clinicsBroken.many",
            "{count} mottagningar på den här servern stämde inte (se ovan)",
            "{count} clinics on this relay did not check out (see above)"
        ),

        // A clinic, as `lucka clinics` lists it
        ("label.region", "Län", "Region"),
        ("label.serves", "Kommuner", "Serves"),
        ("label.phone", "Telefon", "Phone"),
        ("label.answers", "Svarar", "Answers"),
        ("label.write", "Skriv", "Write"),
        ("label.languages", "Språk", "Languages"),
        ("label.about", "Om oss", "About"),
        ("label.fingerprint", "Fingeravtryck", "Fingerprint"),
        ("channel.self", "om dig själv (self)", "about yourself (self)"),
        ("channel.relative", "som partner eller anhörig (relative)", "as a partner or relative (relative)"),
        ("channel.professional", "i ditt arbete (professional)", "in your work (professional)"),
        ("status.new", "väntar på mottagningens svar", "waiting for the clinic's answer"),
        ("status.answered", "mottagningen har svarat", "answered"),
        ("status.closed", "avslutat av mottagningen", "closed by the clinic"),

        // The fingerprint the writer did not pin
        ("advice.fingerprint", "Mottagningens fingeravtryck på den här servern är:", "The clinic's fingerprint on this relay is:"),
        (
            "advice.compare",
            "Jämför det med det som {clinic} publicerar (på sin webbplats eller sitt tryckta kort). Om de skiljer sig åt ska du inte lita på den här servern. Nästa gång kan du lägga till --pin med det publicerade fingeravtrycket, så kontrollerar Lucka det åt dig.",
            "Compare it with the one {clinic} publishes (its website or printed card). If they differ, do not trust this relay. Next time, add --pin with the published fingerprint and Lucka checks it for you."
        ),

        // Write
        (
            "write.wrongChannel",
            "{clinic} tar inte emot meddelanden i kanalen {channel}; den erbjuder: {offered}. Ingenting har skickats.",
            "{clinic} does not take messages in the {channel} channel; it offers: {offered}. Nothing was sent."
        ),
        ("write.pinMatches", "Nycklarna för {clinic} stämmer med fingeravtrycket du angav.", "The keys of {clinic} match the fingerprint you gave."),
        (
            "write.prompt",
            "Skriv ditt meddelande till {clinic}. Du behöver inte skriva ditt namn.",
            "Write your message to {clinic}. Do not include your name unless you want to."
        ),
        ("prompt.end", "(avsluta med en rad med bara en punkt, eller Ctrl-D)", "(end with a line containing only a dot, or Ctrl-D)"),
        (
            "write.sent",
            "Ditt meddelande är skickat. Det krypterades på den här datorn; bara {clinic} kan läsa det.",
            "Sent. Your message was encrypted on this computer; only {clinic} can read it."
        ),
        ("write.codeHeading", "DIN KOD (visas bara den här gången):", "YOUR CODE (shown only this once):"),
        (
            "write.keepCode",
            "Skriv ner koden nu, eller spara den någonstans där bara du ser den. Utan koden kan ingen öppna samtalet, inte ens mottagningen, och den går inte att få fram igen.",
            "Write it down now, or keep it somewhere only you can see. Without this code nobody can open the conversation, not even the clinic, and it cannot be sent to you again."
        ),
        (
            "write.answers",
            "{clinic} svarar: {answer}. Kom tillbaka då och läs svaret med:",
            "{clinic} answers: {answer}. Come back then and read the answer with:"
        ),
        ("write.comeBack", "Kom tillbaka senare och läs svaret med:", "Come back later and read the answer with:"),
        (
            "write.expires",
            "Samtalet raderas automatiskt efter {date} om ingen skriver något innan dess.",
            "The conversation is deleted by itself after {date} unless someone writes in it before then."
        ),

        // Read
        ("conversation.title", "Ditt samtal med {clinic}", "Your conversation with {clinic}"),
        ("conversation.written", "Skrivet {channel} · {status}", "Written {channel} · {status}"),
        (
            "conversation.expires",
            "Raderas automatiskt efter {date} om ingen skriver något innan dess.",
            "Deleted by itself after {date} unless someone writes in it before then."
        ),
        ("conversation.pinned", "Mottagningens nycklar stämmer med fingeravtrycket du angav.", "The clinic's keys match the fingerprint you gave."),
        (
            "conversation.fingerprint",
            "Mottagningens fingeravtryck: {fingerprint}\n(jämför det med det som mottagningen publicerar)",
            "Clinic fingerprint: {fingerprint}\n(compare it with the one the clinic publishes)"
        ),
        (
            "conversation.warning",
            "!! VARNING: det här samtalet stämmer inte. Meddelanden kan ha tagits bort, ändrats eller\n!! kommit i fel ordning på vägen, så lita inte på det du ser nedan. Ring mottagningen om du kan.",
            "!! WARNING: this conversation did not check out. Messages may have been removed, changed or\n!! reordered on the way, so do not trust what you see below. Call the clinic if you can."
        ),
        ("conversation.you", "Du", "You"),
        ("conversation.counsellor", "En behandlare", "A counsellor"),
        ("conversation.signed", "{name}, {clinic}", "{name}, {clinic}"),
        ("conversation.notOpened", "DET HÄR MEDDELANDET KUNDE INTE ÖPPNAS", "THIS MESSAGE COULD NOT BE OPENED"),
        ("read.toAnswer", "Svara:            lucka reply --relay {relay}", "To answer:        lucka reply --relay {relay}"),
        ("read.toDelete", "Radera allt:      lucka delete --relay {relay}", "To delete it all: lucka delete --relay {relay}"),
        (
            "error.notIntact",
            "det här samtalet stämmer inte (se varningen); lita inte på det som visas",
            "this conversation did not check out (see the warning); do not trust what it shows"
        ),

        // Reply
        (
            "reply.warning",
            "lucka: varning: det här samtalet stämmer inte; se `lucka read`",
            "lucka: warning: this conversation did not check out; see `lucka read`"
        ),
        ("reply.prompt", "Skriv ditt meddelande till {clinic}.", "Write your message to {clinic}."),
        (
            "reply.sent",
            "Ditt meddelande är skickat (meddelande {seq}). Det krypterades på den här datorn; bara {clinic} kan läsa det.",
            "Sent (message {seq}). It was encrypted on this computer; only {clinic} can read it."
        ),
        ("reply.answers", "{clinic} svarar: {answer}.", "{clinic} answers: {answer}."),

        // Delete
        (
            "delete.confirm.one",
            "Vill du radera ditt samtal med {clinic} ({count} meddelande) för gott? Det går inte att ångra.",
            "Delete your conversation with {clinic} ({count} message) for good? This cannot be undone."
        ),
        (
            "delete.confirm.many",
            "Vill du radera ditt samtal med {clinic} ({count} meddelanden) för gott? Det går inte att ångra.",
            "Delete your conversation with {clinic} ({count} messages) for good? This cannot be undone."
        ),
        ("confirm.choices", "[j/N]", "[y/N]"),
        ("delete.nothing", "Ingenting har raderats.", "Nothing was deleted."),
        (
            "delete.done",
            "Samtalet är raderat. Det är borta från servern och din kod öppnar ingenting längre.",
            "Deleted. The conversation is gone from the relay and your code no longer opens anything."
        ),

        // The code
        ("code.prompt", "Din kod (den syns inte medan du skriver): ", "Your code (it is not shown while you type): "),
        (
            "code.noTerminal",
            "Lucka kan inte fråga efter koden, eftersom det inte finns någon terminal: ge den på standard input med --code-stdin",
            "there is no terminal to ask for your code on: give it on standard input with --code-stdin"
        ),
        ("code.none", "ingen kod angavs; ingenting har skickats", "no code was given; nothing was sent"),
        (
            "code.typo",
            "koden verkar vara felskriven: ett eller flera tecken stämmer inte. Jämför den med det du skrev ner, tecken för tecken. Ingenting har skickats.",
            "this code has a typo: one or more characters are wrong. Compare it with what you wrote down, character by character. Nothing was sent."
        ),
        (
            "code.length",
            "koden har inte rätt antal tecken: en kod har 20 tecken (bindestrecken räknas inte). Kontrollera att du har fått med hela koden och att den inte är felskriven. Ingenting har skickats.",
            "the code does not have the right length: a code has 20 characters (the dashes do not count). Check that you have all of it and look for typos. Nothing was sent."
        ),
        (
            "code.character",
            "koden innehåller ett tecken som aldrig finns i en kod: bara siffror och bokstäverna A–Z, men aldrig U. Kontrollera att den inte är felskriven. Ingenting har skickats.",
            "the code contains a character that is never part of a code: only digits and the letters A–Z, but never U. Check the code for typos. Nothing was sent."
        ),

        // The message text
        ("message.cannotRead", "kan inte läsa {file}", "cannot read {file}"),
        ("message.empty", "meddelandet är tomt; ingenting har skickats", "the message is empty; nothing was sent"),

        // Errors (one line, exit 1)
        (
            "error.noConversation",
            "det finns inget samtal med den här koden. Kontrollera att den inte är felskriven. Om koden är rätt har samtalet raderats (av dig, av mottagningen, eller för att ingen har skrivit på länge) och går inte att få tillbaka; du kan börja ett nytt samtal med `lucka write`.",
            "no conversation matches this code. Check it for typos. If it is right, the conversation has been deleted (by you, by the clinic, or after a long time without messages) and cannot be brought back; you can start a new one with `lucka write`."
        ),
        (
            "error.unknownClinic",
            "den här servern har ingen mottagning som heter {slug}; se `lucka clinics --relay {relay}`",
            "this relay has no clinic called {slug}; see `lucka clinics --relay {relay}`"
        ),
        (
            "error.pinRefused",
            "stoppat: nycklarna som den här servern visar för {slug} stämmer inte med fingeravtrycket du angav, så ingenting har skickats. Kontrollera fingeravtrycket mot mottagningens egen webbplats eller kort; om det är rätt ska du inte använda den här servern.",
            "refused: the keys this relay shows for {slug} do not match the fingerprint you gave, so nothing was sent. Check the fingerprint against the clinic's own website or card; if it is right, do not use this relay."
        ),
        (
            "error.pinMismatch",
            "mottagningens nycklar stämmer inte med fingeravtrycket du angav, så Lucka visar och skickar ingenting. Kontrollera fingeravtrycket mot mottagningens egen webbplats eller kort; om det är rätt ska du inte använda den här servern.",
            "the clinic key does not match the fingerprint you pinned, so Lucka shows and sends nothing. Check the fingerprint against the clinic's own website or card; if it is right, do not use this relay."
        ),
        (
            "error.keysBroken",
            "nycklarna för {slug} på den här servern stämmer inte ({reason}), så ingenting har skickats. Använd inte den här servern.",
            "the keys of {slug} on this relay do not check out ({reason}), so nothing was sent. Do not use this relay."
        ),
        (
            "error.identityChanged",
            "den här mottagningen har bytt identitetsnyckel (den {day}), så Lucka använde den inte och skickade ingenting. Det är normalt när personal har slutat, men det kan också vara någon som utger sig för att vara mottagningen. Det nya fingeravtrycket är {fingerprint}. Ring mottagningen (på numret från dess egen webbplats eller kort, inte från den här servern) och be dem läsa upp sitt fingeravtryck. Bara om varje siffra stämmer: använd det nya fingeravtrycket, --pin \"{fingerprint}\".",
            "this clinic has changed its identity key (on {day}), so Lucka did not use it and sent nothing. This is normal after a staff change, but it could also be someone pretending to be the clinic. Its new fingerprint is {fingerprint}. Call the clinic (on the number from its own website or card, not from this relay) and ask it to read its fingerprint to you. Only if every digit matches, use the new fingerprint: --pin \"{fingerprint}\"."
        ),
        (
            "error.unreachable",
            "kan inte nå servern på {relay}. Kontrollera adressen och din internetanslutning (eller Tor) och försök igen.",
            "cannot reach the relay at {relay}. Check the address and your internet connection (or Tor), then try again."
        ),
        (
            "error.badResponse",
            "servern svarade något som Lucka inte känner igen; kontrollera adressen du angav med --relay",
            "the relay's answer is not what Lucka expects; check the address you gave with --relay"
        ),

        // The relay's answers when it cannot take more (its own words are English)
        (
            "relay.dailyLimit",
            "du har skickat många meddelanden i dag. Du kan skriva igen i morgon; mottagningen läser det du redan har skickat. Ingenting har skickats nu.",
            "you have sent many messages today. You can write again tomorrow; the clinic reads what you have already sent. Nothing was sent now."
        ),
        (
            "relay.clinicFull",
            "mottagningen har fått många meddelanden just nu. Försök igen senare; ingenting har skickats.",
            "the clinic has received many messages just now. Please try again later; nothing was sent."
        ),
        (
            "relay.sourceBusy",
            "det har skickats mycket från din anslutning på kort tid. Vänta en stund och försök igen; ingenting av det du skickade har sparats.",
            "much has been sent from your connection in a short time. Please wait a while and try again; nothing you sent has been saved."
        ),
        (
            "relay.unavailable",
            "servern kan inte ta emot något just nu. Vänta en liten stund och försök igen; ingenting av det du skickade har sparats.",
            "the relay cannot take anything right now. Please wait a moment and try again; nothing you sent has been saved."
        ),
        (
            "error.redirect",
            "servern svarade med en omdirigering (HTTP {status}): kontrollera adressen du angav med --relay; den kanske ska börja med https://",
            "the relay answered with a redirect (HTTP {status}): check the address you gave with --relay; perhaps it starts with https://"
        ),
    ]

    static let swedish: [String: String] = Dictionary(entries.map { ($0.key, $0.sv) }, uniquingKeysWith: { first, _ in first })
    static let english: [String: String] = Dictionary(entries.map { ($0.key, $0.en) }, uniquingKeysWith: { first, _ in first })

    /// The sentence `key` in `language` with its `{name}` placeholders filled in, in one
    /// pass (a value that itself contains `{…}` is left as it is).
    static func format(_ key: String, _ language: UserLanguage, _ values: [String: String] = [:]) -> String {
        let text = (language == .sv ? swedish : english)[key] ?? key
        var out = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            out += values[name] ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// The `{name}` placeholders of a sentence, for the completeness test.
    static func placeholders(_ text: String) -> Set<String> {
        var names: Set<String> = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}

/// The writer's words in one language: `t(key, values)`, e.g. the title with `["clinic": name]`.
struct Words: Sendable {
    let language: UserLanguage

    func callAsFunction(_ key: String, _ values: [String: String] = [:]) -> String {
        WriterText.format(key, language, values)
    }

    /// The writer's words for a relay's refusal (`apiError`), or nil to quote the relay.
    func relayAnswer(_ apiError: String) -> String? {
        switch apiError {
        case "daily_limit": self("relay.dailyLimit")
        case "clinic_full": self("relay.clinicFull")
        case "source_busy", "rate_limited": self("relay.sourceBusy")
        case "overloaded", "unavailable", "storage_full": self("relay.unavailable")
        default: nil
        }
    }

    /// The language as far as it is known before the arguments are parsed: for help texts
    /// (ArgumentParser builds them from static configuration) and for usage errors. It
    /// looks for `--lang` among the arguments itself, then asks the environment, exactly
    /// as `LanguageOptions` does once parsing is done, so both agree.
    static let startup = Words(
        language: UserLanguage.resolve(
            flag: languageArgument(Array(CommandLine.arguments.dropFirst())), environment: ProcessInfo.processInfo.environment))

    /// The value of `--lang` (`--lang en` or `--lang=en`) in `arguments`, if any; the last one wins, as in parsing.
    static func languageArgument(_ arguments: [String]) -> String? {
        var found: String?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" { break }
            if argument == "--lang", index + 1 < arguments.endIndex {
                found = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix("--lang=") {
                found = String(argument.dropFirst("--lang=".count))
            }
            index += 1
        }
        return found
    }
}
