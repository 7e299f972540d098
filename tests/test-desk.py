#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The office desk, driven in a real headless Chromium.

Starts a real findings-office on 127.0.0.1 (a free port), sets it up with its own
command line, and lets a real kiosk client (`findings --sync-once`) pull a visit and
send a call request queued in its store. Then, in Chromium through chromedriver:

- a wrong token gets the plain message and no session;
- the office token signs in; the session cookie is HttpOnly and SameSite=Strict
  (and Secure when the office serves TLS, checked on a second office);
- the call request shows in the call queue, the customer's `<script>` and
  `<img onerror>` shown as text: no script element, no alert, nothing ran;
- a follow-up set on the recommendation's page reaches the kiosk's next pull;
- a note to the technician reaches the technician's pull and never the kiosk's;
- a POST without the CSRF value, or with a wrong one, is refused and changes nothing;
- the pages come in French and Spanish when the browser asks;
- sign-out ends the session.

FINDINGS_SCREENSHOT_DIR, when set, receives a PNG of every desk page at desktop
(1280x800) and phone (390x844) widths.

Run as: test-desk.py FINDINGS FINDINGS_OFFICE VISIT.json
"""

import datetime
import hashlib
import http.cookiejar
import json
import os
import shutil
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
except ImportError:
    print("1..0 # SKIP python3-selenium is not installed (build-aux/install-deps)")
    sys.exit(77)

# Bounds on waits for a process to come up: a broken build fails rather than hangs.
# Not timing assertions: each wait ends as soon as its condition holds.
POLL_SECONDS = 0.05
MAX_POLLS = 1200

EVIL = '<script>window.__desk_pwned = 1;</script><img src=x onerror="window.__desk_pwned = 2">'
TECHNICIAN = "t-7"

results = []


def check(name, condition, detail=""):
    results.append((name, bool(condition), detail))
    if not condition:
        print(f"# FAILED: {name}: {detail}", flush=True)
    return condition


def finish():
    print(f"1..{len(results)}")
    failed = 0
    for number, (name, ok, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {number} - {name}")
        if not ok:
            failed += 1
            print(f"# {detail}")
    return 1 if failed else 0


class Office:
    def __init__(self, binary, work, name="office", database=None):
        self.binary = binary
        # FINDINGS_TEST_OFFICE_DB, set by tests/run-with-postgresql.sh: on PostgreSQL.
        self.db = database or os.path.join(work, f"{name}.db")
        self.log_path = os.path.join(work, f"{name}.log")
        self.process = None
        self.url = None

    def cli(self, *args):
        out = subprocess.run([self.binary, "--db", self.db, *args], check=True,
                             capture_output=True, text=True)
        return out.stdout.strip()

    def serve(self, *extra):
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([self.binary, "--db", self.db, "serve", "--port", "0",
                                         "--address", "127.0.0.1", *extra],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(MAX_POLLS):
            with open(self.log_path) as f:
                for line in f:
                    if line.startswith("Listening on "):
                        self.url = line.split()[2]
                        return
            if self.process.poll() is not None:
                break
            time.sleep(POLL_SECONDS)
        raise RuntimeError("the office did not start: " + open(self.log_path).read())

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def api(office, method, path, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(office.url + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
        if "id" in body:
            request.add_header("Idempotency-Key", f'"{body["id"]}"')
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def desk_request(office, path, cookies, form=None, language=None):
    """A request to the desk outside the browser, with the browser's cookies."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(office.url + path.lstrip("/"), data=data,
                                     method="POST" if data is not None else "GET")
    request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    if language:
        request.add_header("Accept-Language", language)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request) as answer:
            return answer.status, answer.read().decode(), answer.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def kiosk_env(work, office, token):
    env = dict(os.environ)
    env.update({
        "XDG_DATA_HOME": os.path.join(work, "kiosk-data"),
        "XDG_CONFIG_HOME": os.path.join(work, "kiosk-config"),
        "FINDINGS_OFFICE_URL": office.url,
        "FINDINGS_OFFICE_TOKEN": token,
    })
    return env


