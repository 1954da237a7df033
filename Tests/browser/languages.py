#!/usr/bin/env python3
"""Every page in the right-to-left test language (ar-XB: English in Arabic letters,
dir=rtl) and the start and writing pages in lätt svenska, in headless Chromium with
JavaScript off, each checked by axe-core (WCAG 2.1 A and AA) and by the checks of
walkthrough.py (one h1, the leave control first in reading order, nothing wider than
the screen, the security headers). The relay runs with LUCKA_PSEUDO_LANGUAGE=1.

Run by Tests/EndToEndTests/BrowserTests.swift:

    languages.py --url http://127.0.0.1:PORT --clinic SLUG --size phone --width 360 \
        --height 740 --mobile --shots DIR --report FILE
"""

import argparse
import json
import os
import sys
import traceback

from selenium.webdriver.common.by import By

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from walkthrough import Walk  # noqa: E402

RTL = "ar-XB"


class Languages(Walk):
    def expect_rtl(self, name):
        root = self.driver.find_element(By.TAG_NAME, "html")
        self.check(root.get_attribute("lang") == RTL and root.get_attribute("dir") == "rtl", f"{name}: not right to left")
        # Logical CSS: the header's first control sits on the right.
        leave = self.driver.find_elements(By.CSS_SELECTOR, "a.leave, button.leave")
        home = self.driver.find_elements(By.CSS_SELECTOR, "a.home")
        if leave and home:
            self.check(leave[0].location["x"] > home[0].location["x"] or leave[0].location["y"] < home[0].location["y"],
                       f"{name}: the leave control is not on the right")
        # The test language is never offered as a link.
        self.check(not self.driver.find_elements(By.CSS_SELECTOR, f"[hreflang='{RTL}']"), f"{name}: the test language is offered")

    def rtl(self, path, name):
        separator = "&" if "?" in path else "?"
        self.go(f"{path}{separator}lang={RTL}", name)
        self.expect_rtl(name)

    def run(self):
        driver = self.driver
        self.network()
        for path, name in [("/", "start"), (f"/c/{self.args.clinic}?channel=self", "clinic"), ("/return", "return"),
                           ("/safety", "safety"), ("/privacy", "privacy"), ("/accessibility", "accessibility"),
                           ("/c/nowhere", "unknown-clinic"), ("/nothing/here", "not-found")]:
            self.rtl(path, f"rtl-{name}")

        # An empty message: the 400 page keeps the form, right to left.
        # (A space passes the field's `required`; the relay still finds the message empty.)
        self.rtl(f"/c/{self.args.clinic}?channel=self", "rtl-clinic-again")
        driver.find_element(By.ID, "text").send_keys(" ")
        self.submit("form button[type=submit]", "rtl-empty-message")
        self.expect_rtl("rtl-empty-message")
        # Write, get the code, open the conversation, reply, delete.
        self.rtl(f"/c/{self.args.clinic}?channel=self", "rtl-clinic-write")
        driver.find_element(By.ID, "text").send_keys("Hej. Ett prov från höger till vänster.")
        self.submit("form button[type=submit]", "rtl-code")
        self.expect_rtl("rtl-code")
        self.code = driver.find_element(By.CSS_SELECTOR, "p.code").text.strip()
        self.submit("form[action^='/conversation'] button", "rtl-conversation")
        self.expect_rtl("rtl-conversation")
        driver.find_element(By.ID, "text").send_keys("Ett svar.")
        self.submit("form[action^='/reply'] button", "rtl-replied")
        self.expect_rtl("rtl-replied")
        self.submit("form[action^='/delete?'] button", "rtl-delete-confirm")
        self.expect_rtl("rtl-delete-confirm")
        self.submit("form[action^='/delete/confirm'] button", "rtl-deleted")
        self.expect_rtl("rtl-deleted")
        # The code again: unknown; then a typo.
        self.rtl("/return", "rtl-return-after-delete")
        self.type_code()
        self.submit("form button[type=submit]", "rtl-unknown-code")
        self.expect_rtl("rtl-unknown-code")
        driver.find_element(By.ID, "code").send_keys("ABCD")
        self.submit("form button[type=submit]", "rtl-typo")
        self.expect_rtl("rtl-typo")

        # Lätt svenska: reachable by its link from the Swedish start page.
        self.go("/", "start-swedish")
        self.follow("a.lang[hreflang='sv-x-easy']", "easy-start")
        self.check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sv-x-easy", "lätt svenska: html lang")
        self.go(f"/c/{self.args.clinic}?channel=self&lang=sv-x-easy", "easy-clinic")
        self.go("/return?lang=sv-x-easy", "easy-return")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--clinic", required=True)
    parser.add_argument("--size", required=True)
    parser.add_argument("--width", type=int, required=True)
    parser.add_argument("--height", type=int, required=True)
    parser.add_argument("--mobile", action="store_true")
    parser.add_argument("--shots", required=True)
    parser.add_argument("--report", required=True)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    args = parser.parse_args()
    os.makedirs(args.shots, exist_ok=True)
    walk = Languages(args)
    try:
        walk.run()
    except Exception as error:
        traceback.print_exc()
        walk.failures.append(f"[{args.size}] step {walk.step}: {type(error).__name__}: {error}".splitlines()[0])
    finally:
        walk.driver.quit()
    with open(args.report, "w") as f:
        json.dump({"size": args.size, "pages": walk.pages, "failures": walk.failures, "axeRuns": walk.axe_runs}, f, indent=1, ensure_ascii=False)
    for page in walk.pages:
        print(f"{args.size:8} {page['step']:2} {page['method']:4} {page['path'] or '/':40} {page['status']} {page['bytes']} bytes  {page['name']}")
    for failure in walk.failures:
        print("FAIL", failure, file=sys.stderr)
    sys.exit(1 if walk.failures else 0)


if __name__ == "__main__":
    main()
