#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The whole flow as a screen-reader user meets it, through AT-SPI.

Runs `findings --demo` on its own Xvfb and drives it the way a blind customer
does: by the accessibility tree and the keyboard, never the mouse. It finds the
visits list by its name, reads the visits, opens one, opens a recommendation,
reads its headings and text, declines it with a reason, backs out of an accept
dialog with Escape, asks for a call on another recommendation typing the phone
number, and then checks that both decisions reached the kiosk's outbox.

Along the way: every button and toggle met has a real name (not a GTK type name,
not a mnemonic underscore), the focused object is exposed as focused, and the
focus is visible: the screen around a button changes when it takes the focus.

Run as: dbus-run-session -- python3 test-a11y.py path/to/findings
(dbus-run-session gives it a private session bus; the accessibility bus is then
started by D-Bus activation from at-spi2-core.)

GTK 4.8 limits, worked around here rather than faked:
- Component.GrabFocus is not implemented: focus moves with Tab and the arrows.
- List items have no actions: a list item is opened with Return, as by a person.
- Only objects with the window role have SHOWING and ACTIVE (so the dialogs keep
  that role), and hidden stack pages stay in the tree. The test follows the
  focus, and checks on screen that the focus shows.
- An AdwEntryRow (libadwaita 1.2) never reports FOCUSED, since its inner text is
  not exposed: what is typed is read back through its Text interface instead.
- Heading levels are not exposed (no "level" attribute): only the heading role.
The Xvfb runs no window manager, so the test does the one thing it would: give
the keyboard focus back to the window when a dialog closes.

