#!/usr/bin/env python3
"""A writer's visit in headless Chromium with JavaScript off: it ends after its idle
time, and when the relay restarts; the token is never in a URL or a cookie.

Run by Tests/EndToEndTests/BrowserTests.swift against a relay started with a short
LUCKA_VISIT_IDLE_SECONDS:

    visit.py --url URL --clinic SLUG --idle SECONDS --handshake DIR --shots DIR --report FILE

write -> "I have saved the code" (the visit begins) -> wait past the idle time -> reply:
the page asks for the code and keeps the text -> type the code: sent, a new visit ->
[handshake: the test restarts the relay on the same port] -> "Delete": the visit is gone,
the page asks for the code. axe-core (WCAG 2.1 A/AA) runs on every page, as in
walkthrough.py. Exit status 0 only if all holds.
"""

import argparse
import json
import os
import sys
import time
import traceback

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from walkthrough import Walk  # noqa: E402  (the same browser, checks and axe run)


class Visit(Walk):
    def visit_tokens(self):
        return [field.get_attribute("value") for field in self.driver.find_elements(By.CSS_SELECTOR, "input[name=visit]")]

    def no_token_outside_forms(self, tokens, name):
        driver = self.driver
        for token in tokens:
            self.check(token not in driver.current_url, f"{name}: the visit token is in the URL")
        self.check(driver.get_cookies() == [], f"{name}: cookies {driver.get_cookies()}")

    def run(self):
        driver = self.driver
        args = self.args
        self.go(f"/c/{args.clinic}?channel=self", "clinic")
        driver.find_element(By.ID, "text").send_keys("Jag vill prata om något svårt.")
        self.submit("form button[type=submit]", "code")
        self.code = driver.find_element(By.CSS_SELECTOR, "p.code").text.strip()
        self.after_code = True
        self.submit("form[action^='/conversation'] button", "conversation")
        first = self.visit_tokens()
        self.seen_tokens = set(first)
        self.check(len(set(first)) == 1, f"conversation: one visit token in its forms ({len(first)})")
        self.no_token_outside_forms(first, "conversation")

        # Past the idle time, the visit has ended: the reply keeps its text, asks for the code.
        time.sleep(args.idle + 1.5)
        driver.find_element(By.ID, "text").send_keys("Ett svar efter en paus.")
        self.submit("form[action^='/reply'] button", "visit-ended")
        self.check("Skriv in din kod igen" in driver.page_source, "after the idle time: asked for the code")
        self.check(driver.find_element(By.ID, "text").get_attribute("value").strip() == "Ett svar efter en paus.", "the text is kept")
        field = driver.find_element(By.ID, "code")
        field.send_keys(self.code)
        self.submit("form[action^='/reply'] button", "sent-after-code")
        self.check("Ditt meddelande är skickat." in driver.page_source, "sent once the code was typed")
        second = self.visit_tokens()
        self.seen_tokens.update(second)
        self.check(second and second[0] not in first, "a new visit after the code")
        self.no_token_outside_forms(second, "sent-after-code")

        # The relay restarts (the test does it): every visit ends with it.
        open(os.path.join(args.handshake, "restart"), "w").close()
        deadline = time.time() + 60
        while not os.path.exists(os.path.join(args.handshake, "restarted")) and time.time() < deadline:
            time.sleep(0.2)
        self.check(os.path.exists(os.path.join(args.handshake, "restarted")), "the relay was not restarted in time")
        self.submit("form[action='/delete'] button", "after-restart")
        self.check(driver.find_elements(By.ID, "code"), "after a restart the page asks for the code")
        self.check("Skriv in din kod igen" in driver.page_source, "after a restart: the calm notice")


def main():
    parser = argparse.ArgumentParser()
    for name in ["--url", "--clinic", "--handshake", "--shots", "--report"]:
        parser.add_argument(name, required=True)
    parser.add_argument("--idle", type=float, required=True)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    args = parser.parse_args()
    args.size, args.width, args.height, args.mobile, args.relay_files = "visit", 390, 844, True, None
    os.makedirs(args.shots, exist_ok=True)
    walk = Visit(args)
    try:
        walk.run()
    except Exception as error:
        traceback.print_exc()
        walk.failures.append(f"[visit] step {walk.step}: {type(error).__name__}: {error}".splitlines()[0])
    finally:
        walk.driver.quit()
    with open(args.report, "w") as f:
        json.dump({"size": "visit", "pages": walk.pages, "failures": walk.failures, "axeRuns": walk.axe_runs,
                   "visitTokens": sorted(getattr(walk, "seen_tokens", set()))}, f, indent=1, ensure_ascii=False)
    for failure in walk.failures:
        print("FAIL", failure)
    sys.exit(1 if walk.failures else 0)


if __name__ == "__main__":
    main()
