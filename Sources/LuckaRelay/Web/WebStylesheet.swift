/// The one stylesheet, served at /static/lucka.css (CSP `style-src 'self'`). System fonts
/// only, no images, nothing from anywhere else. Colours keep at least 4.5:1 contrast for
/// text and 3:1 for borders and focus rings; the layout is one column from 320 px up.
/// Sides are logical (margin-inline-start, not margin-left), so right-to-left pages mirror.
enum WebStylesheet {
    static let path = "/static/lucka.css"

    static let css = """
        :root{--ink:#1b2424;--muted:#435050;--accent:#1d5c57;--accent-dark:#123f3b;--soft:#eef5f4;--line:#b4c6c4;--warn:#9a4100;--warn-bg:#fff4ea;--danger:#9b1c1c;--focus:#c24e00}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
        body{margin:0;background:#fff;color:var(--ink);font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif}
        a{color:var(--accent);text-underline-offset:.15em}
        a:hover{color:var(--accent-dark)}
        :focus-visible{outline:3px solid var(--focus);outline-offset:2px}
        .bar{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem;padding:.5rem max(1rem,calc((100% - 40rem)/2));background:var(--soft);border-bottom:1px solid var(--line)}
        .bar nav{flex:1 1 auto;display:flex;align-items:center;justify-content:space-between;gap:1rem}
        .home{font-weight:700;font-size:1.2rem;color:var(--ink);text-decoration:none}
        .leave{display:inline-block;padding:.55rem .9rem;min-height:44px;border-radius:.4rem;background:var(--ink);color:#fff;font-weight:700;text-decoration:none}
        .leave:hover,.leave:focus{background:#000;color:#fff}
        .leave-form,.lang-form{margin:0}
        .langs{display:flex;flex-wrap:wrap;align-items:center;gap:0 1rem}
        .bar button.leave{margin:0;border:0;font:inherit;font-weight:700;cursor:pointer}
        .lang-form button.lang{margin:0;padding:.5rem 0;min-height:44px;background:none;color:var(--accent);font-weight:400;text-decoration:underline;text-underline-offset:.15em}
        .lang-form button.lang:hover{background:none;color:var(--accent-dark)}
        main,footer{max-width:42rem;margin:0 auto;padding:0 1rem}
        main{padding-bottom:2rem}
        h1{font-size:1.6rem;line-height:1.25;margin:1.5rem 0 1rem}
        h2{font-size:1.25rem;line-height:1.3;margin:2rem 0 .75rem}
        h3,h4{font-size:1.1rem;margin:1.5rem 0 .5rem}
        .lead{font-size:1.125rem}
        .hint{color:var(--muted);font-size:.95rem;margin:.25rem 0 .5rem}
        .about{white-space:pre-line}
        .facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:1rem 0}
        .facts dt{font-weight:600}
        .facts dd{margin:0}
        .clinic{border:1px solid var(--line);border-radius:.5rem;padding:0 1rem .5rem;margin:1rem 0}
        .clinic h3,.clinic h4{margin-top:1rem}
        .channels{list-style:none;padding:0;margin:.5rem 0}
        .channels li{margin:.4rem 0}
        .choice-link{display:block;padding:.6rem .8rem;min-height:44px;border:2px solid var(--accent);border-radius:.4rem;font-weight:600;text-decoration:none}
        .choice-link:hover{background:var(--soft)}
        form{margin:1rem 0}
        fieldset{border:0;padding:0;margin:0 0 1rem}
        legend{font-weight:600;padding:0;margin-bottom:.4rem}
        .choice{display:flex;align-items:center;gap:.5rem;min-height:44px}
        .choice input{width:1.3rem;height:1.3rem;margin:0;accent-color:var(--accent)}
        label{display:block;font-weight:600;margin-top:1rem}
        .choice label{display:inline;font-weight:400;margin:0}
        input[type=text],textarea{display:block;width:100%;font:inherit;color:inherit;padding:.6rem;border:2px solid #5f6d6d;border-radius:.3rem;background:#fff}
        textarea{min-height:10rem;resize:vertical}
        #code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;letter-spacing:.05em;text-transform:uppercase}
        button,.button{display:inline-block;margin-top:1rem;padding:.7rem 1.3rem;min-height:44px;border:0;border-radius:.4rem;background:var(--accent);color:#fff;font:inherit;font-weight:700;text-decoration:none;cursor:pointer}
        button:hover,.button:hover{background:var(--accent-dark);color:#fff}
        button.danger{background:var(--danger)}
        button.secondary{background:#fff;color:var(--accent);border:2px solid var(--accent)}
        button.secondary:hover{background:var(--soft);color:var(--accent-dark)}
        .code-copy{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:1.15rem;text-align:center;letter-spacing:.05em}
        .status{font-weight:600}
        .before{border-top:1px solid var(--line);margin-top:1.5rem}
        button.danger:hover{background:#6f1212}
        .code{font:700 clamp(1rem,5.4vw,2rem)/1.35 ui-monospace,"DejaVu Sans Mono",monospace;letter-spacing:.04em;text-align:center;padding:1rem .25rem;margin:1rem 0;border:3px dashed var(--accent);border-radius:.5rem;background:var(--soft)}
        .advice li{margin:.5rem 0}
        .notice{border-inline-start:5px solid var(--accent);background:var(--soft);padding:.6rem 1rem;margin:1rem 0}
        .notice.problem{border-color:var(--warn);background:var(--warn-bg)}
        .notice h2{margin-top:.5rem}
        .notice p{margin:.4rem 0}
        .messages{list-style:none;padding:0;margin:1.5rem 0}
        .message{border:1px solid var(--line);border-inline-start-width:5px;border-radius:.4rem;padding:.5rem 1rem;margin:1rem 0}
        .message.clinic{border-inline-start-color:var(--accent);background:var(--soft)}
        .message.writer{margin-inline-start:1.5rem}
        .who{margin:.25rem 0;font-size:.95rem}
        .when{color:var(--muted)}
        .text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.5rem 0}
        .failed{color:var(--warn);font-style:italic}
        footer{border-top:1px solid var(--line);padding-top:.5rem;padding-bottom:2rem;color:var(--muted);font-size:.95rem}
        footer ul{padding-inline-start:1.2rem}
        footer li{margin:.4rem 0}
        @media (max-width:30rem){.message.writer{margin-inline-start:.5rem}h1{font-size:1.4rem}}

        """
}
