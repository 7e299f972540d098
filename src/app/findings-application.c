/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-application"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-application.h"
#include "findings-demo-office.h"
#include "findings-export-pdf.h"
#include "findings-office-config.h"
#include "findings-resources.h"
#include "findings-set-pin.h"
#include "findings-sync-once.h"
#include "findings-watchdog.h"
#include "findings-window.h"

/* Start-up, shut-down and the app's actions. What the app shows and records lives in
 * the session; the window and its pages reach it through
 * findings_application_get_session(). */
struct _FindingsApplication
{
  AdwApplication       parent_instance;

  FindingsSession     *session;
  FindingsPhotoLoader *photo_loader;
  FindingsDemoOffice  *demo_office;
  GCancellable        *cancellable;
  char                *work_dir;
  guint                watchdog_source;

  guint                demo : 1;
  guint                kiosk : 1;
};

G_DEFINE_FINAL_TYPE (FindingsApplication, findings_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the demonstration visits, with no office needed"), NULL },
  { "kiosk", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run full screen as a public kiosk"), NULL },
  { "set-technician-pin", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Set the PIN of technician mode, typed twice (or read from standard input), then exit"),
    NULL },
  { "sync-once", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Fetch visits and send saved decisions once, without a window, then exit"), NULL },
  { "export-pdf", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Write the report of a stored visit to FILE.pdf, without a window, then exit"),
    N_("VISIT_ID") },
  { "paper", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Paper for --export-pdf: a4 or letter (default: the locale's)"), N_("SIZE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, N_("[FILE.pdf]") },
  { NULL }
};

static gboolean
open_store (FindingsApplication *self,
            const char          *path)
{
  if (!findings_session_open_store (self->session, path))
    return FALSE;

  findings_photo_loader_set_store (self->photo_loader,
                                   findings_session_get_store (self->session));
  return TRUE;
}

static void
demo_office_started_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(FindingsApplication) self = user_data;
  g_autoptr(FindingsOfficeConfig) office = NULL;
  g_autoptr(GError) error = NULL;

  self->demo_office = findings_demo_office_start_finish (result, &error);
  if (self->demo_office == NULL)
    {
      g_autofree char *problem = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      problem = g_strdup_printf (_("The demonstration office could not start: %s"),
                                 error->message);
      findings_session_fail (self->session, problem);
      return;
    }

  office = findings_office_config_new (findings_demo_office_get_url (self->demo_office),
                                       findings_demo_office_get_token (self->demo_office));
  findings_session_connect (self->session, office);
}

static void
cache_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FindingsSession *session = FINDINGS_SESSION (object);
  g_autoptr(FindingsOfficeConfig) office = NULL;

  if (!findings_session_load_cache_finish (session, result, NULL))
    return;

  /* The cache is on screen: now the office may be asked for news. */
  office = findings_office_config_load ();
  findings_session_connect (session, office);
}

/* The visits of the last sync are on this device, so the app opens and works with
 * the network down; the office is asked for news afterwards. The demo instead starts
 * its own office, afresh, showing the documents that office is loaded with until the
 * first sync brings the office's own copies. */
static void
start_loading (FindingsApplication *self)
{
  g_autofree char *store_path = NULL;

  if (self->demo)
    {
      g_autoptr(GFile) data_dir = findings_office_config_dup_data_dir ();
      g_autoptr(GFile) demo_dir = g_file_get_child (data_dir, "demo");
      g_autoptr(GError) error = NULL;

      self->work_dir = findings_office_config_dup_demo_dir (&error);
      if (self->work_dir == NULL)
        g_error ("No temporary folder for the demonstration: %s", error->message);

      /* The visits its office is about to serve are shown while it starts, and a
       * decision made meanwhile waits in the outbox like any other. */
      store_path = g_build_filename (self->work_dir, "kiosk.db", NULL);
      if (!open_store (self, store_path))
        return;
      findings_session_load_documents_async (self->session, demo_dir, self->cancellable,
                                             NULL, NULL);

      findings_demo_office_start_async (demo_dir, self->work_dir, self->cancellable,
                                        demo_office_started_cb, g_object_ref (self));
      return;
    }

  store_path = findings_office_config_dup_store_path ();
  if (!open_store (self, store_path))
    return;

  findings_session_load_cache_async (self->session, self->cancellable, cache_loaded_cb, NULL);
}

static void
findings_application_about (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  FindingsApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "The Findings developers", NULL };

  adw_show_about_window (window,
                         "application-name", _("Findings"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Findings developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("See what the technician found, and decide what to do."),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
findings_application_quit (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  FindingsApplication *self = user_data;

  /* A kiosk never quits from the keyboard: that would show the desktop. */
  if (!self->kiosk)
    g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "about", findings_application_about },
  { "quit", findings_application_quit },
};

static void
disable_inspector (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  gtk_window_set_interactive_debugging (FALSE);

  if (source == NULL)
    return;

  schema = g_settings_schema_source_lookup (source, "org.gtk.gtk4.Settings.Debug", TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "enable-inspector-keybinding"))
    return;

  settings = g_settings_new_full (schema, NULL, NULL);
  g_settings_set_boolean (settings, "enable-inspector-keybinding", FALSE);
}

static int
findings_application_handle_local_options (GApplication *app,
                                           GVariantDict *options)
{
  FindingsApplication *self = FINDINGS_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  self->demo = g_variant_dict_contains (options, "demo");
  self->kiosk = g_variant_dict_contains (options, "kiosk");

  if (g_variant_dict_contains (options, "sync-once"))
    return findings_sync_once_run ();

  if (g_variant_dict_contains (options, "export-pdf"))
    {
      const char *visit_id = NULL, *paper = NULL;
      g_autofree const char **rest = NULL;

      g_variant_dict_lookup (options, "export-pdf", "&s", &visit_id);
      g_variant_dict_lookup (options, "paper", "&s", &paper);
      g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &rest);
      return findings_export_pdf_run (visit_id, rest != NULL && g_strv_length ((char **) rest) == 1 ?
                                      rest[0] : NULL, paper);
    }

  if (g_variant_dict_contains (options, "set-technician-pin"))
    return findings_set_pin_run ();

  return -1;
}

static void
findings_application_startup (GApplication *app)
{
  FindingsApplication *self = FINDINGS_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (findings_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  if (!self->kiosk)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  else
    disable_inspector ();

  /* Under systemd with WatchdogSec=, a hung main loop gets the kiosk restarted. */
  self->watchdog_source = findings_watchdog_start ();

  /* The office sees who decided: the demo's decisions are the demo's. */
  self->session = findings_session_new (self->demo ? "demo" : NULL);
  start_loading (self);
}

static void
findings_application_activate (GApplication *app)
{
  FindingsApplication *self = FINDINGS_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (findings_window_new (self));

  gtk_window_present (window);
}

static void
findings_application_shutdown (GApplication *app)
{
  FindingsApplication *self = FINDINGS_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->watchdog_source, g_source_remove);
  if (self->session != NULL)
    findings_session_stop (self->session);
  if (self->demo_office != NULL)
    findings_demo_office_stop (self->demo_office);

  G_APPLICATION_CLASS (findings_application_parent_class)->shutdown (app);
}

static void
findings_application_dispose (GObject *object)
{
  FindingsApplication *self = FINDINGS_APPLICATION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->demo_office);
  g_clear_object (&self->photo_loader);

  G_OBJECT_CLASS (findings_application_parent_class)->dispose (object);
}