FINDINGS_A11Y_DEBUG=1 logs every stop of the focus.
"""

import ctypes
import glob
import json
import os
import re
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time

# How long to wait, in polls, for the app to reach a state. A bound so that a broken
# build fails instead of hanging; generous because sanitizer builds are slow. Not a
# timing assertion: every wait ends as soon as its condition holds.
POLL_SECONDS = 0.05
MAX_POLLS = 2400
# The app pulls again as soon as the office answers a decision; the periodic pull
# (once a minute) is the fallback: wait for up to three of those.
OFFICE_POLLS = 3600

KEY_TAB = 0xff09
KEY_SHIFT_TAB = 0xfe20  # ISO_Left_Tab: at-spi adds the Shift it needs
KEY_RETURN = 0xff0d
KEY_ESCAPE = 0xff1b
KEY_DOWN = 0xff54
KEY_SPACE = 0x0020

# Buttons and toggles must all be named, wherever they are; items of lists and flow
# boxes as soon as the keyboard reaches them.
CONTROLS = ('push button', 'toggle button', 'check box', 'radio button', 'combo box',
            'menu item', 'text')
ITEMS = ('list item', 'table cell')
TYPE_NAME = re.compile(r'^(Gtk|Adw|Findings)[A-Z]\w*$')


class TestFailure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise TestFailure(message)


def log(message):
    print('# ' + message, flush=True)


def pump_events():
    """Lets AT-SPI deliver the events that came in (they need the GLib main loop)."""
    from gi.repository import GLib
    context = GLib.MainContext.default()
    while context.iteration(False):
        pass


def wait_for(condition, what, polls=MAX_POLLS):
    """Polls @condition until it returns something true, and returns that."""
    for _ in range(polls):
        try:
            result = condition()
        except Exception as error:  # the tree changes under our feet while the app works
            if 'application no longer exists' in str(error):
                # AT-SPI gave the whole app up (it answered a call with nothing): a
                # screen reader would be cut off too. Say so now, not after the bound.
                raise TestFailure('AT-SPI lost the app while waiting for %s: %s'
                                  % (what, error))
            if os.environ.get('FINDINGS_A11Y_DEBUG'):
                log('  (%s)' % error)
            result = None
        if result:
            return result
        time.sleep(POLL_SECONDS)
    raise TestFailure('gave up waiting for ' + what)


class Xvfb:
    """An X server of our own, with its screen in a file we can read pixels from."""

    def __init__(self, width, height):
        self.fbdir = tempfile.mkdtemp(prefix='findings-a11y-fb-')
        read_end, write_end = os.pipe()
        # -noreset: without it the server resets whenever its last client leaves (the
        # registry probing the display, say) and refuses the app that connects then.
        self.log_path = os.path.join(self.fbdir, 'Xvfb.log')
        with open(self.log_path, 'wb') as log_file:
            self.process = subprocess.Popen(
                ['Xvfb', '-displayfd', str(write_end), '-screen', '0',
                 '%dx%dx24' % (width, height), '-nolisten', 'tcp', '-noreset',
                 '-fbdir', self.fbdir],
                pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=log_file)
        os.close(write_end)
        number = b''
        while not number.endswith(b'\n'):
            byte = os.read(read_end, 1)
            if not byte:
                raise TestFailure('Xvfb did not report a display: ' + self.log())
            number += byte
        os.close(read_end)
        self.display = ':' + number.decode().strip()
        self.xlib = None

    def log(self):
        with open(self.log_path, errors='replace') as f:
            return f.read()[-2000:]

    def give_focus_back(self):
        """Does what a window manager does when a dialog closes: hands the keyboard
        focus back to the window (here, the one under the pointer). With no window
        manager the focus would stay on the root window, and GTK would see no active
        window and no focused widget."""
        if self.xlib is None:
            self.xlib = ctypes.CDLL('libX11.so.6')
            self.xlib.XOpenDisplay.restype = ctypes.c_void_p
            self.xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
            self.xlib.XSetInputFocus.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                                 ctypes.c_int, ctypes.c_ulong]
            self.xlib.XFlush.argtypes = [ctypes.c_void_p]
            self.xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
            self.connection = self.xlib.XOpenDisplay(self.display.encode())
            if not self.connection:
                raise TestFailure('cannot open the display ' + self.display)
        pointer_root, revert_to_pointer_root, current_time = 1, 1, 0
        self.xlib.XSetInputFocus(self.connection, pointer_root, revert_to_pointer_root,
                                 current_time)
        self.xlib.XFlush(self.connection)

    def pixels(self, x, y, width, height):
        """The bytes of a rectangle of the screen (XWD file that Xvfb keeps current)."""
        with open(os.path.join(self.fbdir, 'Xvfb_screen0'), 'rb') as f:
            header = f.read(100)
            fields = struct.unpack('>25I', header)
            header_size, ncolors = fields[0], fields[19]
            screen_width, screen_height = fields[4], fields[5]
            bytes_per_pixel, bytes_per_line = fields[11] // 8, fields[12]
            data_start = header_size + ncolors * 12
            x0, y0 = max(0, x), max(0, y)
            x1, y1 = min(screen_width, x + width), min(screen_height, y + height)
            rows = []
            for row in range(y0, y1):
                f.seek(data_start + row * bytes_per_line + x0 * bytes_per_pixel)
                rows.append(f.read((x1 - x0) * bytes_per_pixel))
            return b''.join(rows)

    def stop(self):
        if self.xlib is not None:
            self.xlib.XCloseDisplay(self.connection)
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.fbdir, ignore_errors=True)


def tell_dbus_the_display(display):
    # The accessibility bus and its registry are started by D-Bus activation. The
    # registry needs DISPLAY to synthesize key presses (XTest), and the session bus
    # was started before our Xvfb: hand the display over before anything starts.
    from gi.repository import Gio, GLib
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    bus.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus',
                  'UpdateActivationEnvironment',
                  GLib.Variant('(a{ss})', ({'DISPLAY': display},)),
                  None, Gio.DBusCallFlags.NONE, -1, None)


def load_demo(data_dir):
    """Every recommendation of the demo, by title, to check what the screen says."""
    recommendations = {}
    for path in glob.glob(os.path.join(data_dir, 'demo', '*.json')):
        with open(path, encoding='utf-8') as f:
            visit = json.load(f)
        for rec in visit.get('recommendations', []):
            recommendations[rec['title']] = dict(rec, visit_id=visit['id'],
                                                 site=visit['site']['name'])
    return recommendations


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: test-a11y.py FINDINGS')
    findings = sys.argv[1]
    data_dir = os.environ.get('FINDINGS_DATA_DIR')
    check(data_dir, 'FINDINGS_DATA_DIR must name the data folder with the demo')
    demo = load_demo(data_dir)
    check(demo, 'no demo recommendations found in ' + data_dir)

    xvfb = Xvfb(1280, 800)
    work_dir = tempfile.mkdtemp(prefix='findings-a11y-')
    app_process = None
    try:
        os.environ['DISPLAY'] = xvfb.display
        os.environ.pop('WAYLAND_DISPLAY', None)
        tell_dbus_the_display(xvfb.display)

        env = dict(os.environ, FINDINGS_WORK_DIR=work_dir, GTK_A11Y='atspi', GDK_BACKEND='x11')
        env.pop('NO_AT_BRIDGE', None)
        app_process = subprocess.Popen([findings, '--demo'], env=env)

        flow = Flow(xvfb, app_process, demo, os.path.join(work_dir, 'kiosk.db'))
        flow.run()
        check_outbox(os.path.join(work_dir, 'kiosk.db'), flow.decisions)
    finally:
        if app_process is not None and app_process.poll() is None:
            app_process.send_signal(signal.SIGTERM)
            try:
                app_process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                app_process.kill()
                app_process.wait()
        xvfb.stop()
        shutil.rmtree(work_dir, ignore_errors=True)

    if app_process.returncode not in (0, -signal.SIGTERM):
        raise TestFailure('findings exited with status %d' % app_process.returncode)
    print('ok - the flow works by keyboard and AT-SPI alone')


class Flow:
    def __init__(self, xvfb, app_process, demo, store):
        import pyatspi
        self.pyatspi = pyatspi
        self.xvfb = xvfb
        self.app_process = app_process
        self.demo = demo
        self.store = store
        self.app = None
        self.last_focus = None
        pyatspi.Registry.registerEventListener(self.focus_changed,
                                               'object:state-changed:focused')
        self.decisions = []
        self.met = set()

    # AT-SPI helpers

    def role(self, acc):
        return acc.getRoleName()

    def children(self, acc):
        return [c for c in (acc.getChildAtIndex(i) for i in range(acc.childCount)) if c]

    def find_all(self, root, predicate):
        found, queue = [], [root]
        while queue:
            acc = queue.pop(0)
            try:
                if predicate(acc):
                    found.append(acc)
                kids = self.children(acc)
                if os.environ.get('FINDINGS_A11Y_DEBUG'):
                    for i, kid in enumerate(kids):
                        kid._findings_where = 'child %d of %s' % (i, self.describe(acc))
                queue.extend(kids)
            except Exception as error:  # an object went away while we walked
                if os.environ.get('FINDINGS_A11Y_DEBUG'):
                    where = getattr(acc, '_findings_where', '?')
                    log('  (walk: %s: %s)' % (where, error))
                continue
        return found

    def find(self, root, predicate):
        found = self.find_all(root, predicate)
        return found[0] if found else None

    def has_state(self, acc, state):
        return acc.getState().contains(state)

    def windows(self):
        return self.children(self.app)

    def focus_changed(self, event):
        if event.detail1:
            self.last_focus = event.source

    def focused(self, walk=True):
        """The object that has the keyboard focus, in the active window."""
        # The focus events say where to look: walking the whole tree over D-Bus for
        # every key press would take seconds. The walk stays for when they say nothing.
        pump_events()
        try:
            if (self.last_focus is not None and
                    self.has_state(self.last_focus, self.pyatspi.STATE_FOCUSED) and
                    self.in_active_window(self.last_focus)):
                return self.last_focus
        except Exception:  # it went away
            pass
        if not walk:
            return None
        for window in self.windows():
            try:
                if not self.has_state(window, self.pyatspi.STATE_ACTIVE):
                    continue
            except Exception:  # a dialog that just closed
                continue
            found = self.find(window, lambda a: self.has_state(a, self.pyatspi.STATE_FOCUSED))
            if found is not None:
                return found
        return None

    def in_active_window(self, acc):
        for ancestor in self.ancestors(acc):
            if self.role(ancestor) == 'frame':
                return self.has_state(ancestor, self.pyatspi.STATE_ACTIVE)
        return False

    def describe(self, acc):
        return '%s "%s"' % (self.role(acc), acc.name) if acc is not None else 'nothing'

    def text_of(self, acc):
        text = acc.queryText()
        return text.getText(0, text.characterCount)

    def ancestors(self, acc):
        while acc is not None:
            acc = acc.parent
            if acc is not None:
                yield acc

    # Keyboard: what a screen-reader user has

    def press(self, keysym):
        check(self.app_process.poll() is None, 'findings has exited')
        self.pyatspi.Registry.generateKeyboardEvent(keysym, None, self.pyatspi.KEY_SYM)

    def type_text(self, text):
        for character in text:
            self.pyatspi.Registry.generateKeyboardEvent(0, character, self.pyatspi.KEY_STRING)

    def press_and_wait(self, keysym, condition, what):
        self.press(keysym)
        return wait_for(condition, what)

    def tab_to(self, predicate, what, backwards=False):
        """Tabs until the focus is on an object that @predicate accepts."""
        seen = []
        for _ in range(40):
            previous = self.focused()
            self.press(KEY_SHIFT_TAB if backwards else KEY_TAB)
            focus = self.wait_focus_change(previous)
            if focus is not None:
                self.note_control(focus)
                seen.append(self.describe(focus))
                if os.environ.get('FINDINGS_A11Y_DEBUG'):
                    log('  Tab: ' + self.describe(focus))
                if predicate(focus):
                    return focus
        raise TestFailure('Tab never reached %s; it met: %s' % (what, ', '.join(seen)))

    def wait_focus_change(self, previous):
        """The new focus after a key, or None when it went where AT-SPI cannot see
        (the text inside an entry row)."""
        for attempt in range(40):
            focus = self.focused(walk=attempt == 39)
            if focus is not None and (previous is None or not self.same(focus, previous)):
                return focus
            time.sleep(POLL_SECONDS)
        return None

    def same(self, a, b):
        try:
            return a.path == b.path
        except AttributeError:
            return a == b

    # What the flow checks on every control it meets

    def note_control(self, acc):
        """Every control the keyboard reaches must have a real name."""
        if self.role(acc) in CONTROLS + ITEMS:
            self.check_name(acc, 'the flow')
            self.met.add(acc.name)

    def check_names(self, root, where):
        """Every button and toggle under @root has a name a person can understand."""
        for acc in self.find_all(root, lambda a: self.role(a) in CONTROLS):
            self.check_name(acc, where)

    def check_name(self, acc, where):
        name = acc.name or ''
        check(name.strip(), 'a %s in %s has no accessible name' % (self.role(acc), where))
        check(not TYPE_NAME.match(name),
              'a %s in %s is named after its GTK type: "%s"' % (self.role(acc), where, name))
        if self.role(acc) == 'push button':
            # A label inside the button is what a sighted user reads: same name, no
            # mnemonic underscore and no second copy of it.
            labels = [c for c in self.children(acc) if self.role(c) == 'label']
            if len(labels) == 1:
                check(name == labels[0].name,
                      'button "%s" in %s does not read as its label "%s"'
                      % (name, where, labels[0].name))

    def check_focus_visible(self, acc, window):
        """The focused object says so, and the screen shows it."""
        states = acc.getState()
        check(states.contains(self.pyatspi.STATE_FOCUSED), self.describe(acc) + ' is not FOCUSED')
        check(states.contains(self.pyatspi.STATE_VISIBLE), self.describe(acc) + ' is not VISIBLE')
        # GTK 4.8 sets SHOWING on windows only: the window must be showing and active,
        # and the object must lie on it with a real size.
        check(self.has_state(window, self.pyatspi.STATE_SHOWING), 'the window is not SHOWING')
        check(self.has_state(window, self.pyatspi.STATE_ACTIVE), 'the window is not ACTIVE')
        box = acc.queryComponent().getExtents(self.pyatspi.WINDOW_COORDS)
        frame = window.queryComponent().getExtents(self.pyatspi.WINDOW_COORDS)
        check(box.width > 0 and box.height > 0, self.describe(acc) + ' has no size')
        check(box.x >= 0 and box.y >= 0 and box.x + box.width <= frame.width + 1 and
              box.y + box.height <= frame.height + 1,
              '%s lies outside its window: %s' % (self.describe(acc), box))

    def area_around(self, acc):
        box = acc.queryComponent().getExtents(self.pyatspi.WINDOW_COORDS)
        margin = 6  # focus rings are drawn around or just inside the edge
        return (box.x - margin, box.y - margin, box.width + 2 * margin, box.height + 2 * margin)

    # The flow

    def run(self):
        pyatspi = self.pyatspi

        def find_app():
            desktop = pyatspi.Registry.getDesktop(0)
            for app in self.children(desktop):
                if app.name == 'findings':
                    return app
            check(self.app_process.poll() is None, 'findings exited before it showed up')
            return None

        self.app = wait_for(find_app, 'findings on the accessibility bus')
        window = wait_for(lambda: self.find(self.app, lambda a: self.role(a) == 'frame'
                                            and a.name == 'Findings'), 'the main window')
        log('found the window "%s"' % window.name)

        # The visits, as a screen reader lists them.
        visits = wait_for(lambda: self.find(window, lambda a: self.role(a) == 'list'
                                            and a.name == 'Visits'), 'the list named "Visits"')
        wait_for(lambda: visits.childCount > 0, 'visits in the list')
        names = [item.name for item in self.children(visits)]
        log('visits list: ' + ' | '.join(names))
        for item in self.children(visits):
            check(self.role(item) == 'list item', 'the visits list holds a ' + self.role(item))
            check(item.name.strip(), 'a visit list item has no name')
        check(any('waiting for your decision' in n for n in names),
              'no visit says it is waiting for a decision')
        sites = {rec['site'] for rec in self.demo.values()}
        check(any(n in sites for n in names), 'no site heading is named in the visits list')

        # Tab into the list: the first item (a site heading) takes the focus, visibly.
        area = self.area_around(self.children(visits)[0])
        before = self.xvfb.pixels(*area)
        focus = self.tab_to(lambda a: any(self.same(p, visits) for p in self.ancestors(a)) or
                            self.same(a, visits), 'the visits list')
        self.check_focus_visible(focus, window)
        wait_for(lambda: self.xvfb.pixels(*area) != before,
                 'the focus on %s to show on screen' % self.describe(focus))
        log('Tab reached %s' % self.describe(focus))

        # Down to the first visit with something to decide, and open it with Return.
        for _ in range(visits.childCount):
            focus = self.focused()
            if self.role(focus) == 'list item' and 'waiting for your decision' in focus.name:
                break
            self.press(KEY_DOWN)
            wait_for(lambda: not self.same(self.focused(), focus), 'the focus to move down')
        else:
            raise TestFailure('Down never reached a visit waiting for a decision')
        visit_name = focus.name
        log('opening the visit "%s"' % visit_name)
        self.press(KEY_RETURN)

        page = wait_for(lambda: self.find(window, lambda a: self.role(a) == 'list' and
                                          a.name == 'Visit and its recommendations'
                                          and a.childCount > 1),
                        'the visit and its recommendations')
        header = self.children(page)[0]
        check(any(site in header.name for site in sites),
              'the visit summary is named "%s", without its site' % header.name)
        log('the visit reads: %s' % header.name)

        first = self.open_recommendation(window, page)
        self.decline(window, first)

        # Escape goes back to the visit, where the next open item is one Down away.
        self.press(KEY_ESCAPE)
        wait_for(lambda: any(self.same(p, page) for p in self.ancestors(self.focused())),
                 'Escape to bring the focus back to the visit')
        second = self.open_recommendation(window, page, skip=first['title'])
        self.escape_from_accept(window)
        self.request_call(window, second)
        # A call requested does not stop the customer from accepting afterwards.
        self.accept(window, second)

        log('the controls the keyboard met: ' + ' | '.join(sorted(self.met)))

    def open_recommendation(self, window, page, skip=None):
        """From the visit's list, Down to an open recommendation and Return."""
        for _ in range(page.childCount + 1):
            focus = self.focused()
            if (focus is not None and self.role(focus) == 'list item' and
                    'Waiting for your decision' in focus.name and
                    (skip is None or skip not in focus.name)):
                break
            self.press(KEY_DOWN)
            wait_for(lambda: not self.same(self.focused(), focus), 'the focus to move down')
        else:
            raise TestFailure('Down never reached a recommendation waiting for a decision')

        matches = [rec for title, rec in self.demo.items() if title in focus.name]
        check(len(matches) == 1, 'cannot tell which recommendation "%s" is' % focus.name)
        rec = matches[0]
        check(focus.description == rec['finding'],
              'the recommendation row describes itself as "%s"' % focus.description)
        log('opening "%s"' % focus.name)
        self.press(KEY_RETURN)

        # Its headings, and the text under them, as the screen reader finds them.
        title = wait_for(lambda: self.find(window, lambda a: self.role(a) == 'heading' and
                                           a.name == rec['title']),
                         'the heading "%s"' % rec['title'])
        headings = [h.name for h in self.find_all(title.parent,
                                                  lambda a: self.role(a) == 'heading')]
        log('headings: ' + ' | '.join(headings))
        for expected in ('What We Found', 'Why It Matters'):
            check(expected in headings, 'no heading "%s" on the recommendation' % expected)
        texts = [self.text_of(label) for label in
                 self.find_all(title.parent, lambda a: self.role(a) == 'label')]
        check(rec['finding'] in texts, 'the finding is not there as text')
        check(rec['why_it_matters'] in texts, 'why it matters is not there as text')
        log('read: %s' % rec['finding'])

        # The three decisions, found by name and role.
        for name in ('Accept…', 'Decline…', 'Ask for a Call…'):
            button = self.find(window, lambda a: self.role(a) == 'push button' and a.name == name)
            check(button is not None, 'no push button named "%s"' % name)
            check(self.has_state(button, self.pyatspi.STATE_FOCUSABLE), name + ' cannot take focus')
            actions = button.queryAction()
            check('click' in [actions.getName(i) for i in range(actions.nActions)],
                  name + ' has no click action')
        self.check_names(window, 'the recommendation page')
        return rec

    def decision_button(self, window, name):
        """Tabs to a decision button and checks that the focus shows on screen."""
        button = self.find(window, lambda a: self.role(a) == 'push button' and a.name == name)
        area = self.area_around(button)
        before = self.xvfb.pixels(*area)
        focus = self.tab_to(lambda a: self.role(a) == 'push button' and a.name == name,
                            'the button "%s"' % name)
        self.check_focus_visible(focus, window)
        wait_for(lambda: self.xvfb.pixels(*area) != before,
                 'the focus on "%s" to show on screen' % name)
        return focus

    def open_dialog(self, title):
        self.press(KEY_RETURN)
        # A frame, not a "dialog": GTK 4.8 reports SHOWING and ACTIVE for the window
        # role only, and a screen reader follows the active window.
        dialog = wait_for(lambda: self.find(self.app, lambda a: self.role(a) == 'frame' and
                                            a.name == title and
                                            self.has_state(a, self.pyatspi.STATE_ACTIVE)),
                          'the dialog "%s"' % title)
        log('the dialog "%s" is open' % title)
        self.check_names(dialog, 'the dialog "%s"' % title)
        return dialog

    def finish_dialog(self, window, dialog, button, outcome):
        """Return on the dialog's last button, then on Done, which tells what happened."""
        self.tab_to(lambda a: self.role(a) == 'push button' and a.name == button,
                    'the button "%s"' % button)
        done = self.press_and_wait(KEY_RETURN, lambda: self.focused() if (
            self.focused() is not None and self.focused().name == 'Done') else None,
            'the focus on Done')
        check(done.description.startswith(outcome),
              'Done does not say what happened: "%s"' % done.description)
        log('Done says: %s' % done.description)
        self.press(KEY_RETURN)
        wait_for(lambda: not any(self.same(w, dialog) for w in self.windows()),
                 'the dialog to close')
        self.xvfb.give_focus_back()

    def decline(self, window, rec):
        self.decision_button(window, 'Decline…')
        dialog = self.open_dialog('Decline')

        reason = 'We will get another quote'
        radio = self.tab_to(lambda a: self.role(a) == 'radio button' and a.name == reason,
                            'the reason "%s"' % reason)
        self.press_and_wait(KEY_SPACE, lambda: self.has_state(radio, self.pyatspi.STATE_CHECKED),
                            'the reason to be checked')

        # The free text: Shift+Tab back from Cancel lands in it, and what is typed there
        # is read back through its Text interface (the entry row never reports FOCUSED).
        self.tab_to(lambda a: self.role(a) == 'push button' and a.name == 'Cancel', 'Cancel')
        self.press(KEY_SHIFT_TAB)
        words = self.find(dialog, lambda a: self.role(a) == 'text' and
                          a.name == 'In your own words (optional)')
        check(words is not None, 'no text field named "In your own words (optional)"')
        own_words = 'The budget is set in January'
        self.type_text(own_words)
        wait_for(lambda: self.text_of(words) == own_words, 'the typed reason in its field')

        self.finish_dialog(window, dialog, 'Decline', 'Thanks, We Have Noted It')
        # "Decline…" is gone now, so the focus moved to the new status.
        self.check_decided(window, rec, 'Declined', 'Declined')
        self.decisions.append(('decline', rec, reason + '. ' + own_words))

    def escape_from_accept(self, window):
        accept = self.decision_button(window, 'Accept…')
        dialog = self.open_dialog('Accept')
        self.press(KEY_ESCAPE)
        wait_for(lambda: not any(self.same(w, dialog) for w in self.windows()),
                 'Escape to close the dialog')
        self.xvfb.give_focus_back()
        focus = wait_for(self.focused, 'the focus back in the window')
        check(self.same(focus, accept), 'after Escape the focus is on %s, not on Accept…'
              % self.describe(focus))
        log('Escape closed the dialog and the focus went back to Accept…')

    def request_call(self, window, rec):
        self.decision_button(window, 'Ask for a Call…')
        dialog = self.open_dialog('Ask for a Call')
        phone = self.find(dialog, lambda a: self.role(a) == 'text' and a.name == 'Phone number')
        check(phone is not None, 'no text field named "Phone number"')
        check(self.has_state(phone, self.pyatspi.STATE_EDITABLE), 'the phone field is not editable')
        # The dialog opens with the focus in the phone number.
        number = '604 555 0123'
        self.type_text(number)
        wait_for(lambda: self.text_of(phone) == number, 'the typed phone number in its field')
        self.finish_dialog(window, dialog, 'Ask for a Call', 'Call Requested')
        # The three buttons stay (a call does not decide anything): so does the focus.
        focus = self.check_decided(window, rec, 'Call requested', 'Ask for a Call…')
        self.decisions.append(('request_call', rec, number))
        self.check_office_answer(window, rec, 'call_requested', focus)

    def accept(self, window, rec):
        """Accept by keyboard: pick an option (none is chosen in advance), read the
        terms, give a name, and accept without signing."""
        self.decision_button(window, 'Accept…')
        dialog = self.open_dialog('Accept')

        option = rec['options'][-1]['label']
        radio = self.tab_to(lambda a: self.role(a) == 'radio button' and a.name == option,
                            'the option "%s"' % option)
        check(not any(self.has_state(r, self.pyatspi.STATE_CHECKED) for r in self.find_all(
            dialog, lambda a: self.role(a) == 'radio button')), 'an option was chosen in advance')
        self.press_and_wait(KEY_SPACE, lambda: self.has_state(radio, self.pyatspi.STATE_CHECKED),
                            'the option to be checked')
        self.tab_to(lambda a: self.role(a) == 'push button' and a.name == 'Next', 'Next')
        self.press(KEY_RETURN)

        # The terms come before any commitment: the price and the conditions are read.
        conditions = rec['quote']['conditions']
        wait_for(lambda: self.find(dialog, lambda a: self.role(a) == 'label' and
                                   conditions in self.text_of(a)),
                 'the quote conditions on the terms page')
        log('the terms read: %s' % conditions)
        self.tab_to(lambda a: self.role(a) == 'push button' and a.name == 'Next', 'Next')
        self.press(KEY_RETURN)

        # The page opens in its first field (an entry row never reports FOCUSED, so
        # what is typed is read back through its Text interface).
        name = 'Dana Whitfield'
        field = wait_for(lambda: self.find(dialog, lambda a: self.role(a) == 'text' and
                                           a.name == 'Your name'), 'the field "Your name"')
        self.type_text(name)
        wait_for(lambda: self.text_of(field) == name, 'the typed name in its field')
        self.tab_to(lambda a: self.role(a) == 'push button' and a.name == 'Next', 'Next')
        self.press(KEY_RETURN)

        # Signing is optional and last: the keyboard accepts without it.
        self.finish_dialog(window, dialog, 'Accept Without Signing', 'Accepted')
        self.check_decided(window, rec, 'Accepted', 'Accepted')
        self.decisions.append(('accept', rec, (rec['options'][-1]['id'], name)))

    def check_decided(self, window, rec, status, focus_name):
        """The page shows the new status, and the focus is on @focus_name, not lost."""
        try:
            wait_for(lambda: self.find(window, lambda a: self.role(a) == 'label' and
                                       a.name == status), 'the status "%s" on the page' % status)
        except TestFailure:
            log('labels: ' + ' | '.join(a.name for a in self.find_all(
                window, lambda a: self.role(a) in ('label', 'heading', 'push button'))))
            raise
        focus = wait_for(lambda: self.focused() if (self.focused() is not None and
                                                    self.focused().name == focus_name) else None,
                         'the focus on "%s"' % focus_name)
        self.check_focus_visible(focus, window)
        log('"%s" is now "%s", and the focus is on %s'
            % (rec['title'], status, self.describe(focus)))
        return focus

    def check_office_answer(self, window, rec, state, focus):
        """When the office's answer comes in, the visit is refreshed on screen: the
        recommendation stays shown and the focus stays where it was."""
        # The kiosk pulls the changed visit on its next periodic run, up to a minute
        # after the decision. It saves what the office sends, then shows it, in one go:
        # once the store has the answer, so has the screen.
        wait_for(lambda: self.office_says(rec) == state,
                 'the office to answer with the visit where "%s" is %s' % (rec['title'], state),
                 polls=OFFICE_POLLS)
        now = self.focused()
        check(now is not None and self.same(now, focus),
              'when the office answered, the focus went from %s to %s'
              % (self.describe(focus), self.describe(now)))
        check(self.find(window, lambda a: self.role(a) == 'heading' and
                        a.name == rec['title']) is not None,
              'when the office answered, "%s" was no longer shown' % rec['title'])
        log('the office answered, and the focus stayed on %s' % self.describe(now))

    def office_says(self, rec):
        """The status of @rec in the visit the app last pulled from the office."""
        if not os.path.exists(self.store):
            return None
        db = sqlite3.connect('file:%s?mode=ro' % self.store, uri=True, timeout=10)
        try:
            row = db.execute('SELECT body FROM visits WHERE id = ?',
                             (rec['visit_id'],)).fetchone()
        finally:
            db.close()
        if row is None:
            return None
        for pulled in json.loads(row[0]).get('recommendations', []):
            if pulled['id'] == rec['id']:
                return pulled.get('status')
        return None


