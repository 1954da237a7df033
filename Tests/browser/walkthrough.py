#!/usr/bin/env python3
"""A writer's walk through Lucka's web pages in headless Chromium with JavaScript off.

Every page the walk reaches is also checked with axe-core (WCAG 2.1 A and AA), loaded
from the selenium-axe-python package on disk: scripts stay off while a page loads and
are switched on only for axe's own run, so the pages are tested as a writer with
JavaScript off sees them. Any violation fails the walk.

Run by Tests/EndToEndTests/BrowserTests.swift against a real relay:

    walkthrough.py --url http://127.0.0.1:PORT --clinic SLUG --size phone --width 360 \
        --height 740 --mobile --shots DIR --handshake DIR --report FILE

start -> clinic -> write -> code page (the code is read off the screen and kept in this
process's memory only, like a person who wrote it down) -> return page -> the
conversation -> [handshake: the test has a counsellor reply with lucka-staff] -> read the
reply -> reply -> delete (ask, confirm) -> deleted; plus the typo and safety pages. The
back button after the code page must not show the code again, and at the end no file
under --relay-files (the relay's data folder and log) may hold it.

Every response the browser received is checked, from Chromium's own network log, for
the security headers; after the code page, no URL, title, page or response header may
hold the code. A full-page screenshot of each step goes to DIR/NN-name.png and the report
(JSON) lists every page with its size in bytes as served. Exit status 0 only if all holds.
"""

import argparse
import base64
import json
import os
import re
import sys
import time
import traceback
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

import selenium_axe_python

AXE = open(os.path.join(os.path.dirname(selenium_axe_python.__file__), "axe-core", "axe.min.js")).read()
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self' https://www.smhi.se; frame-ancestors 'none'; base-uri 'none'"
LEAVE = "https://www.smhi.se/"
LANGUAGES = ("sv", "en", "sv-x-easy", "ar-XB")
CODE_PATTERN = re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$")