def sync_once(findings, env):
    return subprocess.run([findings, "--sync-once"], env=env, capture_output=True, text=True)


def kiosk_store(env):
    return os.path.join(env["XDG_DATA_HOME"], "findings", "findings.db")


def queue_call_request(env, visit_id, recommendation_id):
    """A call request in the kiosk's outbox, as the app's dialog leaves it."""
    decision = {
        "id": str(uuid.uuid4()),
        "visit_id": visit_id,
        "recommendation_id": recommendation_id,
        "action": "request_call",
        "option_id": None,
        "decided_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "decided_by": {"name": "Dana <b>Whitfield</b>", "role": "Facility manager"},
        "po_number": None,
        "signature": None,
        "reason": None,
        "call": {"phone": "+1 416 555 0100", "best_time": "Mornings & <after 10>",
                 "note": EVIL},
        "kiosk": {"id": "lobby-1", "app_version": "0.1.0"},
    }
    now = int(time.time() * 1000000)
    store = sqlite3.connect(kiosk_store(env))
    with store:
        store.execute("INSERT INTO outbox (id, visit_id, recommendation_id, action, body, "
                      "created_at, state, attempts, next_attempt_at) "
                      "VALUES (?, ?, ?, 'request_call', ?, ?, 'pending', 0, ?)",
                      (decision["id"], visit_id, recommendation_id, json.dumps(decision),
                       now, now))
    store.close()
    return decision


def cached_recommendation(env, recommendation_id):
    store = sqlite3.connect(kiosk_store(env))
    try:
        for (body,) in store.execute("SELECT body FROM visits"):
            for recommendation in json.loads(body)["recommendations"]:
                if recommendation["id"] == recommendation_id:
                    return recommendation, body
    finally:
        store.close()
    return None, None


def new_driver(work):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--lang=en-US"):
        options.add_argument(flag)
    options.add_argument("--user-data-dir=" + tempfile.mkdtemp(prefix="chromium-", dir=work))
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    return driver


def screenshot(driver, name, dark=False):
    folder = os.environ.get("FINDINGS_SCREENSHOT_DIR")
    if not folder:
        return
    os.makedirs(folder, exist_ok=True)
    url = driver.current_url
    schemes = (("light", "light"), ("dark", "dark")) if dark else (("light", ""),)
    for scheme, suffix in schemes:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-color-scheme", "value": scheme}]})
        for width, height, label in ((1280, 800, "desktop"), (390, 844, "phone")):
            driver.set_window_size(width, height)
            driver.get(url)
            full = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(width, max(height, min(full, 4000)))
            name_parts = [f"desk-{name}-{label}"] + ([suffix] if suffix else [])
            driver.save_screenshot(os.path.join(folder, "-".join(name_parts) + ".png"))
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    driver.set_window_size(1280, 800)
    driver.get(url)


def wait_url(driver, suffix):
    """The URL once a navigation that ends at @suffix is done (or the last one seen)."""
    for _ in range(MAX_POLLS):
        url = driver.current_url
        if url.endswith(suffix) and driver.execute_script("return document.readyState") == "complete":
            return url
        time.sleep(POLL_SECONDS)
    return driver.current_url


def submit(driver, selector):
    """Clicks a form's button and waits for the page it leads to."""
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, selector).click()
    for _ in range(MAX_POLLS):
        try:
            old.tag_name
        except Exception:
            break
        time.sleep(POLL_SECONDS)
    for _ in range(MAX_POLLS):
        if driver.execute_script("return document.readyState") == "complete":
            return
        time.sleep(POLL_SECONDS)


def no_script_ran(driver):
    try:
        driver.switch_to.alert
        return False
    except NoAlertPresentException:
        pass
    return driver.execute_script("return window.__desk_pwned === undefined")


