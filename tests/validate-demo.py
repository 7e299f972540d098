#!/usr/bin/python3
"""Check the demo visits in DATA_DIR/demo/ against DATA_DIR/visit.schema.json.

Usage: validate-demo.py DATA_DIR

Besides the schema, this checks what the schema cannot say: ids unique across all
files, photo files present with the right bytes and sha256, money written as whole
numbers, dates and times well formed, and that the demo covers every value and
special case the app has to show. Only files inside DATA_DIR are read.

Prints one line per problem (file and JSON path) and exits 1, or prints a summary
line and exits 0.
"""

import datetime
import hashlib
import json
import os
import re
import sys

try:
    import jsonschema
except ImportError:  # pragma: no cover - depends on the machine
    print("validate-demo: the Python module 'jsonschema' is missing "
          "(Debian: python3-jsonschema)")
    sys.exit(1)

# The demo is written as seen on this day: quotes before it are expired, follow-ups due
# before it are overdue. The machine's clock is deliberately not used.
REFERENCE_DATE = datetime.date(2026, 11, 22)

MAX_PHOTO_BYTES = 20 * 1024 * 1024
MAGIC = {"image/jpeg": (b"\xff\xd8\xff",), "image/png": (b"\x89PNG\r\n\x1a\n",)}
EXTENSION = {"image/jpeg": ".jpg", "image/png": ".png"}

CATEGORIES = ["safety", "savings", "reliability", "comfort", "air_quality", "compliance"]
URGENCIES = ["immediate", "soon", "plan", "monitor"]
SAFETY_LEVELS = ["none", "caution", "warning", "danger"]
STATUSES = ["open", "accepted", "declined", "call_requested", "scheduled", "completed",
            "withdrawn"]
FOLLOW_UP_STATES = ["requested", "contacted", "scheduled", "done"]

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_RE = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
TIMEZONE_RE = re.compile(r"^(UTC|[A-Z][A-Za-z_+-]*(/[A-Za-z0-9_+-]+)+)$")

problems = []


def fail(where, path, message):
    problems.append("%s: %s: %s" % (where, path, message))


def jpath(parts):
    out = "$"
    for p in parts:
        out += "[%d]" % p if isinstance(p, int) else "." + str(p)
    return out


def is_money(v):
    return isinstance(v, int) and not isinstance(v, bool)


def parse_date(s):
    if not isinstance(s, str) or not DATE_RE.match(s):
        return None
    try:
        return datetime.date.fromisoformat(s)
    except ValueError:
        return None


def parse_datetime(s):
    if not isinstance(s, str):
        return None
    m = DATETIME_RE.match(s)
    if not m:
        return None
    text = s.replace("z", "Z").replace("t", "T")
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    if int(m.group(4)) == 60:  # a leap second: accepted, compared as :59
        text = text[:17] + "59" + text[19:]
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None


def no_duplicate_keys(pairs):
    obj = {}
    for k, v in pairs:
        if k in obj:
            raise ValueError("duplicate key %r" % k)
        obj[k] = v
    return obj


def reject_constant(name):
    raise ValueError("%s is not JSON" % name)


def make_validator(schema):
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schema)
    checker = getattr(cls, "FORMAT_CHECKER", None) or jsonschema.FormatChecker()
    return cls(schema, format_checker=checker)


def load_json(path, where):
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        fail(where, "$", "cannot read: %s" % e.strerror)
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        fail(where, "$", "not UTF-8: %s" % e)
        return None
    if text.startswith("\ufeff"):
        fail(where, "$", "starts with a byte-order mark")
    try:
        return json.loads(text, object_pairs_hook=no_duplicate_keys,
                          parse_constant=reject_constant)
    except ValueError as e:
        fail(where, "$", "invalid JSON: %s" % e)
        return None


def strings(value, path=()):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from strings(v, path + (i,))


class Seen:
    """What the demo covers, gathered over all files."""

    def __init__(self):
        self.values = {k: set() for k in ("category", "urgency", "safety", "status",
                                          "follow_up", "currency", "tax_included")}
        self.sites = {}
        self.visits = 0
        self.recommendations = 0
        self.options = 0
        self.photos = 0
        self.cases = set()


def check_option(where, base, opt, seen):
    price = opt.get("price")
    if "price" in opt and not is_money(price):
        fail(where, jpath(base + ("price",)), "money must be a whole number of cents, "
             "not %s" % type(price).__name__)
    savings = opt.get("annual_savings")
    if savings is not None and not is_money(savings):
        fail(where, jpath(base + ("annual_savings",)), "money must be a whole number of "
             "cents, not %s" % type(savings).__name__)
    if "tax_included" not in opt:
        seen.values["tax_included"].add("absent")
    else:
        seen.values["tax_included"].add(repr(opt["tax_included"]))
    life = opt.get("expected_life_years")
    if is_money(price) and price == 0:
        seen.cases.add("price 0")
    has_savings = is_money(savings) and savings > 0
    if has_savings:
        if not opt.get("savings_basis"):
            fail(where, jpath(base + ("savings_basis",)),
                 "annual_savings is given, so say what it is based on")
        if is_money(price) and isinstance(life, (int, float)) and not isinstance(life, bool):
            if price / savings > life:
                seen.cases.add("payback beyond life")
            else:
                seen.cases.add("payback within life")
    return has_savings


