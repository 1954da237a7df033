import LuckaCore

/// Every sentence the writer's pages show, in Swedish and English side by side, so that
/// a translator sees both and a test can check that no key is missing in either.
///
/// Templates use them as `{{t.key}}`. Sentences that carry a value (a clinic's name, a
/// number) have `{name}` placeholders that `WebText.format` fills in *before* the template
/// escapes the whole sentence, so a value can never turn into markup.
enum WebText {
    static let entries: [(key: String, sv: String, en: String)] = [
        // Every page
        ("leave", "Lämna sidan snabbt", "Leave this page quickly"),
        ("home", "Lucka – till startsidan", "Lucka – start page"),
        ("footerSafety", "Skydda dig: privat fönster och historik", "Staying safe: private windows and history"),
        ("footerReturn", "Öppna ditt samtal med din kod", "Open your conversation with your code"),
        ("footerStart", "Startsidan", "Start page"),
        ("footerAbout", "Lucka sparar inget som visar vem du är och använder inga kakor.", "Lucka keeps nothing that shows who you are and uses no cookies."),

        // Start page
        ("startTitle", "Skriv anonymt till en mottagning", "Write anonymously to a clinic"),
        ("startIntro1", "Lucka är ett sätt att skriva till en stödmottagning utan att berätta vem du är: du behöver inget namn, konto eller e-post.", "Lucka lets you write to a support clinic without saying who you are: you need no name, account or email address."),
        ("startIntro2", "Det du skriver sparas krypterat så att bara mottagningen kan läsa det, och ingenting sparas som visar vem du är – du får en kod som är din enda väg tillbaka till samtalet.", "What you write is stored encrypted so that only the clinic can read it, and nothing that shows who you are is kept – you get a code that is your only way back to the conversation."),
        ("chooseHeading", "Välj mottagning och vem du skriver som", "Choose a clinic and who you are writing as"),
        ("municipalities", "Kommuner", "Municipalities"),
        ("noClinics", "Här finns inga mottagningar ännu. Försök igen senare.", "There are no clinics here yet. Please try again later."),
        ("haveCodeHeading", "Har du redan skrivit?", "Have you written before?"),
        ("haveCodeText", "Öppna ditt samtal med koden du fick", "Open your conversation with the code you got"),

        // Channels
        ("channel.self", "Jag skriver om mig själv", "I am writing about myself"),
        ("channel.relative", "Jag är anhörig", "I am a partner or relative"),
        ("channel.professional", "Jag skriver i tjänsten", "I am writing in my professional role"),

        // Clinic page
        ("phone", "Telefon", "Phone"),
        ("phoneHours", "Telefontider", "Phone hours"),
        ("answerTime", "Du får svar", "You get an answer"),
        ("region", "Län", "County"),
        ("writeHeading", "Skriv ett meddelande", "Write a message"),
        ("channelLegend", "Vem skriver du som?", "Who are you writing as?"),
        ("textLabel", "Ditt meddelande", "Your message"),
        ("textHint", "Du behöver inte skriva ditt namn eller något annat som visar vem du är.", "You do not need to give your name or anything else that shows who you are."),
        ("send", "Skicka", "Send"),
        ("afterSend", "När du har skickat får du en kod. Med den kan du läsa svaret och skriva igen.", "After sending you get a code. With it you can read the answer and write again."),

        // Code page
        ("codeTitle", "Ditt meddelande är skickat", "Your message has been sent"),
        ("codeLead", "Det här är din kod. Den visas bara nu, en enda gång:", "This is your code. It is shown only now, this one time:"),
        ("codeKeep", "Skriv ner koden, eller spara den någonstans där bara du ser den.", "Write the code down, or keep it somewhere only you can see it."),
        ("codeNobody", "Utan koden kan ingen öppna samtalet, inte ens mottagningen. En kod som har kommit bort går inte att få fram igen – då kan du börja ett nytt samtal.", "Without the code nobody can open the conversation, not even the clinic. A lost code cannot be recovered – you can start a new conversation instead."),
        ("codeComeBack", "{clinic} svarar {answer}. Kom tillbaka då och öppna samtalet med din kod.", "How soon {clinic} answers: “{answer}”. Come back then and open the conversation with your code."),
        ("codeGoOn", "Gå vidare till ditt samtal", "Go on to your conversation"),
        ("codeGoOnHint", "Där skriver du in koden. När du lämnar den här sidan syns koden inte mer.", "You type the code there. Once you leave this page the code is not shown again."),

        // Return page and code field
        ("returnTitle", "Öppna ditt samtal", "Open your conversation"),
        ("returnLead", "Skriv in koden du fick när du skrev första gången.", "Type the code you got when you first wrote."),
        ("codeLabel", "Din kod", "Your code"),
        ("codeHint", "20 tecken, till exempel XXXX-XXXX-XXXX-XXXX-XXXX. Stora eller små bokstäver spelar ingen roll.", "20 characters, like XXXX-XXXX-XXXX-XXXX-XXXX. Upper or lower case does not matter."),
        ("open", "Öppna samtalet", "Open the conversation"),
        ("lostCode", "Har koden kommit bort? Då går samtalet inte att öppna, men du kan alltid börja ett nytt.", "Lost your code? Then the conversation cannot be opened, but you can always start a new one."),
        ("startNew", "Börja ett nytt samtal", "Start a new conversation"),

        // Mistyped and unknown codes
        ("typoTitle", "Koden verkar vara felskriven", "The code seems to have a typo"),
        ("typoChecksum", "Något av tecknen stämmer inte. Jämför koden tecken för tecken och skriv in den igen.", "One of the characters does not match. Compare the code character by character and type it again."),
        ("typoLength", "En kod har 20 tecken (bindestrecken räknas inte). Skriv in hela koden igen.", "A code has 20 characters (the dashes do not count). Type the whole code again."),
        ("typoCharacter", "Koden innehåller ett tecken som aldrig finns i en kod. En kod har bara siffror och bokstäverna A–Z.", "The code contains a character that is never part of a code. A code has only digits and the letters A–Z."),
        ("typoCalm", "Ingen fara – ingenting har hänt med ditt samtal.", "No harm done – nothing has happened to your conversation."),
        ("unknownTitle", "Vi hittar inget samtal med den koden", "We cannot find a conversation with that code"),
        ("unknownText", "Kontrollera att du har skrivit rätt kod. Ett samtal finns inte kvar om någon har raderat det, eller om ingen har skrivit något på {days} dagar.", "Check that you typed the right code. A conversation is gone if someone deleted it, or if nobody wrote anything in {days} days."),

        // Conversation
        ("conversationTitle", "Ditt samtal med {clinic}", "Your conversation with {clinic}"),
        ("conversationAnswers", "{clinic} svarar {answer}. Telefon {phone}, {hours}.", "How soon {clinic} answers: “{answer}”. Phone {phone}, {hours}."),
        ("youWrote", "Du skrev", "You wrote"),
        ("clinicReply", "Svar från mottagningen", "Reply from the clinic"),
        ("replySigned", "{name}, {clinic}", "{name}, {clinic}"),
        ("notOpened", "Det här meddelandet kunde inte öppnas.", "This message could not be opened."),
        ("waiting", "Mottagningen har inte svarat på ditt senaste meddelande ännu.", "The clinic has not answered your latest message yet."),
        ("closed", "Mottagningen har markerat samtalet som avslutat. Du kan ändå skriva igen.", "The clinic has marked the conversation as finished. You can still write again."),
        ("expires", "Samtalet raderas av sig självt {date} om ingen skriver något innan dess.", "The conversation is deleted by itself on {date} unless someone writes before then."),
        ("sentNotice", "Ditt meddelande är skickat.", "Your message has been sent."),
        ("problemHeading", "Något stämmer inte med samtalet", "Something is wrong with this conversation"),
        ("problemUnopened", "Ett eller flera meddelanden kunde inte öppnas och visas inte. De kan ha ändrats på vägen.", "One or more messages could not be opened and are not shown. They may have been changed on the way."),
        ("problemMissing", "Ett meddelande saknas i samtalet. Det kan ha tagits bort på vägen.", "A message is missing from the conversation. It may have been removed on the way."),
        ("problemOrder", "Meddelandena visas inte i den ordning de skrevs.", "The messages are not shown in the order they were written."),
        ("problemDuplicate", "Ett meddelande finns två gånger.", "A message appears twice."),
        ("problemAdvice", "Berätta det gärna för mottagningen, till exempel per telefon.", "Please tell the clinic, for example by phone."),
        ("replyHeading", "Skriv igen", "Write again"),
        ("retypeCode", "Skriv in din kod igen.", "Type your code again."),
        ("retypeWhy", "Vi sparar den inte mellan sidorna, så att den inte finns kvar i webbläsaren efteråt.", "We do not keep it between pages, so that it is not left behind in the browser."),
        ("deleteHeading", "Radera samtalet", "Delete the conversation"),
        ("deleteText", "Allt i samtalet raderas för gott, även mottagningens svar. Det går inte att ångra.", "Everything in the conversation is deleted for good, including the clinic's replies. This cannot be undone."),
        ("deleteButton", "Radera samtalet …", "Delete the conversation …"),

        // Delete
        ("confirmTitle", "Vill du radera samtalet?", "Do you want to delete the conversation?"),
        ("confirmCode", "Skriv in din kod för att bekräfta.", "Type your code to confirm."),
        ("confirmButton", "Ja, radera samtalet för gott", "Yes, delete the conversation for good"),
        ("confirmCancel", "Nej, tillbaka till samtalet", "No, back to the conversation"),
        ("deletedTitle", "Samtalet är raderat", "The conversation has been deleted"),
        ("deletedText", "Samtalet och alla meddelanden i det är borta från Lucka. Koden fungerar inte längre.", "The conversation and every message in it are gone from Lucka. The code no longer works."),
        ("deletedAdvice", "Om någon annan använder den här telefonen eller datorn kan du också rensa webbläsarens historik.", "If someone else uses this phone or computer, you can also clear the browser's history."),

        // Safety advice
        ("safetyTitle", "Skydda dig när du använder Lucka", "Staying safe while you use Lucka"),
        ("safetyLeaveHeading", "Lämna sidan snabbt", "Leave this page quickly"),
        ("safetyLeaveText", "Knappen högst upp på varje sida tar dig direkt till SMHI:s väder. Stäng sedan fliken, eller hela webbläsaren, när du kan: bakom bakåtknappen och i historiken finns annars spår av att du varit här. Ett samtal visas aldrig igen med Bakåt och Uppdatera – då står det bara att sidan inte går att visa igen.", "The button at the top of every page takes you straight to a weather site (SMHI). Then close the tab, or the whole browser, when you can: otherwise the back button and the history still show that you were here. A conversation is never shown again by Back and Reload – the page only says that it cannot be shown again."),
        ("safetyPrivateHeading", "Använd ett privat fönster", "Use a private window"),
        ("safetyPrivateText", "I ett privat fönster (kallas också inkognito) sparar webbläsaren ingen historik. Du öppnar det i webbläsarens meny, till exempel ”Ny privat flik” eller ”Nytt inkognitofönster”. Stäng fönstret när du är klar.", "In a private window (also called incognito) the browser keeps no history. Open one from the browser's menu, for example “New private tab” or “New incognito window”. Close the window when you are done."),
        ("safetyHistoryHeading", "Rensa historiken", "Clear the history"),
        ("safetyHistoryText", "Om du inte använde ett privat fönster: öppna webbläsarens inställningar, leta upp ”Historik” eller ”Sekretess” och välj att rensa historiken. Du kan välja att bara ta bort den senaste timmen. Lucka använder inga kakor, så det finns inget mer att ta bort.", "If you did not use a private window: open the browser's settings, find “History” or “Privacy” and choose to clear the history. You can choose to remove only the last hour. Lucka uses no cookies, so there is nothing else to remove."),
        ("safetyCodeHeading", "Din kod", "Your code"),
        ("safetyCodeText", "Spara koden där bara du ser den, till exempel på en lapp du har med dig eller i en anteckning med lås. Skicka den inte till dig själv i ett meddelande eller e-post som någon annan kan läsa.", "Keep the code where only you can see it, for example on a note you carry or in a locked note on your phone. Do not send it to yourself in a message or email that someone else can read."),
        ("safetyTorHeading", "Mer skydd", "More protection"),
        ("safetyTorText", "Tor Browser döljer för nätverket att du besöker Lucka. Lucka fungerar också i Tor Browsers säkraste läge, där JavaScript är avstängt.", "Tor Browser hides from the network that you visit Lucka. Lucka also works in Tor Browser's safest mode, where JavaScript is turned off."),
        ("safetyDangerHeading", "Om du är i fara", "If you are in danger"),
        ("safetyDangerText", "Ring 112 om du eller någon annan är i fara just nu.", "Call 112 if you or someone else is in danger right now."),

        // Problems with a message
        ("tooLongTitle", "Meddelandet är för långt", "The message is too long"),
        ("tooLongText", "Ett meddelande får vara högst ungefär {limit} tecken. Korta ner det, eller dela upp det och skicka resten efteråt.", "A message may be at most about {limit} characters. Shorten it, or split it and send the rest afterwards."),
        ("tooLongLost", "Ingenting har skickats.", "Nothing has been sent."),
        ("emptyTitle", "Skriv något först", "Write something first"),
        ("emptyText", "Meddelandet är tomt. Skriv det du vill säga och skicka igen.", "The message is empty. Write what you want to say and send it again."),
        ("channelTitle", "Välj vem du skriver som", "Choose who you are writing as"),
        ("channelText", "Välj ett av alternativen och skicka igen. Din text finns kvar.", "Choose one of the options and send again. Your text is still here."),
        ("keptText", "Din text finns kvar här nedanför.", "Your text is still here below."),
        ("clinicFullTitle", "Mottagningen har fått många meddelanden den här timmen", "The clinic has received many messages this hour"),
        ("clinicFullText", "Försök igen om en stund, senast om {minutes} minuter. Ingenting har skickats, men din text finns kvar här nedanför så att du kan skicka den då.", "Please try again in a while, at the latest in {minutes} minutes. Nothing has been sent, but your text is still here below so you can send it then."),
        ("dailyLimitTitle", "Du har skickat många meddelanden i dag", "You have sent many messages today"),
        ("dailyLimitText", "Du kan skriva igen i morgon. Mottagningen läser det du redan har skickat. Din text finns kvar här nedanför.", "You can write again tomorrow. The clinic reads what you have already sent. Your text is still here below."),

        // Other calm pages
        ("notFoundTitle", "Sidan finns inte", "This page does not exist"),
        ("notFoundText", "Adressen kan vara felskriven, eller så har sidan flyttat.", "The address may be mistyped, or the page has moved."),
        ("unknownClinicTitle", "Vi hittar inte den mottagningen", "We cannot find that clinic"),
        ("unknownClinicText", "Mottagningen kan ha bytt adress, eller så finns den inte här ännu. Välj en mottagning på startsidan.", "The clinic may have a new address, or it is not here yet. Choose a clinic on the start page."),
        ("goneTitle", "Den här sidan går inte att visa igen", "This page cannot be shown again"),
        ("goneText", "Webbläsaren försökte skicka samma formulär en gång till. Lucka visar aldrig samma sak två gånger, och ingenting har skickats nu.", "Your browser tried to send the same form a second time. Lucka never shows the same thing twice, and nothing has been sent now."),
        ("goneAdvice", "Vill du läsa eller skriva i ditt samtal kan du öppna det med din kod. Är du klar kan du stänga fliken.", "To read or write in your conversation, open it with your code. If you are done, you can close the tab."),
        ("expiredFormTitle", "Sidan hade varit öppen länge", "The page had been open a long time"),
        ("expiredFormText", "Ingenting har skickats. Din text finns kvar här nedanför: läs igenom den och skicka igen.", "Nothing has been sent. Your text is still here below: read it through and send it again."),
        ("expiredCodeText", "Ingenting har öppnats. Skriv in din kod igen.", "Nothing has been opened. Please type your code again."),
        ("sourceBusyTitle", "Vänta en stund innan du skickar mer", "Please wait a while before sending more"),
        ("sourceBusyText", "Det har skickats mycket från din anslutning på kort tid. Försök igen om {minutes} minuter. Ingenting har skickats, men din text finns kvar här nedanför så att du kan skicka den då.", "Much has been sent from your connection in a short time. Please try again in {minutes} minutes. Nothing has been sent, but your text is still here below so you can send it then."),
        ("rateLimitedTitle", "Många förfrågningar på kort tid", "Many requests in a short time"),
        ("rateLimitedText", "Vänta en minut och försök igen. Ingenting av det du skickade har sparats.", "Please wait a minute and try again. Nothing you sent has been saved."),
        ("busyTitle", "Många använder Lucka just nu", "Lucka is very busy right now"),
        ("busyText", "Vänta en liten stund och försök igen. Ingenting av det du skickade har sparats.", "Please wait a moment and try again. Nothing you sent has been saved."),
        ("originTitle", "Formuläret kom från en annan webbplats", "The form came from another website"),
        ("originText", "Lucka tar bara emot formulär från sina egna sidor. Ingenting har skickats. Öppna Lucka direkt och försök igen.", "Lucka only accepts forms from its own pages. Nothing has been sent. Open Lucka directly and try again."),
        ("badFormTitle", "Formuläret gick inte att läsa", "The form could not be read"),
        ("badFormText", "Ingenting har skickats. Gå till startsidan och försök igen.", "Nothing has been sent. Go to the start page and try again."),
        ("errorTitle", "Något gick fel hos oss", "Something went wrong on our side"),
        ("errorText", "Försök igen om en stund. Om det fortsätter kan du ringa mottagningen.", "Please try again in a while. If it keeps happening, you can phone the clinic."),
        ("unverifiedTitle", "Vi kan inte visa mottagningens sida säkert just nu", "We cannot show this clinic's page safely right now"),
        ("unverifiedText", "Mottagningens uppgifter och nycklar stämmer inte med mottagningens digitala underskrift. Därför visar vi ingenting från mottagningen och tar inte emot meddelanden till den. Försök igen senare, eller kontakta mottagningen på annat sätt.", "The clinic's details and keys do not match the clinic's digital signature. So we show nothing from the clinic and accept no messages for it. Please try again later, or contact the clinic another way."),
    ]

    static let swedish: [String: String] = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.sv) })
    static let english: [String: String] = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.en) })

    static func table(_ language: WebLanguage) -> [String: String] { language == .sv ? swedish : english }

    /// The sentence `key` in `language` with its `{name}` placeholders filled in, in one
    /// pass (a value that itself contains `{…}` is left as it is).
    static func format(_ key: String, _ language: WebLanguage, _ values: [String: String] = [:]) -> String {
        let text = table(language)[key] ?? key
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

    /// The message limit as people count it: characters, roughly (the protocol counts
    /// UTF-8 bytes, so å, ä and ö take two).
    static func messageLimit(_ language: WebLanguage) -> String {
        let thousands = Envelope.maximumTextLength / 1000
        return language == .sv ? "\(thousands)\u{00A0}000" : "\(thousands),000"
    }
}