def main():
    findings, office_binary, visit_path = sys.argv[1:4]
    work = tempfile.mkdtemp(prefix="findings-desk-")
    office = Office(office_binary, work, database=os.environ.get("FINDINGS_TEST_OFFICE_DB"))
    driver = None

    try:
        visit = json.load(open(visit_path))
        visit["technician"]["id"] = TECHNICIAN
        for recommendation in visit["recommendations"]:
            if recommendation.get("quote"):
                recommendation["quote"]["valid_until"] = "2099-12-31"
        call_rec = visit["recommendations"][0]["id"]
        photo_path = os.path.join(os.path.dirname(visit_path), "photos", "p-5101.jpg")
        photo = open(photo_path, "rb").read()
        visit["recommendations"][0]["photos"] = [{
            "id": "p-desk-1", "caption": "The seized <motor>", "media_type": "image/jpeg",
            "sha256": hashlib.sha256(photo).hexdigest()}]
        accept_rec = visit["recommendations"][-1]
        with open(os.path.join(work, "visit.json"), "w") as f:
            json.dump(visit, f)

        account = office.cli("account", "add", "Maple Court <Management>")
        office.cli("site", "add", "--account", account, "--site", visit["site"]["id"],
                   "--name", visit["site"]["name"])
        office.cli("visit", "import", "--account", account, os.path.join(work, "visit.json"))
        kiosk = office.cli("token", "add", "--kind", "kiosk", "--account", account)
        office_token = office.cli("token", "add", "--kind", "office")
        technician = office.cli("token", "add", "--kind", "technician", "--technician", TECHNICIAN)
        office.serve()
        request = urllib.request.Request(office.url + "api/v1/photos/p-desk-1", data=photo,
                                         method="PUT")
        request.add_header("Authorization", "Bearer " + technician)
        request.add_header("Content-Type", "image/jpeg")
        with urllib.request.urlopen(request) as answer:
            check("the technician uploads a photo", answer.status == 201, answer.status)

        # A real kiosk: a first pull, then a call request from its outbox.
        env = kiosk_env(work, office, kiosk)
        first = sync_once(findings, env)
        check("the kiosk pulls the visit", first.returncode == 0, first.stdout + first.stderr)
        decision = queue_call_request(env, visit["id"], call_rec)
        sent = sync_once(findings, env)
        check("the kiosk sends its call request", sent.returncode == 0, sent.stdout + sent.stderr)

        # An acceptance with a drawn signature, and one whose path is not path data.
        option = accept_rec["options"][0]
        accepted = {
            "id": str(uuid.uuid4()), "visit_id": visit["id"], "recommendation_id": accept_rec["id"],
            "action": "accept", "option_id": option["id"],
            "decided_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "decided_by": {"name": "Sam Ortiz", "role": "Owner"}, "po_number": "PO-7781",
            "signature": {"format": "svg-path", "data": "M10 10 L40 12 L80 40 Z"},
            "reason": None, "call": None, "kiosk": {"id": "lobby-1", "app_version": "0.1.0"},
        }
        status, _ = api(office, "POST", "api/v1/decisions", kiosk, accepted)
        check("an acceptance is recorded", status == 201, status)
        forged_rec = visit["recommendations"][2]
        forged = dict(accepted, id=str(uuid.uuid4()), recommendation_id=forged_rec["id"],
                      option_id=forged_rec["options"][0]["id"],
                      signature={"format": "svg-path",
                                 "data": 'M10 10" onload="window.__desk_pwned = 3'})
        status, _ = api(office, "POST", "api/v1/decisions", kiosk, forged)
        check("an acceptance with a forged signature is recorded", status == 201, status)

        driver = new_driver(work)
        driver.set_window_size(1280, 800)

        # A wrong token: the plain message, and no session.
        driver.get(office.url + "desk/")
        url = wait_url(driver, "/desk/sign-in")
        check("the desk sends a stranger to sign in", url.endswith("/desk/sign-in"), url)
        screenshot(driver, "sign-in")
        driver.find_element(By.ID, "token").send_keys("not-a-token")
        submit(driver, "main form button[type=submit]")
        alert = driver.find_element(By.CSS_SELECTOR, "[role=alert]").text
        check("a wrong token gets the plain message", alert == "That token was not accepted.",
              alert)
        check("a wrong token gets no session",
              driver.get_cookie("findings_desk") is None, driver.get_cookies())

        # The office token signs in.
        driver.find_element(By.ID, "token").send_keys(office_token)
        submit(driver, "main form button[type=submit]")
        url = wait_url(driver, "/desk/calls")
        check("signing in opens the call queue", url.endswith("/desk/calls"), url)
        cookie = driver.get_cookie("findings_desk")
        check("the session cookie is HttpOnly", cookie is not None and cookie.get("httpOnly"),
              cookie)
        check("the session cookie is SameSite=Strict",
              cookie is not None and cookie.get("sameSite") == "Strict", cookie)
        check("over plain HTTP the cookie is not Secure",
              cookie is not None and not cookie.get("secure"), cookie)
        cookies = {"findings_desk": cookie["value"]} if cookie else {}

        # The call request in the queue, the customer's markup shown as text.
        html = driver.page_source
        rows = driver.find_elements(By.CSS_SELECTOR, "table.calls tbody tr")
        check("the call request is in the queue", len(rows) == 1, len(rows))
        queue_text = rows[0].text if rows else ""
        check("the customer's name is shown literally", "Dana <b>Whitfield</b>" in queue_text,
              queue_text)
        check("the customer's <script> is shown literally", EVIL in queue_text, queue_text)
        check("the phone is shown", "+1 416 555 0100" in queue_text, queue_text)
        tel = driver.find_elements(By.CSS_SELECTOR, "table.calls tbody a[href^='tel:']")
        check("the phone is a tel: link of digits",
              len(tel) == 1 and tel[0].get_attribute("href") == "tel:+14165550100",
              [t.get_attribute("href") for t in tel])
        check("nothing the customer typed became an element",
              driver.find_elements(By.TAG_NAME, "script") == [] and
              driver.find_elements(By.CSS_SELECTOR, "main img") == [], html[:2000])
        check("nothing the customer typed ran", no_script_ran(driver))
        check("the page has a language and landmarks",
              driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en" and
              len(driver.find_elements(By.TAG_NAME, "main")) == 1 and
              len(driver.find_elements(By.TAG_NAME, "nav")) == 1 and
              len(driver.find_elements(By.TAG_NAME, "h1")) == 1)
        check("every field has a label",
              all(driver.find_elements(By.CSS_SELECTOR, f"label[for='{field.get_attribute('id')}']")
                  for field in driver.find_elements(By.CSS_SELECTOR, "select, input:not([type=hidden])")))
        check("the office serves the desk's own stylesheet",
              driver.execute_script(
                  "const s = document.styleSheets;"
                  "return s.length === 1 && s[0].href.endsWith('/desk/static/desk.css') &&"
                  "  s[0].cssRules.length > 10"),
              driver.execute_script("return document.styleSheets.length"))
        check("the stylesheet applies",
              driver.execute_script(
                  "return getComputedStyle(document.querySelector('header.top')).display")
              == "flex")
        screenshot(driver, "calls")

        # The filter by state: a requested call is not among the done ones.
        driver.get(office.url + "desk/calls?state=done")
        check("the state filter leaves the call out",
              driver.find_elements(By.CSS_SELECTOR, "table.calls tbody tr") == [])
        driver.get(office.url + f"desk/calls?account={account}&state=requested")
        check("the account and state filters keep the call",
              len(driver.find_elements(By.CSS_SELECTOR, "table.calls tbody tr")) == 1)

        # The option's savings and payback, worded as the kiosk showed them.
        driver.get(office.url + "desk/recommendations/" + forged_rec["id"])
        options_text = driver.find_element(By.CSS_SELECTOR, "ul.options").text
        check("the options show their savings and payback",
              "Saves about" in options_text and "pays for itself" in options_text.lower(),
              options_text)

        # Decisions as they arrive: the acceptance with its signature drawn.
        driver.get(office.url + "desk/decisions")
        cards = driver.find_elements(By.CSS_SELECTOR, "article.card")
        check("every decision is listed", len(cards) == 3, len(cards))
        path = driver.find_elements(By.CSS_SELECTOR, "figure.signature svg path")
        check("the signature is drawn from its path",
              len(path) == 1 and path[0].get_attribute("d") == "M 10 10 L 40 12 L 80 40 Z",
              [p.get_attribute("d") for p in path])
        check("a signature that is not path data is not drawn",
              "not a drawing the desk can show" in driver.page_source and no_script_ran(driver))
        accepted_text = driver.find_elements(By.CSS_SELECTOR, "article.decision-accept")[-1].text
        check("the acceptance names its option, PO and who",
              option["label"] in accepted_text and "PO-7781" in accepted_text and
              "Sam Ortiz" in accepted_text, accepted_text)
        check("the amount says whether tax is included",
              ("tax" in accepted_text.lower()) or option["price"] == 0, accepted_text)
        screenshot(driver, "decisions")

        # The recommendation's page: set the follow-up.
        driver.get(office.url + "desk/calls")
        submit(driver, "table.calls tbody a")
        url = wait_url(driver, "/desk/recommendations/" + call_rec)
        check("the queue links to the recommendation",
              url.endswith("/desk/recommendations/" + call_rec), url)
        check("the recommendation is shown as the customer saw it",
              visit["recommendations"][0]["finding"] in driver.page_source)
        images = driver.find_elements(By.CSS_SELECTOR, ".photos img")
        check("the recommendation's photo is shown, from the office itself",
              len(images) == 1 and images[0].get_attribute("alt") == "The seized <motor>" and
              driver.execute_script("return arguments[0].complete && "
                                    "arguments[0].naturalWidth > 0", images[0]),
              [i.get_attribute("src") for i in images])
        screenshot(driver, "recommendation", dark=True)
        driver.find_element(By.ID, "fu-state").send_keys("Contacted")
        owner = driver.find_element(By.ID, "fu-owner")
        owner.clear()
        owner.send_keys("Sarah Lee, Novus office")
        due = driver.find_element(By.ID, "fu-due")
        driver.execute_script("arguments[0].value = '2026-12-24'", due)
        driver.find_element(By.ID, "fu-message").send_keys("I will call Tuesday morning.")
        submit(driver, "form[action$='/follow-up'] button")
        status_text = driver.find_element(By.CSS_SELECTOR, "[role=status]").text
        check("the follow-up is saved", "follow-up is saved" in status_text, status_text)

        # ...and comes back to the kiosk's pull, as the API says.
        pulled = sync_once(findings, env)
        recommendation, body = cached_recommendation(env, call_rec)
        follow_up = (recommendation or {}).get("follow_up") or {}
        check("the follow-up reaches the kiosk's pull",
              follow_up.get("state") == "contacted" and
              follow_up.get("owner") == "Sarah Lee, Novus office" and
              follow_up.get("due_by") == "2026-12-24" and
              follow_up.get("message") == "I will call Tuesday morning." and
              recommendation.get("status") == "call_requested",
              f"{follow_up} {pulled.stdout} {pulled.stderr}")

        # A promise that has passed: red, and said in words.
        status, _ = api(office, "POST", f"api/v1/recommendations/{call_rec}/follow-up",
                        office_token, {"state": "contacted", "owner": "Sarah Lee, Novus office",
                                       "due_by": "2026-01-05",
                                       "message": "I will call Tuesday morning."})
        driver.get(office.url + "desk/calls")
        overdue = driver.find_elements(By.CSS_SELECTOR, "table.calls tbody .overdue")
        check("an overdue call is marked in words",
              len(overdue) == 1 and overdue[0].text.startswith("Overdue:"),
              [o.text for o in overdue])
        check("an overdue call is marked in red",
              len(overdue) == 1 and overdue[0].value_of_css_property("color")
              in ("rgba(179, 38, 30, 1)", "rgb(179, 38, 30)"),
              overdue[0].value_of_css_property("color") if overdue else None)
        screenshot(driver, "calls-overdue", dark=True)
        api(office, "POST", f"api/v1/recommendations/{call_rec}/follow-up", office_token,
            {"state": "contacted", "owner": "Sarah Lee, Novus office", "due_by": "2026-12-24",
             "message": "I will call Tuesday morning."})
        driver.get(office.url + f"desk/recommendations/{call_rec}")

        # The note to the technician: in the technician's pull, never the kiosk's.
        note = "Thanks Angus, Sarah is on it <3 & booked for the 3rd"
        driver.find_element(By.ID, "note-text").send_keys(note)
        submit(driver, "form[action$='/note'] button")
        status_text = driver.find_element(By.CSS_SELECTOR, "[role=status]").text
        check("the note is saved", "note is saved" in status_text, status_text)
        status, leads = api(office, "GET", "api/v1/technician/recommendations", technician)
        lead = next((l for l in (leads or {}).get("recommendations", []) if l["id"] == call_rec),
                    None)
        check("the note reaches the technician's pull",
              status == 200 and lead is not None and lead["office_note"] == note and
              lead["status"] == "call_requested" and lead["follow_up"]["state"] == "contacted",
              leads)
        sync_once(findings, env)
        _, body = cached_recommendation(env, call_rec)
        check("the note is never in the kiosk's visit", body is not None and note not in body
              and "office_note" not in body)

        # The technician's page lists every lead with its outcome.
        driver.get(office.url + "desk/technicians")
        screenshot(driver, "technicians")
        submit(driver, "main ul.list a")
        rows = driver.find_elements(By.CSS_SELECTOR, "table.leads tbody tr")
        check("the technician's page lists each lead",
              len(rows) == len(visit["recommendations"]), len(rows))
        check("the technician's page shows the note", note in driver.page_source.replace(
            "&lt;", "<").replace("&amp;", "&"))
        screenshot(driver, "technician")

        # CSRF: without the value, or with a wrong one, a POST is refused and changes nothing.
        form = {"state": "done", "owner": "Mallory"}
        code, text, _ = desk_request(office, f"/desk/recommendations/{call_rec}/follow-up",
                                     cookies, form)
        check("a POST without the CSRF value is refused",
              code == 403 and "did not come from this desk" in text, (code, text[:300]))
        code, text, _ = desk_request(office, f"/desk/recommendations/{call_rec}/follow-up",
                                     cookies, dict(form, csrf="0" * 64))
        check("a POST with a wrong CSRF value is refused",
              code == 403 and "did not come from this desk" in text, (code, text[:300]))
        code, text, _ = desk_request(office, "/desk/sign-in", {}, {"token": office_token})
        check("a sign-in without its form value is refused", code == 403, code)
        code, text, _ = desk_request(office, f"/desk/recommendations/{call_rec}", cookies)
        check("the refused POSTs changed nothing", code == 200 and "Mallory" not in text)

        # A follow-up the API would refuse is refused here too, in words, and not saved.
        csrf = text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        code, text, _ = desk_request(office, f"/desk/recommendations/{call_rec}/follow-up",
                                     cookies, {"csrf": csrf, "state": "contacted",
                                               "owner": "Mallory", "due_by": "2026-13-45"})
        check("an impossible due date is refused with the reason",
              code == 422 and "due_by" in text and 'role="alert"' in text, (code, text[:300]))
        code, text, _ = desk_request(office, f"/desk/recommendations/{call_rec}", cookies)
        check("the refused follow-up was not saved", "Mallory" not in text)

        # French and Spanish from the project's catalogues.
        code, text, headers = desk_request(office, "/desk/calls", cookies, language="fr-CA,fr;q=0.9")
        check("French is served when asked", code == 200 and 'lang="fr"' in text and
              "File d’appels" in text, text[:400])
        code, text, headers = desk_request(office, "/desk/calls", cookies, language="es")
        check("Spanish is served when asked", code == 200 and 'lang="es"' in text and
              "Cola de llamadas" in text, text[:400])
        csp = headers.get("Content-Security-Policy", "")
        check("a Content-Security-Policy forbids any script",
              csp.startswith("default-src 'none';") and "script-src" not in csp and
              "unsafe-inline" not in csp, csp)

        # Revoking the token ends its sessions.
        second = office.cli("token", "add", "--kind", "office")
        code, text, headers = desk_request(office, "/desk/sign-in", {})
        csrf = headers.get("Set-Cookie", "").split(";")[0].split("=", 1)[1]
        code, text, headers = desk_request(office, "/desk/sign-in", {"findings_desk_form": csrf},
                                           {"csrf": csrf, "token": second})
        session = headers.get("Set-Cookie", "").split(";")[0].split("=", 1)
        second_cookies = {"findings_desk": session[1]} if session[0] == "findings_desk" else {}
        code_before, _, _ = desk_request(office, "/desk/calls", second_cookies)
        office.cli("token", "revoke", second)
        code_after, _, headers = desk_request(office, "/desk/calls", second_cookies)
        check("revoking the office token ends its desk sessions",
              code_before == 200 and code_after == 303 and
              headers.get("Location", "").endswith("/desk/sign-in"), (code_before, code_after))

        # Sign-out ends the session.
        driver.get(office.url + "desk/calls")
        submit(driver, "form.sign-out button")
        url = wait_url(driver, "/desk/sign-in")
        check("signing out returns to sign-in", url.endswith("/desk/sign-in"), url)
        code, _, headers = desk_request(office, "/desk/calls", cookies)
        check("the old session no longer opens the desk",
              code == 303 and headers.get("Location", "").endswith("/desk/sign-in"), code)

        # Wrong sign-ins are limited per address, answered 429 with Retry-After, and
        # logged without the token.
        answers = []
        for attempt in range(12):
            code, text, headers = desk_request(office, "/desk/sign-in", {})
            form_cookie = headers.get("Set-Cookie", "").split(";")[0].split("=", 1)
            csrf = form_cookie[1] if len(form_cookie) == 2 else ""
            code, text, headers = desk_request(office, "/desk/sign-in",
                                               {"findings_desk_form": csrf},
                                               {"csrf": csrf, "token": f"guess-{attempt}"})
            answers.append((code, headers.get("Retry-After"), text))
        check("wrong sign-ins are refused plainly first",
              answers[0][0] == 401 and "That token was not accepted." in answers[0][2],
              answers[0][:2])
        check("then limited with 429 and Retry-After",
              answers[-1][0] == 429 and (answers[-1][1] or "").isdigit() and
              "Too many wrong tokens" in answers[-1][2], answers[-1][:2])
        log = open(office.log_path).read()
        check("wrong sign-ins are logged without the token",
              "A wrong desk sign-in from 127.0.0.1" in log and "guess-" not in log, log[-500:])

        # Under TLS the cookie is also Secure.
        key = os.path.join(work, "key.pem")
        cert = os.path.join(work, "cert.pem")
        made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                               "-keyout", key, "-out", cert, "-days", "1", "-subj",
                               "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                              capture_output=True)
        if made.returncode == 0:
            secure_office = Office(office_binary, work, "tls")
            secure_office.serve("--tls-cert", cert, "--tls-key", key)
            try:
                context = ssl.create_default_context(cafile=cert)
                with urllib.request.urlopen(secure_office.url + "desk/sign-in",
                                            context=context) as answer:
                    set_cookie = answer.headers.get("Set-Cookie", "")
                check("under TLS the cookie is Secure",
                      "; Secure" in set_cookie and "HttpOnly" in set_cookie and
                      "SameSite=Strict" in set_cookie, set_cookie)
            finally:
                secure_office.stop()
        else:
            check("openssl made a certificate for the TLS check", False, made.stderr)
    finally:
        if driver is not None:
            driver.quit()
        office.stop()
        shutil.rmtree(work, ignore_errors=True)

    return finish()


if __name__ == "__main__":
    sys.exit(main())