def check_outbox(path, decisions):
    """Each decision made on screen is a row of the outbox, pending or already sent."""
    check(os.path.exists(path), 'no kiosk store at ' + path)
    db = sqlite3.connect('file:%s?mode=ro' % path, uri=True)
    rows = db.execute('SELECT action, recommendation_id, visit_id, state, body FROM outbox '
                      'ORDER BY created_at').fetchall()
    db.close()
    log('outbox: ' + '; '.join('%s %s %s' % (r[0], r[1], r[3]) for r in rows))
    check(len(rows) == len(decisions), 'the outbox holds %d rows, not %d'
          % (len(rows), len(decisions)))
    for (action, rec, detail), row in zip(decisions, rows):
        check(row[0] == action, 'the outbox row is a %s, not a %s' % (row[0], action))
        check(row[1] == rec['id'], 'the %s is for %s, not %s' % (action, row[1], rec['id']))
        check(row[2] == rec['visit_id'], 'the %s names visit %s, not %s'
              % (action, row[2], rec['visit_id']))
        check(row[3] in ('pending', 'sent'), 'the %s is %s' % (action, row[3]))
        body = json.loads(row[4])
        if action == 'decline':
            check(body.get('reason') == detail, 'the reason sent is "%s"' % body.get('reason'))
        elif action == 'accept':
            check(body.get('option_id') == detail[0], 'the option sent is "%s"'
                  % body.get('option_id'))
            check((body.get('decided_by') or {}).get('name') == detail[1],
                  'the name sent is "%s"' % (body.get('decided_by') or {}).get('name'))
            check(body.get('signature') is None, 'a signature was sent, none was drawn')
        else:
            check((body.get('call') or {}).get('phone') == detail,
                  'the phone sent is "%s"' % (body.get('call') or {}).get('phone'))


if __name__ == '__main__':
    # Killed on a timeout, still stop our Xvfb and the app (the finally blocks).
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit('not ok - terminated'))
    try:
        main()
    except TestFailure as error:
        print('not ok - ' + str(error), flush=True)
        sys.exit(1)