def check_recommendation(where, base, rec, seen, ids):
    seen.recommendations += 1
    for key, field in (("category", "category"), ("urgency", "urgency"),
                       ("status", "status")):
        if isinstance(rec.get(key), str):
            seen.values[field].add(rec[key])
    safety = rec.get("safety")
    if isinstance(safety, dict):
        seen.values["safety"].add(safety.get("level"))
    else:
        seen.values["safety"].add("null or absent")

    rid = rec.get("id")
    if isinstance(rid, str):
        ids.claim("recommendation", rid, where, jpath(base + ("id",)))

    options = rec.get("options") if isinstance(rec.get("options"), list) else []
    any_savings = False
    for j, opt in enumerate(options):
        if not isinstance(opt, dict):
            continue
        seen.options += 1
        if isinstance(opt.get("id"), str):
            ids.claim("option", opt["id"], where, jpath(base + ("options", j, "id")))
        any_savings |= check_option(where, base + ("options", j), opt, seen)
    if options and not any_savings:
        seen.cases.add("no savings")
    if len(options) >= 3:
        seen.cases.add("three options")
    if len(options) == 1:
        seen.cases.add("single option")
    if (rec.get("urgency") == "monitor" and len(options) == 1
            and isinstance(options[0], dict) and options[0].get("price") == 0):
        seen.cases.add("monitor at no charge")

    quote = rec.get("quote")
    if isinstance(quote, dict) and quote.get("valid_until") is not None:
        d = parse_date(quote["valid_until"])
        if d is None:
            fail(where, jpath(base + ("quote", "valid_until")), "not a YYYY-MM-DD date")
        elif d < REFERENCE_DATE and rec.get("status") == "open":
            seen.cases.add("expired quote on an open item")
    elif quote is None:
        seen.cases.add("no quote")

    fu = rec.get("follow_up")
    if isinstance(fu, dict):
        state = fu.get("state")
        seen.values["follow_up"].add(state)
        due = fu.get("due_by")
        if due is not None:
            d = parse_date(due)
            if d is None:
                fail(where, jpath(base + ("follow_up", "due_by")), "not a YYYY-MM-DD date")
            elif state == "requested" and d < REFERENCE_DATE:
                seen.cases.add("overdue follow-up")
        if fu.get("updated_at") is not None and parse_datetime(fu["updated_at"]) is None:
            fail(where, jpath(base + ("follow_up", "updated_at")), "not an RFC 3339 time")
    else:
        seen.values["follow_up"].add("null")
    if rec.get("status") == "call_requested" and not (
            isinstance(fu, dict) and fu.get("state") in ("requested", "contacted")):
        fail(where, jpath(base + ("follow_up",)),
             "a call_requested item needs a 'requested' or 'contacted' follow-up")

    photos = rec.get("photos") if isinstance(rec.get("photos"), list) else []
    if len(photos) >= 2:
        seen.cases.add("two photos")
    for j, photo in enumerate(photos):
        if isinstance(photo, dict):
            check_photo(where, base + ("photos", j), photo, seen, ids)


def check_photo(where, base, photo, seen, ids):
    pid = photo.get("id")
    if not isinstance(pid, str):
        return
    seen.photos += 1
    ids.claim("photo", pid, where, jpath(base + ("id",)))
    media = photo.get("media_type")
    digest = photo.get("sha256")
    if media not in EXTENSION:
        fail(where, jpath(base + ("media_type",)), "a demo photo needs its media_type")
        return
    if not isinstance(digest, str):
        fail(where, jpath(base + ("sha256",)), "a demo photo needs its sha256")
    if "/" in pid or "\\" in pid or pid.startswith("."):
        fail(where, jpath(base + ("id",)), "photo id cannot name a file")
        return
    name = pid + EXTENSION[media]
    ids.photo_files.add(name)
    path = os.path.join(ids.photo_dir, name)
    try:
        size = os.path.getsize(path)
        if size > MAX_PHOTO_BYTES:
            fail(where, jpath(base), "photos/%s is %d bytes, over the 20 MiB limit"
                 % (name, size))
            return
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        fail(where, jpath(base), "photo file photos/%s is missing" % name)
        return
    if not data.startswith(MAGIC[media]):
        fail(where, jpath(base + ("media_type",)),
             "photos/%s does not start like a %s file" % (name, media))
    actual = hashlib.sha256(data).hexdigest()
    if isinstance(digest, str) and digest != actual:
        fail(where, jpath(base + ("sha256",)),
             "does not match photos/%s (its sha256 is %s)" % (name, actual))


class Ids:
    def __init__(self, photo_dir):
        self.photo_dir = photo_dir
        self.photo_files = set()
        self.owner = {}

    def claim(self, kind, value, where, path):
        key = (kind, value)
        if key in self.owner:
            fail(where, path, "%s id %r is already used at %s" % (kind, value,
                                                                 self.owner[key]))
        else:
            self.owner[key] = "%s %s" % (where, path)


