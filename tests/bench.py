#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The benchmark of issue 10: Findings against its baselines, in one table.

Run with `meson test -C BUILD --benchmark` (or this script with --build and --source).
Every figure is measured in this one run on this machine, Findings and its baseline
interleaved, and the medians are reported. The big inputs are generated here; their
sizes are parameters (environment variables, defaults in brackets):

  FINDINGS_BENCH_RUNS [5]          runs of each start-up and parse measurement
  FINDINGS_BENCH_ITEMS [2000]      recommendations in the large visit
  FINDINGS_BENCH_PHOTOS [500]      photos in the large visit
  FINDINGS_BENCH_COMMITS [1000]    decisions recorded for the COMMIT percentile
  FINDINGS_BENCH_DECISIONS [10000] decisions queued and synced to a real office
  FINDINGS_BENCH_VISITS [100000]   visits in the large office database
  FINDINGS_BENCH_ACCOUNTS [1000]   accounts they belong to
  FINDINGS_BENCH_WRK_SECONDS [5]   length of each wrk run
  FINDINGS_BENCH_PG_VISITS [20000] visits in the PostgreSQL database (100 an account)
  FINDINGS_BENCH_ONLY              comma-separated parts to run: startup, parse,
                                   commit, sync, http, bigdb, postgresql
  FINDINGS_BENCH_TABLE             also write the table to this file

