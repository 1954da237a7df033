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
        ("footerPrivacy", "Om tjänsten och dina uppgifter", "About the service and your data"),
        ("footerAccessibility", "Tillgänglighetsredogörelse", "Accessibility statement"),
        ("footerAbout", "Lucka sparar inget som visar vem du är och använder inga kakor.", "Lucka keeps nothing that shows who you are and uses no cookies."),

        // Start page
        ("startTitle", "Skriv anonymt till en mottagning", "Write anonymously to a clinic"),
        ("startIntro1", "Lucka är ett sätt att skriva till en stödmottagning utan att berätta vem du är: du behöver inget namn, konto eller e-post.", "Lucka lets you write to a support clinic without saying who you are: you need no name, account or email address."),
        ("startIntro2", "Det du skriver sparas krypterat, så att bara mottagningen kan läsa det. Ingenting sparas som visar vem du är.", "What you write is stored encrypted, so that only the clinic can read it. Nothing that shows who you are is kept."),
        ("startIntro3", "Du får en kod. Den är din enda väg tillbaka till samtalet.", "You get a code. It is your only way back to the conversation."),
        ("chooseHeading", "Välj mottagning och vem det gäller", "Choose a clinic and who it is about"),
        ("municipalities", "Kommuner", "Municipalities"),
        ("noClinics", "Här finns inga mottagningar ännu. Försök igen senare.", "There are no clinics here yet. Please try again later."),
        ("haveCodeHeading", "Har du redan skrivit?", "Have you written before?"),
        ("haveCodeText", "Öppna ditt samtal med koden du fick", "Open your conversation with the code you got"),

        // Channels
        ("channel.self", "Jag skriver om mig själv", "I am writing about myself"),
        ("channel.relative", "Jag är anhörig", "I am a partner or relative"),
        ("channel.professional", "Jag skriver i mitt arbete", "I am writing in my work"),

        // Clinic page
        ("phone", "Telefon", "Phone"),
        ("phoneHours", "Telefontider", "Phone hours"),
        ("answerTime", "Du får svar", "You get an answer"),
        ("region", "Län", "County"),
        ("writeHeading", "Skriv ett meddelande", "Write a message"),
        ("channelLegend", "Vem gäller det?", "Who is this about?"),
        ("textLabel", "Ditt meddelande", "Your message"),
        ("textHint", "Du behöver inte skriva ditt namn eller något annat som visar vem du är.", "You do not need to give your name or anything else that shows who you are."),
        ("send", "Skicka", "Send"),
        ("afterSend", "Du får en kod när du skickar – ha något att skriva den på. Med koden kan du läsa svaret och skriva igen.", "You get a code when you send – have something ready to write it on. With the code you can read the answer and write again."),
        ("beforeHeading", "Innan du skriver", "Before you write"),
        ("beforeWho", "Det du skriver kan bara läsas av behandlarna på {clinic}. Ingen annan kan läsa det, inte heller den som driver Lucka.", "What you write can only be read by the counsellors at {clinic}. Nobody else can read it, not even whoever runs Lucka."),
        ("beforeConfidentialityHeading", "Tystnadsplikt", "Confidentiality"),
        ("beforeConfidentiality", "Behandlarna har tystnadsplikt. Den gäller inte allt: om ett barn far illa, eller om någon är i fara, kan mottagningen vara skyldig att anmäla det till socialtjänsten. Du behöver inte berätta vem du är.", "The counsellors are bound by confidentiality. It does not cover everything: if a child is being harmed, or someone is in danger, the clinic may have to report it to social services. You do not need to say who you are."),
        ("beforeKept", "Samtalet sparas krypterat. Det raderas automatiskt {short} dagar efter ditt senaste meddelande om mottagningen inte har svarat, annars {days} dagar efter det senaste meddelandet. Du kan också radera det själv.", "The conversation is stored encrypted. It is deleted automatically {short} days after your latest message if the clinic has not answered, otherwise {days} days after the latest message. You can also delete it yourself."),
        ("beforeCode", "När du skickar får du en kod. Den är det enda sättet att komma tillbaka till samtalet.", "When you send, you get a code. It is the only way back to the conversation."),
        ("beforeMore", "Mer om tjänsten och dina uppgifter", "More about the service and your data"),

        // Code page
        ("codeTitle", "Ditt meddelande är skickat", "Your message has been sent"),
        ("codeLead", "Det här är din kod. Den visas bara nu, en enda gång:", "This is your code. It is shown only now, this one time:"),
        ("codeCopyLabel", "Koden att kopiera", "The code, to copy"),
        ("codeKeep", "Skriv ner koden, eller spara den någonstans där bara du ser den.", "Write the code down, or keep it somewhere only you can see it."),
        ("codeNobody", "Utan koden kan ingen öppna samtalet, inte ens mottagningen. En kod som har kommit bort går inte att få fram igen – då kan du börja ett nytt samtal.", "Without the code nobody can open the conversation, not even the clinic. A lost code cannot be recovered – you can start a new conversation instead."),
        ("codeComeBack", "{clinic} svarar {answer}. Kom tillbaka då och öppna samtalet med din kod.", "How soon {clinic} answers: “{answer}”. Come back then and open the conversation with your code."),
        ("codeGoOn", "Jag har sparat koden – öppna samtalet", "I have saved the code – open the conversation"),
        ("codeGoOnHint", "När du lämnar den här sidan visas koden inte igen.", "Once you leave this page the code is not shown again."),

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
        ("typoCharacter", "Koden innehåller ett tecken som aldrig finns i en kod. En kod har bara siffror och bokstäverna A–Z, men aldrig U.", "The code contains a character that is never part of a code. A code has only digits and the letters A–Z, but never U."),
        ("typoCalm", "Ingen fara – ingenting har hänt med ditt samtal.", "No harm done – nothing has happened to your conversation."),
        ("unknownTitle", "Vi hittar inget samtal med den koden", "We cannot find a conversation with that code"),
        ("unknownText", "Kontrollera att du har skrivit rätt kod. Ett samtal finns inte kvar om du eller mottagningen har raderat det, eller om ingen har skrivit något på {days} dagar ({short} dagar om mottagningen inte hade svarat).", "Check that you typed the right code. A conversation is gone if you or the clinic deleted it, or if nobody wrote anything in {days} days ({short} days if the clinic had not answered)."),

        // Conversation
        ("conversationTitle", "Ditt samtal med {clinic}", "Your conversation with {clinic}"),
        ("conversationAnswers", "Telefon {phone}, {hours}.", "Phone {phone}, {hours}."),
        ("youWrote", "Du skrev", "You wrote"),
        ("clinicReply", "Svar från mottagningen", "Reply from the clinic"),
        ("replySigned", "{name}, {clinic}", "{name}, {clinic}"),
        ("notOpened", "Det här meddelandet kunde inte öppnas.", "This message could not be opened."),
        ("waiting", "Mottagningen har inte svarat på ditt senaste meddelande ännu.", "The clinic has not answered your latest message yet."),
        ("closed", "Mottagningen har avslutat samtalet. Du är alltid välkommen att skriva igen.", "The clinic has closed the conversation. You are always welcome to write again."),
        ("expires", "Samtalet raderas automatiskt den {date} om ingen skriver något innan dess.", "The conversation is deleted automatically on {date} unless someone writes before then."),
        ("statusWaitingFirst", "Inget svar ännu – mottagningen svarar:", "No answer yet – the clinic answers:"),
        ("statusWaitingAgain", "Mottagningen har inte svarat på ditt senaste meddelande ännu. Mottagningen svarar:", "The clinic has not answered your latest message yet. The clinic answers:"),
        ("statusAnswered", "Mottagningen har svarat.", "The clinic has answered."),
        ("statusClosed", "Mottagningen har avslutat samtalet. Du är alltid välkommen att skriva igen.", "The clinic has closed the conversation. You are always welcome to write again."),
        ("visitKept", "Du behöver inte skriva in koden igen så länge du är kvar här. Efter {minutes} minuter utan att något händer, eller när du trycker på Lämna sidan snabbt, behöver du koden igen.", "You do not need to type the code again while you stay here. After {minutes} minutes without anything happening, or when you press Leave this page quickly, you need the code again."),
        ("visitEndedTitle", "Skriv in din kod igen", "Type your code again"),
        ("visitEndedText", "Det har gått en stund, så vi behöver koden igen för att öppna samtalet. Ingenting har hänt med det.", "Some time has passed, so we need the code again to open the conversation. Nothing has happened to it."),
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

        // Pages a public body must publish
        ("privacyTitle", "Om tjänsten och dina uppgifter", "About the service and your data"),
        ("privacyLead", "Här står vem som ansvarar för Lucka, vad som sparas när du skriver, hur länge, och vilka rättigheter du har.", "This page says who is responsible for Lucka, what is kept when you write, for how long, and what rights you have."),
        ("privacyControllerHeading", "Vem ansvarar", "Who is responsible"),
        ("privacyController", "Personuppgiftsansvarig är {controller}.", "The controller of personal data is {controller}."),
        ("privacyContact", "Så når du oss: {contact}", "How to reach us: {contact}"),
        ("privacyDpo", "Dataskyddsombud: {dpo}", "Data protection officer: {dpo}"),
        ("privacyPurposeHeading", "Varför", "Why"),
        ("privacyPurpose", "Lucka finns för att du ska kunna skriva till en stödmottagning utan att berätta vem du är, läsa svaret och fortsätta samtalet.", "Lucka exists so that you can write to a support clinic without saying who you are, read the answer and go on with the conversation."),
        ("privacyBasis", "Rättslig grund: behandlingen behövs för att utföra en uppgift av allmänt intresse (artikel 6.1 e i dataskyddsförordningen). Det du berättar kan vara känsliga uppgifter, till exempel om hälsa eller sexualliv; de behandlas för att ge stöd och behandling (artikel 9.2 h).", "Legal basis: the processing is needed to perform a task in the public interest (Article 6(1)(e) of the GDPR). What you tell us may be sensitive, for example about health or sex life; it is processed to give support and treatment (Article 9(2)(h))."),
        ("privacyKeptHeading", "Vad som sparas", "What is kept"),
        ("privacyKept", "Dina meddelanden och mottagningens svar sparas krypterade, så att bara du (med din kod) och behandlarna på mottagningen kan läsa dem. Dessutom sparas vilken dag meddelandena skrevs – aldrig klockslaget.", "Your messages and the clinic's replies are stored encrypted, so that only you (with your code) and the counsellors at the clinic can read them. The day each message was written is kept too – never the time of day."),
        ("privacyNotKept", "Lucka sparar inget namn, ingen e-postadress, inget telefonnummer, ingen IP-adress och inga kakor. Din IP-adress används bara medan sidan laddas, för att skydda tjänsten mot överbelastning, och sparas aldrig.", "Lucka keeps no name, no email address, no phone number, no IP address and no cookies. Your IP address is used only while the page loads, to protect the service from overload, and is never stored."),
        ("privacyHowLongHeading", "Hur länge", "For how long"),
        ("privacyHowLong", "Ett samtal raderas automatiskt {days} dagar efter det senaste meddelandet, eller {short} dagar efter ditt senaste meddelande om mottagningen ännu inte har svarat. Du kan radera samtalet själv när som helst med din kod, och mottagningen kan radera det.", "A conversation is deleted automatically {days} days after its latest message, or {short} days after your latest message if the clinic has not answered yet. You can delete it yourself at any time with your code, and the clinic can delete it."),
        ("privacyWhoHeading", "Vem kan läsa", "Who can read it"),
        ("privacyWho", "Bara behandlarna på den mottagning du skriver till kan läsa det du skriver. Den som driver tjänsten kan inte läsa meddelandena. Inget lämnas ut till länder utanför EU/EES.", "Only the counsellors at the clinic you write to can read what you write. Whoever runs the service cannot read the messages. Nothing is passed to countries outside the EU/EEA."),
        ("privacyRightsHeading", "Dina rättigheter", "Your rights"),
        ("privacyRights", "Du har rätt att få veta vilka uppgifter som behandlas om dig, att få dem rättade eller raderade och att invända mot behandlingen. Eftersom Lucka inte vet vem du är kan ditt samtal bara hittas med din kod: med den kan du läsa allt som finns sparat i samtalet och radera det.", "You have the right to know what data is processed about you, to have it corrected or deleted and to object to the processing. Since Lucka does not know who you are, your conversation can only be found with your code: with it you can read everything kept in the conversation and delete it."),
        ("privacyComplain", "Du har rätt att klaga hos Integritetsskyddsmyndigheten (IMY), www.imy.se.", "You have the right to complain to the Swedish Authority for Privacy Protection (IMY), www.imy.se."),
        ("privacyNotConfigured", "Den som driver den här tjänsten har ännu inte fyllt i sina kontaktuppgifter.", "Whoever runs this service has not yet filled in their contact details."),
        ("a11yTitle", "Tillgänglighetsredogörelse", "Accessibility statement"),
        ("a11yLead", "{controller} står bakom Lucka. Vi vill att så många som möjligt ska kunna använda tjänsten. Här beskriver vi hur Lucka uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service, kända brister och hur du kan rapportera problem.", "{controller} runs Lucka. We want as many people as possible to be able to use it. This statement describes how Lucka meets the Swedish Act (2018:1937) on accessibility to digital public services, known problems, and how to report a problem."),
        ("a11yStatusHeading", "Hur tillgänglig är tjänsten", "How accessible the service is"),
        ("a11yStatus.full", "Tjänsten är helt förenlig med lagen om tillgänglighet till digital offentlig service.", "The service fully complies with the Act on accessibility to digital public services."),
        ("a11yStatus.partial", "Tjänsten är delvis förenlig med lagen om tillgänglighet till digital offentlig service, på grund av de brister som beskrivs nedan.", "The service partially complies with the Act on accessibility to digital public services, because of the problems described below."),
        ("a11yStatus.none", "Tjänsten är inte förenlig med lagen om tillgänglighet till digital offentlig service.", "The service does not comply with the Act on accessibility to digital public services."),
        ("a11yStatus.unknown", "Den som driver tjänsten har ännu inte angett hur tjänsten uppfyller lagen.", "Whoever runs the service has not yet stated how it complies with the Act."),
        ("a11yIssuesHeading", "Kända brister", "Known problems"),
        ("a11yNoIssues", "Vi känner inte till några brister.", "We know of no problems."),
        ("a11yReportHeading", "Rapportera brister", "Report a problem"),
        ("a11yReport", "Om du upptäcker problem som inte beskrivs här, eller om du anser att vi inte uppfyller lagens krav, meddela oss: {contact}. Du behöver inte berätta vem du är.", "If you find a problem not described here, or think we do not meet the requirements of the Act, tell us: {contact}. You do not need to say who you are."),
        ("a11ySupervisionHeading", "Tillsyn", "Supervision"),
        ("a11ySupervision", "Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg och påtala det: www.digg.se.", "The Agency for Digital Government (Digg) supervises the Act. If you are not satisfied with how we handle your comments, you can contact Digg: www.digg.se."),
        ("a11yTestedHeading", "Hur vi har testat", "How we tested"),
        ("a11yTested", "Lucka testas automatiskt vid varje ändring med axe-core mot WCAG 2.1 nivå A och AA, i en webbläsare med JavaScript avstängt, på smala och breda skärmar. Tjänsten går att använda med tangentbord och med 200 % förstoring.", "Lucka is tested automatically on every change with axe-core against WCAG 2.1 levels A and AA, in a browser with JavaScript off, on narrow and wide screens. The service can be used with a keyboard and at 200% zoom."),
        ("a11yReviewed", "Den senaste bedömningen gjordes {date}.", "The latest assessment was made on {date}."),
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
