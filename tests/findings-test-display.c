/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-test"

#include "config.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "findings-test-display.h"

static GPid xvfb_pid;

/* Each display test starts its own X server, so tests can run in parallel and never
 * touch the developer's session. -displayfd lets Xvfb pick a free display number. */
void
findings_test_start_xvfb (int width,
                          int height)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *screen = g_strdup_printf ("%dx%dx24", width, height);
  g_autofree char *fd_arg = NULL;
  char buffer[32] = { 0 };
  int fds[2];
  ssize_t n;

  g_assert_no_errno (pipe (fds));
  fd_arg = g_strdup_printf ("%d", fds[1]);

  {
    const char *argv[] = {
      "Xvfb", "-displayfd", fd_arg, "-screen", "0", screen,
      "-nolisten", "tcp", "-noreset", NULL
    };
    GSpawnFlags flags = G_SPAWN_SEARCH_PATH | G_SPAWN_LEAVE_DESCRIPTORS_OPEN |
                        G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                        G_SPAWN_STDERR_TO_DEV_NULL;

    if (!g_spawn_async (NULL, (char **) argv, NULL, flags, NULL, NULL, &xvfb_pid, &error))
      g_error ("Could not start Xvfb: %s", error->message);
  }

  close (fds[1]);
  n = read (fds[0], buffer, sizeof buffer - 1);
  close (fds[0]);
  if (n <= 0)
    g_error ("Xvfb did not report a display");
  g_strchomp (buffer);

  {
    g_autofree char *display = g_strdup_printf (":%s", buffer);

    g_setenv ("DISPLAY", display, TRUE);
  }
  g_unsetenv ("WAYLAND_DISPLAY");
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
}

void
findings_test_stop_xvfb (void)
{
  if (xvfb_pid <= 0)
    return;

  kill (xvfb_pid, SIGTERM);
  waitpid (xvfb_pid, NULL, 0);
  g_spawn_close_pid (xvfb_pid);
  xvfb_pid = 0;
}

/* Lets the main loop run (layout, frames, async loads) until @condition holds. A
 * generous bound on iterations stops a broken build from hanging forever; it is not
 * a timing assertion. */
gboolean
findings_test_wait_for (gboolean (*condition) (gpointer data),
                        gpointer   data)
{
  for (guint i = 0; i < 40000; i++)
    {
      if (condition (data))
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      if (!g_main_context_pending (NULL))
        g_usleep (1000);
    }

  return condition (data);
}

static gboolean
never (gpointer data)
{
  guint *count = data;

  return ++(*count) > 300;
}

void
findings_test_settle (void)
{
  guint count = 0;

  /* A few hundred turns of the loop let list views lay out and map their rows. */
  findings_test_wait_for (never, &count);
}

static void
collect (GtkWidget *widget,
         GPtrArray *labels)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (labels, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, labels);
}

GPtrArray *
findings_test_collect_labels (GtkWidget *root)
{
  GPtrArray *labels = g_ptr_array_new ();

  collect (root, labels);
  return labels;
}

GtkLabel *
findings_test_find_label (GtkWidget  *root,
                          const char *text)
{
  g_autoptr(GPtrArray) labels = findings_test_collect_labels (root);

  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);

      if (strstr (gtk_label_get_text (label), text) != NULL)
        return label;
    }

  return NULL;
}

gboolean
findings_test_has_label (GtkWidget  *root,
                         const char *text)
{
  return findings_test_find_label (root, text) != NULL;
}

void
findings_test_assert_label (GtkWidget  *root,
                            const char *text)
{
  if (!findings_test_has_label (root, text))
    {
      g_autoptr(GPtrArray) labels = findings_test_collect_labels (root);

      for (guint i = 0; i < labels->len; i++)
        g_printerr ("  shown: %s\n", gtk_label_get_text (g_ptr_array_index (labels, i)));
      g_error ("Expected a label showing “%s”", text);
    }
}

GtkWidget *
findings_test_find_widget (GtkWidget *root,
                           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = findings_test_find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The first mapped button whose label, or else icon name, is @name. */
static GtkButton *
find_button_by (GtkWidget   *widget,
                const char *(*property) (GtkButton *button),
                const char  *name)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (property (GTK_BUTTON (widget)), name) == 0)
    return GTK_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *found = find_button_by (child, property, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkButton *
find_button (GtkWidget  *widget,
             const char *label)
{
  return find_button_by (widget, gtk_button_get_label, label);
}

/* A button showing only an icon, such as a keyboard's Delete key. */
GtkButton *
findings_test_find_icon_button (GtkWidget  *root,
                                const char *icon_name)
{
  return find_button_by (root, gtk_button_get_icon_name, icon_name);
}

GtkButton *
findings_test_find_button (GtkWidget  *root,
                           const char *label)
{
  return find_button (root, label);
}

typedef struct
{
  GtkWidget  *root;
  const char *label;
} ButtonWait;

static gboolean
button_ready (gpointer data)
{
  ButtonWait *wait = data;
  GtkButton *button = find_button (wait->root, wait->label);

  return button != NULL && gtk_widget_is_sensitive (GTK_WIDGET (button));
}

/* Clicks the mapped, sensitive button with that exact label, as a person would. */
void
findings_test_click (GtkWidget  *root,
                     const char *label)
{
  ButtonWait wait = { root, label };

  if (!findings_test_wait_for (button_ready, &wait))
    g_error ("No button “%s” to click", label);

  g_signal_emit_by_name (find_button (root, label), "clicked");
}

/* The application's open window of @type, such as a decision dialog. */
GtkWidget *
findings_test_find_window (GtkApplication *app,
                           GType           type)
{
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;

  return NULL;
}

static GtkWidget *
find_entry_row (GtkWidget  *widget,
                const char *title)
{
  if (ADW_IS_ENTRY_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_entry_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The entry row with that title; a test without it fails here, saying which. */
GtkWidget *
findings_test_find_entry_row (GtkWidget  *root,
                              const char *title)
{
  GtkWidget *row = find_entry_row (root, title);

  if (row == NULL)
    g_error ("No field “%s”", title);

  return row;
}

/* Types into the entry row with that title, as a person would fill a field. */
void
findings_test_set_entry_row (GtkWidget  *root,
                             const char *title,
                             const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (findings_test_find_entry_row (root, title)), text);
}

void
findings_test_save_screenshot (GtkWidget  *widget,
                               const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_save_to_png (texture, path);
}

/* When FINDINGS_SCREENSHOT_DIR names a folder, saves @widget there as
 * @name@suffix.png once it has settled; otherwise does nothing. */
void
findings_test_shoot (GtkWidget  *widget,
                     const char *name,
                     const char *suffix)
{
  const char *dir = g_getenv ("FINDINGS_SCREENSHOT_DIR");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;

  findings_test_settle ();
  file = g_strdup_printf ("%s%s.png", name, suffix);
  path = g_build_filename (dir, file, NULL);
  findings_test_save_screenshot (widget, path);
}