A measurement, not a test: it fails only when a part cannot run at all.
"""

import argparse
import glob
import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse


def param(name, default):
    return int(os.environ.get('FINDINGS_BENCH_' + name, default))


RUNS = param('RUNS', 5)
ITEMS = param('ITEMS', 2000)
PHOTOS = param('PHOTOS', 500)
COMMITS = param('COMMITS', 1000)
DECISIONS = param('DECISIONS', 10000)
VISITS = param('VISITS', 100000)
ACCOUNTS = param('ACCOUNTS', 1000)
WRK_SECONDS = param('WRK_SECONDS', 5)
PG_VISITS = param('PG_VISITS', 20000)
MAX_RECS = 2000          # FINDINGS_PROTOCOL_MAX_RECOMMENDATIONS
MAX_BODY = 8 * 1024 * 1024

rows = []


def row(figure, findings, baseline='', ratio='', target='', met=''):
    rows.append((figure, findings, baseline, ratio, target, met))
    print('  ' + ' | '.join(str(x) for x in rows[-1]), file=sys.stderr, flush=True)


def not_measured(figure, why, target=''):
    row(figure, 'not measured: ' + why, '', '', target, '')


def yes_no(ok):
    return 'yes' if ok else 'NO'


def ms(x):
    return '{:,.0f} ms'.format(x) if x >= 10 else '{:.2f} ms'.format(x)


def log(text):
    print('# ' + text, file=sys.stderr, flush=True)


# --- generated inputs -----------------------------------------------------------------

WORDS = ('the unit compressor bearing filter coil seal valve pump motor belt drain '
         'pressure leak worn noisy corroded tested replaced cleaned checked rooftop '
         'boiler chiller damper sensor airflow condensate refrigerant tower fan').split()


def words(seed, length):
    out = []
    i = seed
    while sum(len(w) + 1 for w in out) < length:
        out.append(WORDS[(i * 7 + len(out) * 13) % len(WORDS)])
        i += 1
    text = ' '.join(out)[:max(1, length - 1)]
    return text[0].upper() + text[1:] + '.'


def recommendation(visit_id, i, text, photo_ids):
    rid = '{}-{}'.format(visit_id.replace('v-', 'r-'), i)
    return {
        'id': rid,
        'title': 'Item {}: {}'.format(i + 1, words(i, 60)[:-1]),
        'category': ('safety', 'reliability', 'savings', 'compliance')[i % 4],
        'urgency': ('immediate', 'soon', 'plan', 'monitor')[i % 4],
        'equipment': {'name': 'Rooftop unit {}'.format(i + 1), 'tag': 'RTU-{}'.format(i + 1),
                      'location': 'Roof, grid {}'.format(i % 40)},
        'finding': words(i + 1, text),
        'why_it_matters': words(i + 2, text),
        'if_deferred': words(i + 3, text),
        'technician_note': words(i + 4, text // 2),
        'safety': ({'level': 'warning', 'note': words(i + 5, 80)} if i % 4 == 0 else None),
        'options': [{
            'id': rid.replace('r-', 'o-') + '-1',
            'label': words(i + 6, 40)[:-1],
            'description': words(i + 7, text // 2),
            'price': 10000 + 37 * i,
            'tax_included': False,
            'annual_savings': None,
            'savings_basis': None,
            'expected_life_years': 10,
            'duration_hours': 4,
        }],
        'quote': {'valid_until': '2099-12-31', 'conditions': words(i + 8, 80)},
        'photos': [{
            'id': pid, 'caption': words(i + 9, 50), 'media_type': 'image/jpeg',
            'sha256': hashlib.sha256(pid.encode()).hexdigest(),
        } for pid in photo_ids] or None,
        'status': 'open',
        'follow_up': None,
    }


def visit(visit_id, site_id, n_items, n_photos=0, text=300):
    recs = []
    for i in range(n_items):
        first = i * n_photos // n_items
        last = (i + 1) * n_photos // n_items
        photo_ids = ['p-{}-{}'.format(visit_id, k) for k in range(first, last)]
        recs.append(recommendation(visit_id, i, text, photo_ids))
    return {
        'schema_version': 1,
        'id': visit_id,
        'site': {'id': site_id, 'name': 'Site ' + site_id,
                 'address': '1 Bench Street, Toronto, ON M5V 1A1',
                 'timezone': 'America/Toronto'},
        'company': {'name': 'Bench Building Services', 'phone': '+1 416 555 0100',
                    'email': 'office@bench.example'},
        'technician': {'id': 't-1', 'name': 'Sam Tech'},
        'started_at': '2026-03-24T08:00:00-04:00',
        'completed_at': '2026-03-24T16:45:00-04:00',
        'summary': words(1, 200),
        'work_performed': [words(k, 80) for k in range(5)],
        'currency': 'CAD',
        'recommendations': recs,
    }


def write_json(path, document):
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(document, f, ensure_ascii=False)
    return os.path.getsize(path)


def write_visit_near(path, target, n_items):
    """A visit of n_items whose file is just under target bytes."""
    text = 300
    for _ in range(6):
        size = write_json(path, visit('v-parse', 's-1', n_items, PHOTOS, text))
        if target - 64 * 1024 <= size <= target:
            break
        # Five text fields of about `text` characters each make up most of an item.
        per_item = (size - 2000) / n_items
        text = max(50, min(4000, int(text + (target - 32 * 1024 - size) / n_items / 5.2)))
    return size


# --- programs -------------------------------------------------------------------------

class Env:
    def __init__(self, build, source, office, work):
        self.build = build
        self.source = source
        self.work = work
        self.office = office
        self.env = dict(os.environ)
        self.env.update({
            'GSETTINGS_SCHEMA_DIR': os.path.join(build, 'data'),
            'GSETTINGS_BACKEND': 'memory',
            'FINDINGS_DATA_DIR': os.path.join(source, 'data'),
            'FINDINGS_OFFICE': self.office,
            'NO_AT_BRIDGE': '1',
            'GTK_A11Y': 'none',
            'GDK_BACKEND': 'x11',
            'LC_ALL': 'C.UTF-8',
        })

    def tool(self, name):
        return os.path.join(self.build, 'tests', name)

    def run(self, argv, **kwargs):
        out = subprocess.run(argv, env=self.env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, timeout=900, **kwargs)
        if out.returncode != 0:
            raise RuntimeError('{} failed ({}): {}'.format(
                os.path.basename(argv[0]), out.returncode, out.stderr.strip()[-300:]))
        return out.stdout

    def keyvalues(self, argv, **kwargs):
        out = self.run(argv, **kwargs).strip().splitlines()
        return {k: float(v) for k, v in (kv.split('=') for kv in out[-1].split())}

    def cli(self, db, *args):
        return self.run([self.office, '--db', db] + list(args)).split('\n')[0].strip()


class Office:
    """findings-office serving DB on a free loopback port (or its demo)."""

    def __init__(self, env, db, demo=None):
        if demo:
            argv = [env.office, '--db', db, 'demo', '--data', demo, '--port', '0']
        else:
            argv = [env.office, '--db', db, 'serve', '--port', '0', '--address', '127.0.0.1']
        self.process = subprocess.Popen(argv, env=env.env, stdout=subprocess.PIPE,
                                        stdin=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        match = re.search(r'(http://127\.0\.0\.1:\d+/?)', line)
        if not match:
            self.stop()
            raise RuntimeError('the office did not start: ' + line)
        self.url = match.group(1).rstrip('/') + '/'
        token = re.search(r'token (\S+)', line)
        self.token = token.group(1) if token else None
        parts = urllib.parse.urlsplit(self.url)
        self.host, self.port = parts.hostname, parts.port

    def open_fds(self):
        try:
            return len(os.listdir('/proc/{}/fd'.format(self.process.pid)))
        except OSError:
            return -1

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Xvfb:
    def __init__(self):
        read, write = os.pipe()
        self.process = subprocess.Popen(['Xvfb', '-displayfd', str(write), '-screen', '0',
                                         '1280x800x24', '-nolisten', 'tcp'],
                                        pass_fds=(write,), stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as f:
            self.display = ':' + f.readline().strip()

    def stop(self):
        self.process.terminate()
        self.process.wait()


def request(conn, method, path, token=None, body=None):
    headers = {}
    if token:
        headers['Authorization'] = 'Bearer ' + token
    if body is not None:
        headers['Content-Type'] = 'application/json'
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    if response.getheader('Connection', '').lower() == 'close':
        conn.close()
    return response.status, data


def pull_all(office, token, since=None):
    """Every page of GET /api/v1/visits; returns (visits, cursor, seconds)."""
    conn = http.client.HTTPConnection(office.host, office.port, timeout=120)
    cursor, count = since, 0
    start = time.perf_counter()
    while True:
        path = '/api/v1/visits' + ('?since=' + urllib.parse.quote(cursor) if cursor else '')
        status, data = request(conn, 'GET', path, token)
        if status != 200:
            raise RuntimeError('GET {} answered {}'.format(path, status))
        page = json.loads(data)
        count += len(page['visits'])
        cursor = page.get('cursor') or cursor
        if not page.get('more'):
            break
    seconds = time.perf_counter() - start
    conn.close()
    return count, cursor, seconds


def count_office_decisions(db):
    with sqlite3.connect('file:{}?mode=ro'.format(db), uri=True) as conn:
        return conn.execute('SELECT count(*), count(DISTINCT id) FROM decisions').fetchone()


# --- the parts ------------------------------------------------------------------------

def part_startup(env):
    big = os.path.join(env.work, 'large-visit.json')
    write_json(big, visit('v-large', 's-1', ITEMS, PHOTOS))
    xvfb = Xvfb()
    env.env['DISPLAY'] = xvfb.display
    tool = env.tool('bench-startup')
    samples = {'minimal': [], 'findings': [], 'visit': []}
    args = {'minimal': [], 'findings': [], 'visit': [big]}
    try:
        # One unmeasured run of each warms the page cache and the font cache.
        for kind in ('minimal', 'findings', 'visit'):
            env.run([tool, kind] + args[kind])
        for i in range(RUNS):
            for kind in ('minimal', 'findings', 'visit'):
                samples[kind].append(env.keyvalues([tool, kind] + args[kind]))
        # Scrolling a page a frame through every row is slow: once each.
        scrolled = {kind: env.keyvalues([tool, kind] + args[kind] + ['--scroll'])
                    for kind in ('minimal', 'visit')}
    finally:
        xvfb.stop()
        del env.env['DISPLAY']

    def med(kind, key):
        return statistics.median(s[key] for s in samples[kind])

    base = med('minimal', 'first')
    first = med('findings', 'first')
    shown = med('findings', 'content')
    opened = med('visit', 'first')
    row('first frame, `--demo`', ms(first), 'libadwaita window + 1,000-row list, ' + ms(base),
        '{:.2f}'.format(first / base), '<= 1.25', yes_no(first / base <= 1.25))
    row('visits shown, `--demo`', ms(shown), ms(base), '{:.2f}'.format(shown / base), '<= 1.5',
        yes_no(shown / base <= 1.5))
    row('open a {:,}-item, {}-photo visit to first frame'.format(ITEMS, PHOTOS), ms(opened),
        ms(base), '{:.2f}'.format(opened / base), '<= 1.5', yes_no(opened / base <= 1.5))
    rss_open = med('visit', 'rss_open') / 1024
    rss_scrolled = scrolled['visit']['rss_scrolled'] / 1024
    base_open = med('minimal', 'rss_open') / 1024
    base_scrolled = scrolled['minimal']['rss_scrolled'] / 1024
    row('RSS after opening it / after scrolling it all',
        '{:.0f} / {:.0f} MB'.format(rss_open, rss_scrolled),
        '{:.0f} / {:.0f} MB'.format(base_open, base_scrolled),
        '{:.2f} / {:.2f}'.format(rss_open / base_open, rss_scrolled / base_scrolled), '<= 1.3',
        yes_no(rss_open / base_open <= 1.3 and rss_scrolled / base_scrolled <= 1.3))


def part_parse(env):
    path = os.path.join(env.work, 'parse-visit.json')
    size = write_visit_near(path, MAX_BODY - 1024, min(ITEMS, MAX_RECS))
    kv = env.keyvalues([env.tool('bench-core'), 'parse', path, str(max(RUNS, 5))])
    ratio = kv['findings'] / kv['jsonparser']
    row('parse a {:.1f} MiB visit'.format(size / 1024 / 1024), ms(kv['findings']),
        'bare `JsonParser`, load + free, ' + ms(kv['jsonparser']), '{:.2f}'.format(ratio), '<= 2.0',
        yes_no(ratio <= 2.0))


def part_commit(env):
    work = tempfile.mkdtemp(dir=env.work)
    kv = env.keyvalues([env.tool('bench-core'), 'commit', work, str(COMMITS)])
    row('record -> COMMIT, p99 of {:,}'.format(COMMITS), ms(kv['findings_p99']),
        'raw INSERT ' + ms(kv['raw_p99']), '{:.1f}'.format(kv['findings_p99'] / kv['raw_p99']),
        '< 20 ms', yes_no(kv['findings_p99'] < 20))


def seed_office(env, db, n_decisions):
    """One account with visits of up to 2,000 open items, enough for n_decisions."""
    account = env.cli(db, 'account', 'add', 'Bench Property')
    env.cli(db, 'site', 'add', '--account', account, '--site', 's-1', '--name', 'Bench Site')
    token = env.cli(db, 'token', 'add', '--kind', 'kiosk', '--account', account)
    left, k = n_decisions, 0
    while left > 0:
        n = min(left, MAX_RECS)
        path = os.path.join(env.work, 'sync-{}.json'.format(k))
        write_json(path, visit('v-sync-{}'.format(k), 's-1', n))
        env.cli(db, 'visit', 'import', '--account', account, path)
        left -= n
        k += 1
    return token


def part_sync(env):
    work = tempfile.mkdtemp(dir=env.work)
    db = os.path.join(work, 'office.db')
    token = seed_office(env, db, DECISIONS)
    office = Office(env, db)
    try:
        kv = env.keyvalues([env.tool('bench-sync'), office.url, token, work, str(DECISIONS)])
        fds = office.open_fds()
    finally:
        office.stop()
    total, distinct = count_office_decisions(db)
    once = total == DECISIONS and distinct == DECISIONS and kv['sent'] == DECISIONS
    row('{:,} queued decisions synced'.format(DECISIONS),
        '{:,.0f}/s, {} at the office ({:,} sent, {:,} refused, {:,} waiting; office fds {})'.format(
            kv['rate'], 'exactly once' if once else 'NOT exactly once: {:,}'.format(total),
            int(kv['sent']), int(kv['refused']), int(kv['waiting']), fds),
        '', '', '>= 1,000/s', yes_no(once and kv['rate'] >= 1000))


def wrk(url, token, connections=50):
    argv = ['wrk', '-t2', '-c{}'.format(connections), '-d{}s'.format(WRK_SECONDS), '--latency']
    if token:
        argv += ['-H', 'Authorization: Bearer ' + token]
    out = subprocess.run(argv + [url], check=True, stdout=subprocess.PIPE, text=True,
                         timeout=WRK_SECONDS + 120).stdout
    rps = float(re.search(r'Requests/sec:\s+([\d.]+)', out).group(1))
    p99 = re.search(r'^\s+99%\s+([\d.]+)(us|ms|s)', out, re.M)
    scale = {'us': 0.001, 'ms': 1, 's': 1000}[p99.group(2)]
    errors = re.search(r'Non-2xx or 3xx responses: (\d+)', out)
    socket_errors = re.search(r'Socket errors: (.*)', out)
    return rps, float(p99.group(1)) * scale, (int(errors.group(1)) if errors else 0), \
        (socket_errors.group(1).strip() if socket_errors else '')


def office_http_rows(office, label=''):
    health = office.url + 'api/v1/health'
    visits = office.url + 'api/v1/visits'
    # Interleaved: health, visits, health, visits; the best of each kept.
    results = {'health': [], 'visits': []}
    for _ in range(2):
        results['health'].append(wrk(health, None))
        results['visits'].append(wrk(visits, office.token))
    h = max(results['health'])
    v = max(results['visits'])
    note = ''
    if v[2] or v[3]:
        note = ' ({} non-2xx; socket errors: {})'.format(v[2], v[3] or 'none')
    row('office `GET /api/v1/visits`, 50 clients' + label,
        '{:,.0f} rps, p99 {:.0f} ms{}'.format(v[0], v[1], note),
        '`GET /health` {:,.0f} rps, p99 {:.0f} ms'.format(h[0], h[1]),
        '{:.2f}'.format(v[0] / h[0]), '>= 2,000 rps, p99 < 50 ms',
        yes_no(v[0] >= 2000 and v[1] < 50 and not v[2]))


def part_http(env):
    work = tempfile.mkdtemp(dir=env.work)
    office = Office(env, os.path.join(work, 'office.db'),
                    demo=os.path.join(env.source, 'data', 'demo'))
    try:
        office_http_rows(office)
    finally:
        office.stop()


def post_visits(office, token, jobs, threads=4):
    """POSTs (path-less) visit bodies over a few keep-alive connections."""
    errors = []
    lock = threading.Lock()
    it = iter(jobs)

    def worker():
        conn = http.client.HTTPConnection(office.host, office.port, timeout=120)
        while True:
            with lock:
                body = next(it, None)
            if body is None:
                break
            try:
                status, data = request(conn, 'POST', '/api/v1/visits', token, body)
            except (http.client.HTTPException, OSError):
                conn.close()
                status, data = request(conn, 'POST', '/api/v1/visits', token, body)
            if status not in (200, 201):
                errors.append((status, data[:200]))
        conn.close()

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if errors:
        raise RuntimeError('{} visits refused, first: {}'.format(len(errors), errors[0]))


def find_pull_query(source):
    """The office's pull query, as its source spells it, or None."""
    text = ''
    office_dir = os.path.join(source, 'src', 'office')
    for name in sorted(os.listdir(office_dir)):
        if name.endswith('.c'):
            with open(os.path.join(office_dir, name), encoding='utf-8') as f:
                text += f.read()
    for literal in re.finditer(r'((?:"[^"\n]*"\s*)+)', text):
        sql = ''.join(re.findall(r'"([^"\n]*)"', literal.group(1)))
        if re.match(r'\s*SELECT\b.*\bFROM visit(?:s|_changes)\b.*\baccount_id\s*=\s*\?.*change_seq\s*>',
                    sql, re.S | re.I):
            return sql
    return None


