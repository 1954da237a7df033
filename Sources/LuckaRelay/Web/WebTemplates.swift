import Mustache

/// The pages' Mustache templates, embedded as string literals rather than shipped as
/// resource files: the relay is one executable that an operator copies and runs, with no
/// resource bundle to install beside it, to find at run time, or to lose in a container
/// image. The templates are parsed once, when first used; a test renders every one.
///
/// Every value is inserted with `{{ }}`, which HTML-escapes it (`< > & " '`). Triple
/// braces are never used. Sentences come from `WebText` through `{{t.key}}`.
enum WebTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in all {
            do {
                try library.register(text, named: name)
            } catch {
                preconditionFailure("web template \(name) does not parse: \(error)")
            }
        }
        return library
    }()

    static let all: [(String, String)] = [
        ("layout", layout), ("langField", langField), ("codeField", codeField), ("writeForm", writeForm),
        ("replyForm", replyForm), ("paragraphs", paragraphs), ("clinicFacts", clinicFacts), ("before", before),
        ("start", start), ("clinic", clinic), ("writeAgain", writeAgain), ("code", code), ("return", enterCode),
        ("conversation", conversation), ("replyAgain", replyAgain), ("confirm", confirm), ("deleted", deleted),
        ("safety", safety), ("notice", notice), ("privacy", privacy), ("accessibility", accessibility),
    ]

    // MARK: Frame and pieces

    /// The frame of every page. The "leave" control comes first, on screen and for a
    /// keyboard or screen reader. Within a visit it is a form that ends the visit on its
    /// way out, and the language switch is a form that keeps the visit. Every tab shows
    /// the same neutral title: titles stay in history and tab switchers.
    static let layout = """
        <!DOCTYPE html>
        <html lang="{{lang}}" dir="{{dir}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>Lucka</title>
        <link rel="stylesheet" href="/static/lucka.css">
        </head>
        <body>
        <header class="bar">
        {{#visit}}<form class="leave-form" method="post" action="/leave"><input type="hidden" name="visit" value="{{visit}}"><button type="submit" class="leave">{{t.leave}}</button></form>{{/visit}}
        {{^visit}}<a class="leave" href="https://www.smhi.se/" rel="noreferrer">{{t.leave}}</a>{{/visit}}
        <nav>
        <a class="home" href="/{{q}}" aria-label="{{t.home}}">Lucka</a>
        {{#hasSwitch}}<div class="langs">{{/hasSwitch}}{{#switches}}{{#visit}}<form class="lang-form" method="post" action="/conversation{{query}}"><input type="hidden" name="lang" value="{{lang}}"><input type="hidden" name="form" value="{{formToken}}"><input type="hidden" name="visit" value="{{visit}}"><button type="submit" class="lang" lang="{{lang}}">{{label}}</button></form>{{/visit}}{{^visit}}<a class="lang" href="{{href}}" lang="{{lang}}" hreflang="{{lang}}">{{label}}</a>{{/visit}}{{/switches}}{{#hasSwitch}}</div>{{/hasSwitch}}
        </nav>
        </header>
        <main>
        {{$main}}{{/main}}
        </main>
        <footer>
        <p>{{t.footerAbout}}</p>
        <ul>
        <li><a href="/safety{{q}}">{{t.footerSafety}}</a></li>
        <li><a href="/return{{q}}">{{t.footerReturn}}</a></li>
        <li><a href="/{{q}}">{{t.footerStart}}</a></li>
        <li><a href="/privacy{{q}}">{{t.footerPrivacy}}</a></li>
        <li><a href="/accessibility{{q}}">{{t.footerAccessibility}}</a></li>
        </ul>
        </footer>
        </body>
        </html>

        """

    /// The language travels in the form too (and in the action's query, so that a page
    /// answered before the body is read, such as 503 or 403, is in the right language).
    static let langField = """
        <input type="hidden" name="lang" value="{{lang}}">
        <input type="hidden" name="form" value="{{formToken}}">
        {{#visit}}<input type="hidden" name="visit" value="{{visit}}">{{/visit}}

        """

    /// The code input. Never pre-filled: no page after the code page holds the code. After
    /// a mistyped or unknown code it is marked invalid and described by the notice.
    static let codeField = """
        <label for="code">{{t.codeLabel}}</label>
        <p class="hint" id="code-hint">{{codeFieldHint}}</p>
        <input id="code" name="code" type="text" autocomplete="off" autocapitalize="characters" autocorrect="off" spellcheck="false" maxlength="64" required aria-describedby="{{#codeInvalid}}problem {{/codeInvalid}}code-hint"{{#codeInvalid}} aria-invalid="true"{{/codeInvalid}}>

        """

    static let paragraphs = """
        {{#paragraphs}}
        <p>{{.}}</p>
        {{/paragraphs}}

        """

    static let writeForm = """
        <form method="post" action="/c/{{clinic.slug}}/write{{q}}">
        {{>langField}}
        <fieldset>
        <legend>{{t.channelLegend}}</legend>
        {{#channels}}
        <div class="choice"><input type="radio" id="channel-{{value}}" name="channel" value="{{value}}" required{{#checked}} checked{{/checked}}> <label for="channel-{{value}}">{{label}}</label></div>
        {{/channels}}
        </fieldset>
        <label for="text">{{t.textLabel}}</label>
        <p class="hint" id="text-hint">{{t.textHint}}</p>
        <textarea id="text" name="text" rows="8" maxlength="32000" required aria-describedby="text-hint">
        {{text}}</textarea>
        <p class="hint" id="send-hint">{{t.afterSend}}</p>
        <button type="submit" aria-describedby="send-hint">{{t.send}}</button>
        </form>

        """

    static let replyForm = """
        <form method="post" action="/reply{{q}}">
        {{>langField}}
        <label for="text">{{t.textLabel}}</label>
        <textarea id="text" name="text" rows="6" maxlength="32000" required>
        {{text}}</textarea>
        {{^visit}}{{>codeField}}{{/visit}}
        <button type="submit">{{t.send}}</button>
        </form>

        """

    // MARK: Pages

    static let start = """
        {{<layout}}{{$main}}
        <h1>{{t.startTitle}}</h1>
        <p class="lead">{{t.startIntro1}}</p>
        <p class="lead">{{t.startIntro2}}</p>
        <p class="lead">{{t.startIntro3}}</p>
        <h2>{{t.chooseHeading}}</h2>
        {{^regions}}<p>{{t.noClinics}}</p>{{/regions}}
        {{#regions}}
        {{#grouped}}<h3>{{name}}</h3>{{/grouped}}
        {{#clinics}}
        <section class="clinic">
        <h{{level}}{{#nameLang}} lang="{{nameLang}}"{{/nameLang}}>{{name}}</h{{level}}>
        <p class="hint">{{t.municipalities}}: {{municipalities}}</p>
        <ul class="channels">
        {{#channels}}
        <li><a class="choice-link" href="{{href}}">{{label}}</a></li>
        {{/channels}}
        </ul>
        </section>
        {{/clinics}}
        {{/regions}}
        <h2>{{t.haveCodeHeading}}</h2>
        <p><a href="/return{{q}}">{{t.haveCodeText}}</a></p>
        {{/main}}{{/layout}}
        """

    static let clinic = """
        {{<layout}}{{$main}}
        <h1{{#clinic.nameLang}} lang="{{clinic.nameLang}}"{{/clinic.nameLang}}>{{clinic.name}}</h1>
        {{>clinicFacts}}
        {{>before}}
        <h2>{{t.writeHeading}}</h2>
        {{>writeForm}}
        <p><a href="/return{{q}}">{{t.haveCodeText}}</a></p>
        {{/main}}{{/layout}}
        """

    /// The write form again, after a problem, with the person's text kept.
    static let writeAgain = """
        {{<layout}}{{$main}}
        <h1>{{heading}}</h1>
        <div class="notice problem">
        {{>paragraphs}}
        </div>
        {{>before}}
        <h2>{{t.writeHeading}}</h2>
        {{>writeForm}}
        {{/main}}{{/layout}}
        """

    /// The one page that shows the code: large, and once more in a read-only field that
    /// a long press selects whole, for copying. The button opens the conversation within
    /// the visit, without typing the code.
    static let code = """
        {{<layout}}{{$main}}
        <h1>{{t.codeTitle}}</h1>
        <p>{{t.codeLead}}</p>
        <p class="code">{{code}}</p>
        <label for="code-copy">{{t.codeCopyLabel}}</label>
        <input id="code-copy" class="code-copy" type="text" value="{{code}}" readonly autocomplete="off" spellcheck="false">
        <ul class="advice">
        <li>{{t.codeKeep}}</li>
        <li>{{t.codeNobody}}</li>
        <li>{{comeBack}}</li>
        </ul>
        <form method="post" action="/conversation{{q}}">
        {{>langField}}
        <button type="submit">{{t.codeGoOn}}</button>
        </form>
        <p class="hint">{{t.codeGoOnHint}}</p>
        {{/main}}{{/layout}}
        """

    /// The clinic's facts, each in its own language.
    static let clinicFacts = """
        <p class="about"{{#clinic.aboutLang}} lang="{{clinic.aboutLang}}"{{/clinic.aboutLang}}>{{clinic.about}}</p>
        <dl class="facts">
        <dt>{{t.phone}}</dt><dd><a href="tel:{{clinic.phoneDial}}">{{clinic.phone}}</a></dd>
        <dt>{{t.phoneHours}}</dt><dd{{#clinic.phoneHoursLang}} lang="{{clinic.phoneHoursLang}}"{{/clinic.phoneHoursLang}}>{{clinic.phoneHours}}</dd>
        <dt>{{t.answerTime}}</dt><dd{{#clinic.answerTimeLang}} lang="{{clinic.answerTimeLang}}"{{/clinic.answerTimeLang}}>{{clinic.answerTime}}</dd>
        <dt>{{t.municipalities}}</dt><dd>{{clinic.municipalities}}</dd>
        </dl>

        """

    /// Said before the form: who reads, confidentiality and where it ends, how long it is
    /// kept, and that a code is coming.
    static let before = """
        <section class="before" aria-labelledby="before-heading">
        <h2 id="before-heading">{{t.beforeHeading}}</h2>
        <p>{{clinic.beforeWho}}</p>
        <h3>{{t.beforeConfidentialityHeading}}</h3>
        <p class="about"{{#clinic.confidentialityLang}} lang="{{clinic.confidentialityLang}}"{{/clinic.confidentialityLang}}>{{clinic.confidentiality}}</p>
        <p>{{clinic.beforeKept}}</p>
        <p>{{t.beforeCode}} <a href="/privacy{{q}}">{{t.beforeMore}}</a></p>
        </section>

        """

    /// Entering the code: the return page, and the pages for a mistyped or unknown code.
    static let enterCode = """
        {{<layout}}{{$main}}
        <h1>{{heading}}</h1>
        {{#problem}}<div class="notice problem" id="problem">{{>paragraphs}}</div>{{/problem}}
        {{^problem}}{{>paragraphs}}{{/problem}}
        <form method="post" action="/return{{q}}">
        {{>langField}}
        {{>codeField}}
        <button type="submit">{{t.open}}</button>
        </form>
        <p>{{t.lostCode}} <a href="/{{q}}">{{t.startNew}}</a></p>
        {{/main}}{{/layout}}
        """

    static let conversation = """
        {{<layout}}{{$main}}
        <h1>{{heading}}</h1>
        <p class="status notice">{{status}}{{#statusAnswer}} <span{{#statusAnswerLang}} lang="{{statusAnswerLang}}"{{/statusAnswerLang}}>{{statusAnswer}}</span>{{/statusAnswer}}</p>
        {{#sent}}<p class="notice">{{t.sentNotice}}</p>{{/sent}}
        <p{{#hoursLang}} lang="{{hoursLang}}"{{/hoursLang}}>{{answers}}</p>
        {{#hasProblems}}
        <div class="notice problem">
        <h2>{{t.problemHeading}}</h2>
        <ul>
        {{#problems}}
        <li>{{.}}</li>
        {{/problems}}
        </ul>
        <p>{{t.problemAdvice}}</p>
        </div>
        {{/hasProblems}}
        <ol class="messages">
        {{#messages}}
        <li class="message {{side}}">
        <p class="who">{{#fromClinic}}<strong>{{t.clinicReply}}</strong><br>{{signed}}{{/fromClinic}}{{^fromClinic}}<strong>{{t.youWrote}}</strong>{{/fromClinic}}<br><span class="when">{{when}}</span></p>
        {{#opened}}<p class="text">{{text}}</p>{{/opened}}
        {{^opened}}<p class="text failed">{{t.notOpened}}</p>{{/opened}}
        </li>
        {{/messages}}
        </ol>
        <p class="hint">{{expires}}</p>
        <h2>{{t.replyHeading}}</h2>
        {{>replyForm}}
        {{#visitKept}}<p class="hint">{{visitKept}}</p>{{/visitKept}}
        <h2>{{t.deleteHeading}}</h2>
        <p>{{t.deleteText}}</p>
        <form method="post" action="/delete{{q}}">
        {{>langField}}
        <button type="submit" class="danger">{{t.deleteButton}}</button>
        </form>
        {{/main}}{{/layout}}
        """

    /// The reply form again, after a problem, with the person's text kept.
    static let replyAgain = """
        {{<layout}}{{$main}}
        <h1>{{heading}}</h1>
        <div class="notice problem" id="problem">
        {{>paragraphs}}
        </div>
        {{>replyForm}}
        {{/main}}{{/layout}}
        """

    static let confirm = """
        {{<layout}}{{$main}}
        <h1>{{heading}}</h1>
        {{#problem}}<div class="notice problem" id="problem">{{>paragraphs}}</div>{{/problem}}
        <p>{{t.deleteText}}</p>
        <form method="post" action="/delete/confirm{{q}}">
        {{>langField}}
        {{^visit}}{{>codeField}}{{/visit}}
        <button type="submit" class="danger">{{t.confirmButton}}</button>
        </form>
        {{#visit}}<form method="post" action="/conversation{{q}}">
        {{>langField}}
        <button type="submit" class="secondary">{{t.confirmCancel}}</button>
        </form>{{/visit}}
        {{^visit}}<p><a href="/return{{q}}">{{t.confirmCancel}}</a></p>{{/visit}}
        {{/main}}{{/layout}}
        """

    static let deleted = """
        {{<layout}}{{$main}}
        <h1>{{t.deletedTitle}}</h1>
        <p>{{t.deletedText}}</p>
        <p>{{t.deletedAdvice}} <a href="/safety{{q}}">{{t.footerSafety}}</a></p>
        <p><a href="/{{q}}">{{t.footerStart}}</a></p>
        {{/main}}{{/layout}}
        """

    static let safety = """
        {{<layout}}{{$main}}
        <h1>{{t.safetyTitle}}</h1>
        <h2>{{t.safetyLeaveHeading}}</h2>
        <p>{{t.safetyLeaveText}}</p>
        <h2>{{t.safetyPrivateHeading}}</h2>
        <p>{{t.safetyPrivateText}}</p>
        <h2>{{t.safetyHistoryHeading}}</h2>
        <p>{{t.safetyHistoryText}}</p>
        <h2>{{t.safetyCodeHeading}}</h2>
        <p>{{t.safetyCodeText}}</p>
        <h2>{{t.safetyTorHeading}}</h2>
        <p>{{t.safetyTorText}}</p>
        <h2>{{t.safetyDangerHeading}}</h2>
        <p>{{t.safetyDangerText}}</p>
        {{/main}}{{/layout}}
        """

    /// Om tjänsten och dina uppgifter (GDPR art. 13).
    static let privacy = """
        {{<layout}}{{$main}}
        <h1>{{t.privacyTitle}}</h1>
        <p class="lead">{{t.privacyLead}}</p>
        <h2>{{t.privacyControllerHeading}}</h2>
        {{#configured}}<p>{{controller}}</p>{{/configured}}
        {{^configured}}<p class="notice problem">{{t.privacyNotConfigured}}</p>{{/configured}}
        {{#contact}}<p>{{contact}}</p>{{/contact}}
        {{#dpo}}<p>{{dpo}}</p>{{/dpo}}
        <h2>{{t.privacyPurposeHeading}}</h2>
        <p>{{t.privacyPurpose}}</p>
        <p>{{t.privacyBasis}}</p>
        <h2>{{t.privacyKeptHeading}}</h2>
        <p>{{t.privacyKept}}</p>
        <p>{{t.privacyNotKept}}</p>
        <h2>{{t.privacyHowLongHeading}}</h2>
        <p>{{howLong}}</p>
        <h2>{{t.privacyWhoHeading}}</h2>
        <p>{{t.privacyWho}}</p>
        <h2>{{t.privacyRightsHeading}}</h2>
        <p>{{t.privacyRights}}</p>
        <p>{{t.privacyComplain}}</p>
        {{/main}}{{/layout}}
        """

    /// Tillgänglighetsredogörelse (lagen (2018:1937) om tillgänglighet till digital offentlig service).
    static let accessibility = """
        {{<layout}}{{$main}}
        <h1>{{t.a11yTitle}}</h1>
        <p class="lead">{{lead}}</p>
        <h2>{{t.a11yStatusHeading}}</h2>
        <p>{{status}}</p>
        <h2>{{t.a11yIssuesHeading}}</h2>
        <p class="about"{{#issuesLang}} lang="{{issuesLang}}"{{/issuesLang}}>{{issues}}</p>
        <h2>{{t.a11yReportHeading}}</h2>
        {{#report}}<p>{{report}}</p>{{/report}}
        {{^report}}<p class="notice problem">{{t.privacyNotConfigured}}</p>{{/report}}
        <h2>{{t.a11ySupervisionHeading}}</h2>
        <p>{{t.a11ySupervision}}</p>
        <h2>{{t.a11yTestedHeading}}</h2>
        <p>{{t.a11yTested}}</p>
        {{#reviewed}}<p>{{reviewed}}</p>{{/reviewed}}
        {{/main}}{{/layout}}
        """

    /// A calm page for everything else: not found, busy, refused, broken.
    static let notice = """
        {{<layout}}{{$main}}
        <h1>{{heading}}</h1>
        {{>paragraphs}}
        <p><a href="/{{q}}">{{t.footerStart}}</a></p>
        {{/main}}{{/layout}}
        """
}