class Walk:
    def __init__(self, args):
        self.args = args
        self.failures = []
        self.pages = []  # (step, method, url, status, bytes)
        self.code = None
        self.after_code = False
        self.step = 0
        options = webdriver.ChromeOptions()
        options.binary_location = args.chromium
        for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--no-first-run", "--disable-extensions", "--lang=sv-SE",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-features=Translate,OptimizationHints,MediaRouter"]:
            options.add_argument(flag)
        options.add_experimental_option("prefs", {"intl.accept_languages": "sv-SE,sv"})
        if args.mobile:
            options.add_experimental_option("mobileEmulation", {
                "deviceMetrics": {"width": args.width, "height": args.height, "pixelRatio": 2.0, "touch": False},
                "userAgent": "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36",
            })
        else:
            options.add_argument(f"--window-size={args.width},{args.height}")
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        self.driver = webdriver.Chrome(service=Service(args.chromedriver), options=options)
        self.driver.set_page_load_timeout(30)
        # JavaScript off, as in Tor Browser's "Safest" level (switched on only for axe).
        self.scripts(False)
        self.axe_runs = 0

    def scripts(self, enabled):
        self.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": not enabled})

    def axe(self, name):
        """axe-core on the page as it is, WCAG 2.1 A and AA; every violation is a failure."""
        self.scripts(True)
        try:
            result = self.driver.execute_cdp_cmd("Runtime.evaluate", {
                "expression": AXE + "\n;axe.run(document, " + json.dumps(AXE_OPTIONS) + ").then(r => JSON.stringify("
                              "r.violations.map(v => ({id: v.id, targets: v.nodes.map(n => n.target.join(' '))}))))",
                "awaitPromise": True, "returnByValue": True, "timeout": 30000})
        finally:
            self.scripts(False)
        value = result.get("result", {}).get("value")
        self.check(value is not None, f"{name}: axe did not run: {result}")
        if value is None:
            return
        self.axe_runs += 1
        for violation in json.loads(value):
            self.check(False, f"{name}: axe {violation['id']} at {violation['targets'][:3]}")

    # -- checks ---------------------------------------------------------------

    def check(self, condition, message):
        if not condition:
            self.failures.append(f"[{self.args.size}] step {self.step}: {message}")

    def network(self):
        """Responses and requests since the last call, from Chromium's performance log."""
        responses, requests, finished = {}, {}, {}
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            params = message.get("params", {})
            if message["method"] == "Network.requestWillBeSent":
                requests[params["requestId"]] = params["request"]
            elif message["method"] == "Network.responseReceived":
                responses[params["requestId"]] = params["response"]
            elif message["method"] == "Network.loadingFinished":
                finished[params["requestId"]] = params.get("encodedDataLength", 0)
        return requests, responses, finished

    def check_network(self, name):
        requests, responses, _ = self.network()
        for request in requests.values():
            url = request["url"]
            # The one other site is where "Leave this page quickly" goes, when pressed.
            self.check(url.startswith(self.args.url) or url.startswith("data:") or url == LEAVE, f"{name}: request to another site: {url}")
            if self.after_code and self.code:
                self.check(not self.holds_code(url), f"{name}: a request URL holds the code")
        for response in responses.values():
            url = response["url"]
            if not url.startswith(self.args.url):
                continue
            headers = {k.lower(): v for k, v in response["headers"].items()}
            label = f"{name}: {url} ({response['status']})"
            self.check(headers.get("cache-control") == "no-store", f"{label}: Cache-Control {headers.get('cache-control')}")
            self.check(headers.get("referrer-policy") == "no-referrer", f"{label}: Referrer-Policy")
            self.check(headers.get("content-security-policy") == CSP, f"{label}: CSP {headers.get('content-security-policy')}")
            self.check(headers.get("x-content-type-options") == "nosniff", f"{label}: nosniff")
            self.check(headers.get("x-frame-options") == "DENY", f"{label}: X-Frame-Options")
            self.check("set-cookie" not in headers, f"{label}: Set-Cookie")
            self.check("location" not in headers, f"{label}: a redirect")
            if self.after_code and self.code:
                self.check(not any(self.holds_code(v) for v in headers.values()), f"{label}: a header holds the code")
        return responses

    def holds_code(self, text):
        plain = self.code.replace("-", "")
        lowered = text.lower()
        return any(needle.lower() in lowered for needle in (self.code, plain))

    def record(self, name, method):
        """After a page has loaded: check it, save a full-page screenshot, note its size."""
        self.step += 1
        driver = self.driver
        html = driver.page_source
        responses = {}
        document = []
        deadline = time.time() + 5
        while not document and time.time() < deadline:
            responses.update(self.check_network(name))
            document = [r for r in responses.values()
                        if r.get("mimeType") == "text/html" and r["url"].split("?")[0] == driver.current_url.split("?")[0]]
            if not document:
                time.sleep(0.1)
        self.check(bool(document), f"{name}: the browser's network log has no response for {driver.current_url}")
        status = document[-1]["status"] if document else None
        size = None
        if document:
            headers = {k.lower(): v for k, v in document[-1]["headers"].items()}
            size = int(headers.get("content-length", "0")) or None
        self.pages.append({"step": self.step, "name": name, "method": method, "path": driver.current_url[len(self.args.url):],
                           "status": status, "bytes": size, "title": driver.title})
        root = driver.find_element(By.TAG_NAME, "html")
        rtl = root.get_attribute("dir") == "rtl"
        self.check(root.get_attribute("lang") in LANGUAGES and root.get_attribute("dir") == ("rtl" if root.get_attribute("lang") == "ar-XB" else "ltr"),
                   f"{name}: html lang {root.get_attribute('lang')} dir {root.get_attribute('dir')}")
        self.check(len(driver.find_elements(By.TAG_NAME, "h1")) == 1, f"{name}: one h1")
        # "Leave this page quickly": a link, or within a visit a form that ends the visit first.
        links = driver.find_elements(By.CSS_SELECTOR, "a.leave")
        buttons = driver.find_elements(By.CSS_SELECTOR, "form.leave-form[action='/leave'] button.leave")
        leave = links + buttons
        self.check(len(leave) == 1 and (not links or (links[0].get_attribute("href") == LEAVE and links[0].get_attribute("rel") == "noreferrer")),
                   f"{name}: the leave control")
        self.check(leave and leave[0].is_displayed(), f"{name}: the leave control is visible")
        # It comes first, on the screen and for the keyboard.
        focusable = driver.find_elements(By.CSS_SELECTOR, "header a, header button")
        self.check(bool(focusable) and leave and focusable[0] == leave[0], f"{name}: the leave control comes first")
        if leave and len(focusable) > 1:
            # Reading order: left to right, or right to left on a right-to-left page.
            before = leave[0].location["x"] >= focusable[1].location["x"] if rtl else leave[0].location["x"] <= focusable[1].location["x"]
            self.check(before or leave[0].location["y"] < focusable[1].location["y"],
                       f"{name}: the header's focus order follows what the eye sees")
        if self.after_code and self.code:
            self.check(not self.holds_code(html), f"{name}: the page holds the code")
            self.check(not self.holds_code(driver.title), f"{name}: the title holds the code")
            self.check(not self.holds_code(driver.current_url), f"{name}: the URL holds the code")
        # Nothing wider than the screen: no sideways scrolling on a phone.
        metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        content = metrics["cssContentSize"]
        viewport = metrics["cssLayoutViewport"]
        self.check(content["width"] <= viewport["clientWidth"] + 1,
                   f"{name}: content {content['width']} px wide in a {viewport['clientWidth']} px window")
        self.screenshot(name, content)
        self.axe(name)

    def screenshot(self, name, content):
        path = os.path.join(self.args.shots, f"{self.step:02d}-{name}.png")
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": content["width"], "height": content["height"], "scale": 1},
        })
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))

    # -- the walk -------------------------------------------------------------

    def go(self, path, name):
        self.driver.get(self.args.url + path)
        self.record(name, "GET")

    def click(self, element):
        """Clicks and waits for the next page: with JavaScript off, chromedriver may
        return from a click before the navigation it starts has begun."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        element.click()
        WebDriverWait(self.driver, 20).until(lambda _: self.gone(old))
        WebDriverWait(self.driver, 20).until(lambda d: d.find_elements(By.TAG_NAME, "footer"))

    @staticmethod
    def gone(element):
        """Whether `element` belongs to a page that has been replaced. Chromedriver says so
        with StaleElementReferenceException, or, with JavaScript off, sometimes with "Node
        with given id does not belong to the document"."""
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise

    def follow(self, selector, name):
        self.click(self.driver.find_element(By.CSS_SELECTOR, selector))
        self.record(name, "GET")

    def submit(self, button_selector, name):
        self.click(self.driver.find_element(By.CSS_SELECTOR, button_selector))
        self.record(name, "POST")

    def reload(self, name):
        """Reload, as a person presses it: on a page that was a form post, Chromium sends
        the form again (headless, it does not ask first)."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        self.driver.refresh()
        WebDriverWait(self.driver, 20).until(lambda _: self.gone(old))
        WebDriverWait(self.driver, 20).until(lambda d: d.find_elements(By.TAG_NAME, "footer"))
        self.record(name, "POST")

    def type_code(self):
        field = WebDriverWait(self.driver, 20).until(lambda d: d.find_element(By.ID, "code"))
        self.check(field.get_attribute("autocomplete") == "off", "code field: autocomplete=off")
        self.check(field.get_attribute("autocapitalize") == "characters", "code field: autocapitalize")
        self.check(field.get_attribute("spellcheck") == "false", "code field: spellcheck")
        self.check(field.get_attribute("value") == "", "code field is empty")
        # As a person types it: lower case, spaces instead of dashes.
        field.send_keys(self.code.lower().replace("-", " "))

    def run(self):
        driver = self.driver
        # JavaScript really is off: a page's script cannot change its title.
        driver.get("data:text/html,<title>off</title><script>document.title='on'</script>")
        self.check(driver.title == "off", "JavaScript is not disabled")
        self.network()

        self.go("/", "start")
        self.check("Välj mottagning" in driver.page_source, "start page: choose a clinic")
        links = driver.find_elements(By.CSS_SELECTOR, "a.choice-link")
        self.check(len(links) == 3, f"start page: {len(links)} channel links")
        self.follow(f"a[href='/c/{self.args.clinic}?channel=self']", "clinic")
        self.check(driver.find_element(By.ID, "channel-self").is_selected(), "clinic page: the chosen channel is selected")
        driver.find_element(By.ID, "text").send_keys(
            "Hej. Jag har köpt sex några gånger och vill sluta.\nJag vet inte var jag ska börja. <b>Hjälp?</b>")
        self.screenshot_only("clinic-filled")
        self.submit("form button[type=submit]", "code")
        code = driver.find_element(By.CSS_SELECTOR, "p.code").text.strip()
        self.check(CODE_PATTERN.match(code) is not None, f"code page: a grouped code ({len(code)} characters)")
        self.check(driver.page_source.count(code) == 2, "code page: the code appears once, and once more to copy")
        copy = driver.find_element(By.ID, "code-copy")
        self.check(copy.get_attribute("readonly") is not None and copy.get_attribute("value") == code, "code page: the field to copy")
        self.check(code not in driver.title and code not in driver.current_url, "code page: code in title or URL")
        self.code = code
        self.after_code = True

        # "I have saved the code – open the conversation": straight in, no typing.
        self.submit("form[action^='/conversation'] button", "conversation-from-code")
        self.check("Jag vet inte var jag ska börja" in driver.page_source, "the conversation opens from the code page")
        self.check(not driver.find_elements(By.ID, "code"), "within the visit no code is asked for")
        # The back button does not bring the code back: the code page was a form post
        # answered with no-store, so the browser asks to send again instead.
        driver.back()
        WebDriverWait(driver, 20).until(lambda d: d.current_url.endswith("/write"))
        time.sleep(1)
        self.check(not self.holds_code(driver.page_source) and not self.holds_code(driver.title),
                   "going back shows the code page again")
        # Reload there sends the first message again: the relay answers with its calm page
        # and makes no second conversation and no second code (the form's token is spent).
        self.reload("reload-code")
        self.check("går inte att visa igen" in driver.page_source, "reload of the code page: the neutral page")
        self.check(not self.holds_code(driver.page_source) and not CODE_PATTERN.search(driver.find_element(By.TAG_NAME, "main").text),
                   "reload of the code page shows a code")
        driver.get(self.args.url + "/return")
        WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "code"))
        self.type_code()
        self.submit("form button[type=submit]", "conversation")
        self.check("Jag vet inte var jag ska börja. <b>Hjälp?</b>" in driver.find_element(By.CSS_SELECTOR, "p.text").text,
                   "conversation: the message, as text")

        # The language switch keeps the visit: the conversation in English, no code typed.
        self.submit("form.lang-form button", "conversation-english")
        self.check("Jag vet inte var jag ska börja" in driver.page_source and driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en",
                   "the language switch keeps the conversation")
        self.submit("form.lang-form button", "conversation-swedish")

        # "Lämna sidan snabbt", then Back and Reload: the visit has ended on the way out, and
        # the browser sends the earlier form again and sees nothing of it. (The neutral site
        # cannot load here, with no internet; the browser shows its own error page.)
        old = driver.find_element(By.TAG_NAME, "html")
        driver.find_element(By.CSS_SELECTOR, "form.leave-form button.leave").click()
        WebDriverWait(driver, 20).until(lambda d: self.gone(old))
        WebDriverWait(driver, 20).until(lambda d: "smhi.se" in d.current_url or "chrome-error" in d.current_url)
        driver.back()
        WebDriverWait(driver, 20).until(lambda d: d.current_url.endswith("/conversation") or d.current_url.endswith("/return"))
        self.reload("back-reload-conversation")
        self.check("går inte att visa igen" in driver.page_source, "back and reload after leaving: the neutral page")
        self.check("Jag vet inte var jag ska börja" not in driver.page_source and not self.holds_code(driver.page_source),
                   "back and reload after leaving shows the conversation")

        # A counsellor answers with lucka-staff, run by the test.
        open(os.path.join(self.args.handshake, "written"), "w").close()
        replied = os.path.join(self.args.handshake, "replied")
        deadline = time.time() + 120
        while not os.path.exists(replied) and time.time() < deadline:
            time.sleep(0.2)
        self.check(os.path.exists(replied), "the counsellor did not reply in time")

        self.go("/return", "return-again")
        self.type_code()
        self.submit("form button[type=submit]", "reply-from-clinic")
        messages = driver.find_elements(By.CSS_SELECTOR, "li.message")
        self.check(len(messages) == 2, f"conversation: {len(messages)} messages")
        if len(messages) == 2:
            self.check("clinic" in messages[1].get_attribute("class"), "the newest message is last and is the clinic's")
            self.check("Anna" in messages[1].text, "the reply names the counsellor")
            self.check("Välkommen" in messages[1].text, "the reply's text")

        driver.find_element(By.ID, "text").send_keys("Tack. Jag ringer på tisdag.")
        self.check(not driver.find_elements(By.ID, "code"), "replying within the visit asks for no code")
        self.submit("form[action^='/reply'] button", "replied")
        self.check("Ditt meddelande är skickat." in driver.page_source, "after replying: sent")
        self.check(len(driver.find_elements(By.CSS_SELECTOR, "li.message")) == 3, "after replying: three messages")

        self.submit("form[action='/delete'] button", "delete-confirm")
        self.check(not driver.find_elements(By.ID, "code"), "deleting within the visit asks for no code")
        self.submit("form[action^='/delete/confirm'] button", "deleted")
        self.check("Samtalet är raderat" in driver.page_source, "deleted")

        # The code no longer opens anything; a typo is caught before any lookup.
        self.go("/return", "return-after-delete")
        self.type_code()
        self.submit("form button[type=submit]", "unknown-code")
        self.check("Vi hittar inget samtal" in driver.page_source, "unknown code page")
        field = driver.find_element(By.ID, "code")
        field.send_keys(("X" if self.code[0] != "X" else "Y") + self.code[1:])
        self.submit("form button[type=submit]", "typo")
        self.check("felskriven" in driver.page_source, "typo page")

        self.go("/privacy", "privacy")
        self.check("IMY" in driver.page_source, "privacy notice: the right to complain to IMY")
        self.go("/accessibility", "accessibility")
        self.check("Digg" in driver.page_source, "accessibility statement: the supervisory authority")
        self.follow("a.lang", "accessibility-english")
        self.go("/privacy?lang=en", "privacy-english")
        self.go("/safety", "safety")
        self.follow("a.lang", "safety-english")
        self.check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en", "English")
        self.follow("a.home", "start-english")
        self.check("Choose a clinic" in driver.page_source, "English start page")

        # Every GET page again, outside the browser: the headers as any client sees them.
        for page in self.pages:
            if page["method"] != "GET":
                continue
            with urllib.request.urlopen(self.args.url + page["path"]) as response:
                headers = {k.lower(): v for k, v in response.headers.items()}
                body = response.read()
                self.check(headers.get("cache-control") == "no-store" and headers.get("referrer-policy") == "no-referrer"
                           and headers.get("content-security-policy") == CSP and "set-cookie" not in headers,
                           f"urllib {page['path']}: headers {headers}")
                if page["bytes"] is None:
                    page["bytes"] = len(body)
        # The relay wrote the code nowhere: not in its data folder, not in its log.
        for folder in [self.args.relay_files] if self.args.relay_files else []:
            for root, _, names in os.walk(folder):
                for name in names:
                    with open(os.path.join(root, name), "rb") as f:
                        content = f.read().decode("latin-1")
                    self.check(self.code is None or not self.holds_code(content), f"{name} holds the code")
        with urllib.request.urlopen(self.args.url + "/static/lucka.css") as response:
            self.pages.append({"step": 0, "name": "stylesheet", "method": "GET", "path": "/static/lucka.css",
                               "status": response.status, "bytes": len(response.read()), "title": ""})

    def screenshot_only(self, name):
        self.step += 1
        metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        self.screenshot(name, metrics["cssContentSize"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--clinic", required=True)
    parser.add_argument("--size", required=True)
    parser.add_argument("--width", type=int, required=True)
    parser.add_argument("--height", type=int, required=True)
    parser.add_argument("--mobile", action="store_true")
    parser.add_argument("--shots", required=True)
    parser.add_argument("--handshake", required=True)
    parser.add_argument("--report", required=True)
    parser.add_argument("--relay-files", help="the relay's data folder and log, to scan for the code")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    args = parser.parse_args()
    os.makedirs(args.shots, exist_ok=True)
    walk = Walk(args)
    try:
        walk.run()
    except Exception as error:  # a missing element, a timeout: report it with the step
        traceback.print_exc()
        walk.failures.append(f"[{args.size}] step {walk.step}: {type(error).__name__}: {error}".splitlines()[0])
    finally:
        walk.driver.quit()
    with open(args.report, "w") as f:
        json.dump({"size": args.size, "pages": walk.pages, "failures": walk.failures, "axeRuns": walk.axe_runs}, f, indent=1, ensure_ascii=False)
    for page in walk.pages:
        print(f"{args.size:8} {page['step']:2} {page['method']:4} {page['path'] or '/':24} {page['status']} {page['bytes']} bytes  {page['name']}")
    for failure in walk.failures:
        print("FAIL", failure, file=sys.stderr)
    sys.exit(1 if walk.failures else 0)


if __name__ == "__main__":
    main()