def explain_pull(db, source):
    """EXPLAIN QUERY PLAN of the office's pull query on the SQLite file db."""
    sql = find_pull_query(source)
    if sql is None:
        return None, None
    with sqlite3.connect('file:{}?mode=ro'.format(db), uri=True) as conn:
        plan = conn.execute('EXPLAIN QUERY PLAN ' + sql, [1] * sql.count('?')).fetchall()
    return sql, '; '.join(p[-1] for p in plan)


def explain_pull_postgresql(url, source):
    """EXPLAIN of the same query on PostgreSQL, its ? numbered as $1, $2…"""
    sql = find_pull_query(source)
    if sql is None:
        return None, None
    n = [0]

    def number(match):
        n[0] += 1
        return '${}'.format(n[0])

    numbered = re.sub(r'\?', number, sql)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    name = urllib.parse.urlsplit(url).path.strip('/')
    script = 'PREPARE pull AS {}; EXPLAIN EXECUTE pull({});'.format(
        numbered, ', '.join(['1'] * n[0]))
    out = subprocess.run(['psql', '-h', query['host'][0], '-U', query['user'][0], '-d', name,
                          '-tAc', script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    if out.returncode != 0:
        return sql, 'EXPLAIN failed: ' + out.stderr.strip()[:200]
    return sql, '; '.join(line.strip() for line in out.stdout.splitlines()
                          if line.strip() and line.strip() != 'PREPARE')


def postgresql_size(url):
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    name = urllib.parse.urlsplit(url).path.strip('/')
    out = subprocess.run(['psql', '-h', query['host'][0], '-U', query['user'][0], '-d', name,
                          '-tAc', 'SELECT pg_database_size(current_database())'],
                         stdout=subprocess.PIPE, text=True)
    return '{:.0f} MB'.format(int(out.stdout.strip()) / 1e6) if out.returncode == 0 else '?'


def part_bigdb(env, db=None, label=''):
    work = tempfile.mkdtemp(dir=env.work)
    db = db or os.path.join(work, 'office.db')
    start = time.perf_counter()
    technician = env.cli(db, 'token', 'add', '--kind', 'technician')
    kiosk = None
    for a in range(ACCOUNTS):
        account = env.cli(db, 'account', 'add', 'Account {}'.format(a + 1))
        env.cli(db, 'site', 'add', '--account', account, '--site', 's-{}'.format(a + 1),
                '--name', 'Site {}'.format(a + 1))
        if a == ACCOUNTS // 2:
            kiosk = env.cli(db, 'token', 'add', '--kind', 'kiosk', '--account', account)
            kiosk_site = 's-{}'.format(a + 1)
    log('{:,} accounts in {:.0f} s'.format(ACCOUNTS, time.perf_counter() - start))

    office = Office(env, db)
    try:
        start = time.perf_counter()

        def bodies():
            for v in range(VISITS):
                site = 's-{}'.format(v % ACCOUNTS + 1)
                yield json.dumps(visit('v-big-{}'.format(v), site, 2), ensure_ascii=False)

        post_visits(office, technician, bodies())
        log('{:,} visits posted in {:.0f} s'.format(VISITS, time.perf_counter() - start))
        per_account = VISITS // ACCOUNTS

        count, cursor, seconds = pull_all(office, kiosk)
        if count < per_account:
            raise RuntimeError('the first pull brought {} visits of {}'.format(count, per_account))
        since = []
        for _ in range(20):
            _, _, s = pull_all(office, kiosk, cursor)
            since.append(s * 1000)
        unchanged = statistics.median(since)
        fds = office.open_fds()
    finally:
        office.stop()

    if db.startswith('postgresql:'):
        size = postgresql_size(db)
    else:
        size = '{:.0f} MB'.format(sum(os.path.getsize(p) for p in (db, db + '-wal')
                                      if os.path.exists(p)) / 1e6)
    row('database of {:,} visits across {:,} accounts{}'.format(VISITS, ACCOUNTS, label),
        size + ' on disk', '', '', '', '')
    row('first pull of one account ({} visits){}'.format(count, label), ms(seconds * 1000),
        '', '', '', '')
    row('unchanged `since=` pull, median of 20' + label, ms(unchanged), '', '', '< 10 ms',
        yes_no(unchanged < 10))
    if db.startswith('postgresql:'):
        sql, plan = explain_pull_postgresql(db, env.source)
        # The change numbers are read through their index, never scanned whole; the
        # one-row counters table may be read as it likes.
        uses_index = plan is not None \
            and re.search(r'Index (?:Only )?Scan using \w+ on visit_changes', plan) \
            and 'Seq Scan on visit_changes' not in plan
    else:
        sql, plan = explain_pull(db, env.source)
        uses_index = plan is not None \
            and re.search(r'SEARCH visit_changes USING (?:COVERING )?INDEX', plan) \
            and not re.search(r'\bSCAN visit_changes\b', plan)
    if plan is None:
        not_measured('`EXPLAIN` of the pull' + label, 'no pull query found in src/office')
    else:
        row('`EXPLAIN` of the pull' + label, plan, '', '', 'an index', yes_no(uses_index))


def part_postgresql(env):
    """The office rows again on a throwaway PostgreSQL cluster (a Unix socket in a
    temporary folder, trust on it only), as a user of its own when run as root."""
    helptext = subprocess.run([env.office, '--help'], env=env.env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True).stdout
    bindir = next((d for d in sorted(glob.glob('/usr/lib/postgresql/*/bin'), reverse=True)
                   if os.path.exists(os.path.join(d, 'initdb'))), None)
    if 'postgresql' not in helptext.lower():
        not_measured('office figures on PostgreSQL',
                     '`findings-office --db postgresql://…` is not in this HEAD')
        return
    if bindir is None:
        not_measured('office figures on PostgreSQL', 'initdb is not installed')
        return

    as_user = []
    if os.geteuid() == 0:
        user = 'findings-pg-bench'
        if subprocess.run(['id', user], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode != 0:
            subprocess.run(['useradd', '--system', '--no-create-home', '--shell',
                            '/usr/sbin/nologin', user], check=True)
        as_user = ['runuser', '-u', user, '--']
    work = tempfile.mkdtemp(dir=env.work)
    os.chmod(env.work, 0o755)
    os.chmod(work, 0o755)
    data, socket = os.path.join(work, 'data'), os.path.join(work, 'socket')
    os.mkdir(data)
    os.mkdir(socket)
    if as_user:
        shutil.chown(data, as_user[2])
        shutil.chown(socket, as_user[2])
    subprocess.run(as_user + [bindir + '/initdb', '-D', data, '-U', 'findings', '-A', 'trust',
                              '-E', 'UTF8', '--locale=C'], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run(as_user + [bindir + '/pg_ctl', '-D', data, '-l', os.path.join(socket, 'log'),
                              '-w', '-t', '60', '-o',
                              '-c listen_addresses= -k {} -c max_connections=200'.format(socket),
                              'start'], check=True, stdout=subprocess.DEVNULL)
    try:
        for name in ('demo', 'big'):
            subprocess.run(as_user + [bindir + '/createdb', '-h', socket, '-U', 'findings', name],
                           check=True)
        url = 'postgresql:///{}?host={}&user=findings'
        office = Office(env, url.format('demo', socket),
                        demo=os.path.join(env.source, 'data', 'demo'))
        try:
            office_http_rows(office, ' (PostgreSQL)')
        finally:
            office.stop()
        global VISITS, ACCOUNTS
        saved = VISITS, ACCOUNTS
        VISITS, ACCOUNTS = PG_VISITS, max(1, PG_VISITS // 100)
        try:
            part_bigdb(env, url.format('big', socket), ' (PostgreSQL)')
        finally:
            VISITS, ACCOUNTS = saved
    finally:
        subprocess.run(as_user + [bindir + '/pg_ctl', '-D', data, '-m', 'fast', '-w', 'stop'],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


PARTS = [
    ('startup', part_startup),
    ('parse', part_parse),
    ('commit', part_commit),
    ('sync', part_sync),
    ('http', part_http),
    ('bigdb', part_bigdb),
    ('postgresql', part_postgresql),
]


def machine():
    cpu = ''
    with open('/proc/cpuinfo') as f:
        for line in f:
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
    with open('/proc/meminfo') as f:
        mem = int(f.readline().split()[1]) / 1024 / 1024
    debian = ''
    if os.path.exists('/etc/debian_version'):
        with open('/etc/debian_version') as f:
            debian = f.read().strip()
    return '{} cores ({}), {:.0f} GiB RAM, Debian {}'.format(os.cpu_count(), cpu, mem, debian)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--build', required=True)
    parser.add_argument('--source', required=True)
    parser.add_argument('--office', required=True, help='the findings-office program')
    args = parser.parse_args()

    only = [p for p in os.environ.get('FINDINGS_BENCH_ONLY', '').split(',') if p]
    work = tempfile.mkdtemp(prefix='findings-bench-')
    office = args.office
    if not os.path.isabs(office) and not os.path.exists(office):
        office = os.path.join(args.build, office)
    env = Env(os.path.abspath(args.build), os.path.abspath(args.source),
              os.path.abspath(office), work)
    failed = []
    started = time.perf_counter()
    try:
        for name, part in PARTS:
            if only and name not in only:
                continue
            log('{} …'.format(name))
            try:
                part(env)
            except Exception as e:  # a part that cannot run says so in the table
                failed.append(name)
                not_measured(name, '{}: {}'.format(type(e).__name__, e))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    git = subprocess.run(['git', '-C', args.source, 'describe', '--always', '--dirty'],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    lines = ['Findings benchmark at {}, {}; {:.0f} s'.format(
        git.strip() or 'unknown', machine(), time.perf_counter() - started), '',
        '| figure | Findings | baseline | ratio | target | met? |',
        '| --- | --- | --- | --- | --- | --- |']
    lines += ['| ' + ' | '.join(str(x).replace('|', '/') for x in r) + ' |' for r in rows]
    table = '\n'.join(lines)
    print(table)
    if os.environ.get('FINDINGS_BENCH_TABLE'):
        with open(os.environ['FINDINGS_BENCH_TABLE'], 'w') as f:
            f.write(table + '\n')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
