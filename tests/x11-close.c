/* SPDX-License-Identifier: GPL-3.0-or-later */

/* x11-close PID: asks every top-level window of process PID on $DISPLAY to close, as a
 * window manager does when its close button is pressed (ICCCM WM_DELETE_WINDOW), and
 * prints how many it asked. For the kiosk test under cage's Xwayland: cage itself
 * never asks a window to close. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>

static Atom net_wm_pid, wm_protocols, wm_delete_window;

static int
has_pid (Display *display,
         Window   window,
         long     pid)
{
  Atom type;
  int format;
  unsigned long n, after;
  unsigned char *data = NULL;
  int found = 0;

  if (XGetWindowProperty (display, window, net_wm_pid, 0, 1, False, XA_CARDINAL, &type,
                          &format, &n, &after, &data) == Success &&
      data != NULL && n == 1 && format == 32)
    found = *(unsigned long *) data == (unsigned long) pid;

  if (data != NULL)
    XFree (data);
  return found;
}

static int
takes_delete (Display *display,
              Window   window)
{
  Atom *protocols = NULL;
  int n = 0, found = 0;

  if (XGetWMProtocols (display, window, &protocols, &n))
    for (int i = 0; i < n; i++)
      found |= protocols[i] == wm_delete_window;

  if (protocols != NULL)
    XFree (protocols);
  return found;
}

static int
close_windows (Display *display,
               Window   window,
               long     pid)
{
  Window root, parent, *children = NULL;
  unsigned int n = 0;
  int sent = 0;

  if (has_pid (display, window, pid) && takes_delete (display, window))
    {
      XEvent event;

      memset (&event, 0, sizeof event);
      event.xclient.type = ClientMessage;
      event.xclient.window = window;
      event.xclient.message_type = wm_protocols;
      event.xclient.format = 32;
      event.xclient.data.l[0] = (long) wm_delete_window;
      event.xclient.data.l[1] = CurrentTime;
      XSendEvent (display, window, False, NoEventMask, &event);
      printf ("x11-close: asked window 0x%lx to close\n", window);
      sent++;
    }

  if (XQueryTree (display, window, &root, &parent, &children, &n))
    {
      for (unsigned int i = 0; i < n; i++)
        sent += close_windows (display, children[i], pid);
      if (children != NULL)
        XFree (children);
    }

  return sent;
}

int
main (int   argc,
      char *argv[])
{
  Display *display;
  long pid;
  int sent;

  if (argc != 2 || (pid = strtol (argv[1], NULL, 10)) <= 0)
    {
      fprintf (stderr, "Usage: x11-close PID\n");
      return 2;
    }

  display = XOpenDisplay (NULL);
  if (display == NULL)
    {
      fprintf (stderr, "x11-close: cannot open display %s\n", getenv ("DISPLAY"));
      return 2;
    }

  net_wm_pid = XInternAtom (display, "_NET_WM_PID", False);
  wm_protocols = XInternAtom (display, "WM_PROTOCOLS", False);
  wm_delete_window = XInternAtom (display, "WM_DELETE_WINDOW", False);

  sent = close_windows (display, DefaultRootWindow (display), pid);
  XSync (display, False);
  XCloseDisplay (display);

  printf ("x11-close: %d window(s) asked to close\n", sent);
  return sent > 0 ? 0 : 1;
}