static void
findings_application_finalize (GObject *object)
{
  FindingsApplication *self = FINDINGS_APPLICATION (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->work_dir, g_free);

  G_OBJECT_CLASS (findings_application_parent_class)->finalize (object);
}

static void
findings_application_class_init (FindingsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  /* The resources live in a static library shared with the tests: register them
   * by hand, as no linker keeps an unreferenced constructor. */
  findings_register_resource ();

  object_class->dispose = findings_application_dispose;
  object_class->finalize = findings_application_finalize;

  app_class->handle_local_options = findings_application_handle_local_options;
  app_class->startup = findings_application_startup;
  app_class->activate = findings_application_activate;
  app_class->shutdown = findings_application_shutdown;
}

static void
findings_application_init (FindingsApplication *self)
{
  self->cancellable = g_cancellable_new ();
  self->photo_loader = findings_photo_loader_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Review what the technician found on each "
                                              "service visit."));
}

FindingsApplication *
findings_application_new (void)
{
  return g_object_new (FINDINGS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/app/findings/Findings",
                       NULL);
}

/**
 * findings_application_get_session:
 *
 * Returns: (transfer none): the visits, the decisions and the sync, once started up
 */
FindingsSession *
findings_application_get_session (FindingsApplication *self)
{
  g_return_val_if_fail (FINDINGS_IS_APPLICATION (self), NULL);

  return self->session;
}

/**
 * findings_application_get_photo_loader:
 *
 * Returns: (transfer none): the loader of the photos in the session's store
 */
FindingsPhotoLoader *
findings_application_get_photo_loader (FindingsApplication *self)
{
  g_return_val_if_fail (FINDINGS_IS_APPLICATION (self), NULL);

  return self->photo_loader;
}

gboolean
findings_application_get_kiosk (FindingsApplication *self)
{
  g_return_val_if_fail (FINDINGS_IS_APPLICATION (self), FALSE);

  return self->kiosk;
}