def check_visit(name, doc, validator, seen, ids):
    where = "demo/" + name
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    for e in errors:
        message = e.message if len(e.message) <= 240 else e.message[:237] + "..."
        fail(where, jpath(e.absolute_path), message)
    if not isinstance(doc, dict):
        return
    seen.visits += 1

    vid = doc.get("id")
    if isinstance(vid, str):
        ids.claim("visit", vid, where, "$.id")
        if name != vid + ".json":
            fail(where, "$.id", "the file should be named %s.json" % vid)

    site = doc.get("site")
    if isinstance(site, dict) and isinstance(site.get("id"), str):
        sid = site["id"]
        if sid in seen.sites and seen.sites[sid][0] != site.get("name"):
            fail(where, "$.site.name", "site %s is called %r in %s" % (
                sid, seen.sites[sid][0], seen.sites[sid][1]))
        seen.sites.setdefault(sid, (site.get("name"), where))
        tz = site.get("timezone")
        if tz is not None and not (isinstance(tz, str) and TIMEZONE_RE.match(tz)):
            fail(where, "$.site.timezone", "%r does not look like an IANA time zone name"
                 % (tz,))

    if isinstance(doc.get("currency"), str):
        seen.values["currency"].add(doc["currency"])

    started = doc.get("started_at")
    completed = doc.get("completed_at")
    t0 = parse_datetime(started) if started is not None else None
    t1 = parse_datetime(completed)
    if started is not None and t0 is None:
        fail(where, "$.started_at", "not an RFC 3339 time")
    if t1 is None:
        fail(where, "$.completed_at", "not an RFC 3339 time")
    if t0 and t1 and t0 > t1:
        fail(where, "$.started_at", "is after completed_at")

    recs = doc.get("recommendations")
    if isinstance(recs, list):
        for i, rec in enumerate(recs):
            if isinstance(rec, dict):
                check_recommendation(where, ("recommendations", i), rec, seen, ids)

    for path, s in strings(doc):
        if "&" in s and "<" in s:
            seen.cases.add("text with & and <")
        if any(ord(c) > 127 for c in s):
            seen.cases.add("non-ASCII text")


def check_coverage(seen):
    def need(condition, message):
        if not condition:
            fail("demo", "coverage", message)

    expected = {"category": CATEGORIES, "urgency": URGENCIES,
                "safety": SAFETY_LEVELS + ["null or absent"], "status": STATUSES,
                "follow_up": FOLLOW_UP_STATES + ["null"], "currency": ["CAD", "USD"],
                "tax_included": ["True", "False", "absent"]}
    for field, values in expected.items():
        for v in values:
            need(v in seen.values[field], "no recommendation with %s %s" % (field, v)
                 if field != "currency" else "no visit in %s" % v)
    need(len(seen.sites) >= 3, "%d sites, at least 3 wanted" % len(seen.sites))
    need(seen.visits >= 6, "%d visits, at least 6 wanted" % seen.visits)
    need(seen.recommendations >= 30,
         "%d recommendations, at least 30 wanted" % seen.recommendations)
    for case in ("expired quote on an open item", "no savings", "payback beyond life",
                 "payback within life", "price 0", "overdue follow-up",
                 "monitor at no charge", "three options", "single option", "two photos",
                 "no quote", "text with & and <", "non-ASCII text"):
        need(case in seen.cases, "no example of: %s" % case)


def main(argv):
    if len(argv) != 2:
        print("usage: validate-demo.py DATA_DIR")
        return 2
    data_dir = argv[1]
    demo_dir = os.path.join(data_dir, "demo")
    photo_dir = os.path.join(demo_dir, "photos")

    schema = load_json(os.path.join(data_dir, "visit.schema.json"), "visit.schema.json")
    if schema is None:
        print("\n".join(problems))
        return 1
    try:
        validator = make_validator(schema)
    except jsonschema.exceptions.SchemaError as e:
        print("visit.schema.json: %s: %s" % (jpath(e.absolute_path), e.message))
        return 1

    try:
        names = sorted(n for n in os.listdir(demo_dir) if n.endswith(".json"))
    except OSError as e:
        print("demo: $: cannot list %s: %s" % (demo_dir, e.strerror))
        return 1
    if not names:
        fail("demo", "$", "no visit files (*.json)")

    seen = Seen()
    ids = Ids(photo_dir)
    for name in names:
        doc = load_json(os.path.join(demo_dir, name), "demo/" + name)
        if doc is not None:
            check_visit(name, doc, validator, seen, ids)

    try:
        on_disk = {n for n in os.listdir(photo_dir) if not n.startswith(".")}
    except OSError:
        on_disk = set()
    for n in sorted(on_disk - ids.photo_files):
        fail("demo/photos/" + n, "$", "no demo visit names this file")

    check_coverage(seen)

    if problems:
        for p in problems:
            print(p)
        print("validate-demo: %d problem(s)" % len(problems))
        return 1
    print("validate-demo: OK: %d visits at %d sites, %d recommendations, %d options, "
          "%d photos" % (seen.visits, len(seen.sites), seen.recommendations, seen.options,
                         seen.photos))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
