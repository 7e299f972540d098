/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-application"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-application.h"
#include "findings-demo-office.h"
#include "findings-resources.h"
#include "findings-store.h"
#include "findings-sync.h"
#include "findings-visit.h"
#include "findings-visit-parser.h"
#include "findings-watchdog.h"
#include "findings-window.h"

struct _FindingsApplication
{
  AdwApplication   parent_instance;

  GListStore         *visits;
  char              **problems;
  GCancellable       *cancellable;
  FindingsStore      *store;
  FindingsSync       *sync;
  FindingsDemoOffice *demo_office;
  char               *sync_status;
  char               *work_dir;
  guint               watchdog_source;

  /* Decision id → the status its recommendation had before, to put back if the
   * office refuses the decision. */
  GHashTable         *previous_status;

  guint               loading : 1;
  guint               demo : 1;
  guint               kiosk : 1;
};

G_DEFINE_FINAL_TYPE (FindingsApplication, findings_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_PROBLEMS,
  PROP_SYNC_STATUS,
  N_PROPS
};

enum {
  DELIVERY_CHANGED,
  PHOTO_ARRIVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the demonstration visits, with no office needed"), NULL },
  { "kiosk", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run full screen as a public kiosk"), NULL },
  { "sync-once", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Fetch visits and send saved decisions once, without a window, then exit"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

GFile *
findings_application_dup_data_dir (void)
{
  const char *dir = g_getenv ("FINDINGS_DATA_DIR");

  /* Set by `meson devenv` and the tests, so an uninstalled build finds its data. */
  if (dir != NULL && *dir != '\0')
    return g_file_new_for_path (dir);

  return g_file_new_for_path (PKGDATADIR);
}

static void
set_loading (FindingsApplication *self,
             gboolean             loading)
{
  if (self->loading == !!loading)
    return;

  self->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* The office's address is a setting; its token is a secret kept in a file only the
 * user can read (or, for scripts and tests, the environment). */
static gboolean
findings_application_dup_office (char **url,
                                 char **token)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *token_path = NULL;
  g_autofree char *contents = NULL;

  *url = g_strdup (g_getenv ("FINDINGS_OFFICE_URL"));
  if (*url == NULL && source != NULL &&
      (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)) != NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new_full (schema, NULL, NULL);

      *url = g_settings_get_string (settings, "office-url");
    }

  if (*url == NULL || **url == '\0')
    {
      g_clear_pointer (url, g_free);
      return FALSE;
    }

  *token = g_strdup (g_getenv ("FINDINGS_OFFICE_TOKEN"));
  if (*token == NULL)
    {
      token_path = g_build_filename (g_get_user_config_dir (), "findings", "office-token", NULL);
      if (g_file_get_contents (token_path, &contents, NULL, NULL))
        *token = g_strdup (g_strstrip (contents));
    }

  return TRUE;
}

static void
set_problems (FindingsApplication *self,
              char               **problems)
{
  for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
    g_warning ("%s", problems[i]);

  g_clear_pointer (&self->problems, g_strfreev);
  self->problems = problems;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEMS]);
}

static void
set_sync_status (FindingsApplication *self,
                 const char          *status)
{
  if (g_strcmp0 (self->sync_status, status) == 0)
    return;

  g_free (self->sync_status);
  self->sync_status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_STATUS]);
}

static guint
find_visit (FindingsApplication *self,
            const char          *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->visits));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FindingsVisit) visit = g_list_model_get_item (G_LIST_MODEL (self->visits), i);

      if (g_strcmp0 (findings_visit_get_id (visit), id) == 0)
        return i;
    }

  return G_MAXUINT;
}

static FindingsRecommendation *
find_recommendation (FindingsApplication *self,
                     const char          *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->visits));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FindingsVisit) visit = g_list_model_get_item (G_LIST_MODEL (self->visits), i);
      FindingsRecommendation *rec = findings_visit_find_recommendation (visit, id);

      if (rec != NULL)
        return rec;
    }

  return NULL;
}

/* A visit that changed at the office replaces the one shown, in place. */
static void
merge_visits (FindingsApplication *self,
              GPtrArray           *visits)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new ();

  for (guint i = 0; i < visits->len; i++)
    {
      FindingsVisit *visit = g_ptr_array_index (visits, i);
      guint position = find_visit (self, findings_visit_get_id (visit));

      if (position != G_MAXUINT)
        g_list_store_splice (self->visits, position, 1, (gpointer *) &visit, 1);
      else
        g_ptr_array_add (added, visit);
    }

  g_list_store_splice (self->visits, g_list_model_get_n_items (G_LIST_MODEL (self->visits)), 0,
                       added->pdata, added->len);
}

static void
sync_visits_changed_cb (FindingsApplication *self,
                        GPtrArray           *visits)
{
  merge_visits (self, visits);
}

static void
sync_photo_stored_cb (FindingsApplication *self,
                      const char          *photo_id)
{
  g_signal_emit (self, signals[PHOTO_ARRIVED], 0, photo_id);
}

static void
sync_decision_answered_cb (FindingsApplication *self,
                           const char          *decision_id,
                           const char          *recommendation_id,
                           const char          *status,
                           JsonNode            *follow_up)
{
  FindingsRecommendation *rec = find_recommendation (self, recommendation_id);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  g_hash_table_remove (self->previous_status, decision_id);

  if (rec != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, status);
      json_builder_set_member_name (builder, "follow_up");
      json_builder_add_value (builder, follow_up != NULL ? json_node_copy (follow_up)
                                                         : json_node_new (JSON_NODE_NULL));
      json_builder_end_object (builder);
      answer = json_builder_get_root (builder);

      if (!findings_recommendation_apply_answer (rec, answer, &error))
        g_warning ("The office's answer for %s was not understood: %s",
                   recommendation_id, error->message);
    }

  g_signal_emit (self, signals[DELIVERY_CHANGED], 0, recommendation_id);
}

static void
sync_decision_refused_cb (FindingsApplication *self,
                          const char          *decision_id,
                          const char          *recommendation_id,
                          const char          *problem_type,
                          const char          *detail)
{
  FindingsRecommendation *rec = find_recommendation (self, recommendation_id);
  gpointer previous;

  /* The office said no: show the status it really has, and say why. */
  if (rec != NULL && g_hash_table_lookup_extended (self->previous_status, decision_id, NULL,
                                                   &previous))
    findings_recommendation_set_status (rec, GPOINTER_TO_INT (previous));
  g_hash_table_remove (self->previous_status, decision_id);

  g_signal_emit (self, signals[DELIVERY_CHANGED], 0, recommendation_id);
}

static void
sync_state_changed_cb (FindingsApplication *self)
{
  g_autofree char *status = findings_sync_describe_state (self->sync);
  FindingsSyncState state = findings_sync_get_state (self->sync);

  set_sync_status (self, status);

  /* The first run, visits and photos, is over (whatever its outcome). */
  if (state != FINDINGS_SYNC_STATE_SYNCING && self->loading)
    set_loading (self, FALSE);
}

static void
setup_sync (FindingsApplication *self,
            const char          *url,
            const char          *token)
{
  g_autoptr(GError) error = NULL;

  if (!findings_sync_check_url (url, &error))
    {
      char **problems = g_new0 (char *, 2);

      problems[0] = g_strdup_printf (_("The office address is not usable: %s"), error->message);
      set_problems (self, problems);
      return;
    }

  self->sync = findings_sync_new (self->store, url, token);
  g_signal_connect_object (self->sync, "visits-changed", G_CALLBACK (sync_visits_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "photo-stored", G_CALLBACK (sync_photo_stored_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "decision-answered",
                           G_CALLBACK (sync_decision_answered_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "decision-refused",
                           G_CALLBACK (sync_decision_refused_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::state", G_CALLBACK (sync_state_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::n-pending", G_CALLBACK (sync_state_changed_cb),
                           self, G_CONNECT_SWAPPED);
  findings_sync_start (self->sync);
  sync_state_changed_cb (self);
}

static char *
dup_store_path (FindingsApplication *self)
{
  if (self->work_dir != NULL)
    return g_build_filename (self->work_dir, "kiosk.db", NULL);

  return g_build_filename (g_get_user_data_dir (), "findings", "findings.db", NULL);
}

static gboolean
open_store (FindingsApplication *self)
{
  g_autofree char *path = dup_store_path (self);
  g_autoptr(GError) error = NULL;

  self->store = findings_store_open (path, &error);
  if (self->store == NULL)
    {
      char **problems = g_new0 (char *, 2);

      problems[0] = g_strdup (error->message);
      set_problems (self, problems);
      return FALSE;
    }

  return TRUE;
}

static void
demo_office_started_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(FindingsApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  self->demo_office = findings_demo_office_start_finish (result, &error);
  if (self->demo_office == NULL)
    {
      char **problems = g_new0 (char *, 2);

      problems[0] = g_strdup_printf (_("The demonstration office could not start: %s"),
                                     error->message);
      set_problems (self, problems);
      set_loading (self, FALSE);
      return;
    }

  if (!open_store (self))
    {
      set_loading (self, FALSE);
      return;
    }

  setup_sync (self, findings_demo_office_get_url (self->demo_office),
              findings_demo_office_get_token (self->demo_office));
}

typedef struct
{
  GPtrArray  *visits;
  char      **problems;
} CachedVisits;

static void
cached_visits_free (gpointer data)
{
  CachedVisits *cached = data;

  g_clear_pointer (&cached->visits, g_ptr_array_unref);
  g_clear_pointer (&cached->problems, g_strfreev);
  g_free (cached);
}

static void
load_cache_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  FindingsStore *store = task_data;
  g_autoptr(GStrvBuilder) problems = g_strv_builder_new ();
  g_autoptr(GPtrArray) bodies = NULL;
  CachedVisits *cached = g_new0 (CachedVisits, 1);
  GError *error = NULL;

  cached->visits = g_ptr_array_new_with_free_func (g_object_unref);
  bodies = findings_store_load_visit_bodies (store, &error);
  if (bodies == NULL)
    {
      g_strv_builder_add (problems, error->message);
      g_clear_error (&error);
    }

  for (guint i = 0; bodies != NULL && i < bodies->len; i++)
    {
      FindingsVisit *visit = findings_visit_parse_bytes (g_ptr_array_index (bodies, i), &error);

      if (visit != NULL)
        g_ptr_array_add (cached->visits, visit);
      else
        {
          g_strv_builder_add (problems, error->message);
          g_clear_error (&error);
        }
    }

  cached->problems = g_strv_builder_end (problems);
  g_task_return_pointer (task, cached, cached_visits_free);
}

static void
cache_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FindingsApplication *self = FINDINGS_APPLICATION (object);
  CachedVisits *cached = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;

  if (cached == NULL)
    return;

  merge_visits (self, cached->visits);
  if (cached->problems != NULL && cached->problems[0] != NULL)
    set_problems (self, g_steal_pointer (&cached->problems));
  cached_visits_free (cached);
  set_loading (self, FALSE);

  if (findings_application_dup_office (&url, &token))
    setup_sync (self, url, token);
  else
    set_sync_status (self, _("Not connected to an office"));
}

/* The visits of the last sync are on this device, so the app opens and works with
 * the network down; the office is asked for news afterwards. */
static void
start_loading (FindingsApplication *self)
{
  g_autoptr(GTask) task = NULL;

  set_loading (self, TRUE);

  if (self->demo)
    {
      g_autoptr(GFile) data_dir = findings_application_dup_data_dir ();
      g_autoptr(GFile) demo_dir = g_file_get_child (data_dir, "demo");
      g_autoptr(GError) error = NULL;

      /* A fresh office and kiosk store each time; tests may name the folder. */
      if (g_getenv ("FINDINGS_WORK_DIR") != NULL)
        self->work_dir = g_strdup (g_getenv ("FINDINGS_WORK_DIR"));
      else
        self->work_dir = g_dir_make_tmp ("findings-demo-XXXXXX", &error);
      if (self->work_dir == NULL)
        g_error ("No temporary folder for the demonstration: %s", error->message);

      findings_demo_office_start_async (demo_dir, self->work_dir, self->cancellable,
                                        demo_office_started_cb, g_object_ref (self));
      return;
    }

  if (!open_store (self))
    {
      set_loading (self, FALSE);
      return;
    }

  task = g_task_new (self, self->cancellable, cache_loaded_cb, NULL);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, load_cache_thread);
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

typedef struct
{
  gboolean            done;
  FindingsSyncReport *report;
  GError             *error;
} SyncOnce;

static void
sync_once_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncOnce *state = user_data;

  findings_sync_run_finish (FINDINGS_SYNC (object), result, &state->report, &state->error);
  state->done = TRUE;
}

static void
print_report (const FindingsSyncReport *report)
{
  g_print (_("Visits: %u received, %u set aside\n"), report->visits_pulled,
           report->visits_rejected);
  g_print (_("Photos: %u received, %u set aside\n"), report->photos_fetched,
           report->photos_rejected);
  g_print (_("Decisions: %u sent, %u refused by the office, %u still waiting\n"),
           report->decisions_sent, report->decisions_refused, report->decisions_waiting);

  for (guint i = 0; report->problems != NULL && i < report->problems->len; i++)
    g_print ("  %s\n", (const char *) g_ptr_array_index (report->problems, i));

  for (guint i = 0; report->outcomes != NULL && i < report->outcomes->len; i++)
    {
      FindingsSyncOutcome *outcome = g_ptr_array_index (report->outcomes, i);

      if (outcome->kind == FINDINGS_SYNC_OUTCOME_REFUSED)
        g_print (_("  Refused: %s on %s: %s\n"), outcome->decision_id,
                 outcome->recommendation_id, outcome->problem_type);
      else if (outcome->kind == FINDINGS_SYNC_OUTCOME_WAITING)
        g_print (_("  Waiting: %s on %s: %s\n"), outcome->decision_id,
                 outcome->recommendation_id, outcome->detail != NULL ? outcome->detail : "");
    }
}

/* `findings --sync-once`, for installers and scripts: one pull and one push, what
 * happened on standard output, and a non-zero exit when something did not go. */
static int
run_sync_once (FindingsApplication *self)
{
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autoptr(FindingsSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  SyncOnce state = { FALSE, NULL, NULL };

  if (!findings_application_dup_office (&url, &token))
    {
      g_printerr (_("No office is set up on this device. Set the office address "
                    "(app.findings.Findings office-url) and its token first.\n"));
      return 2;
    }

  if (!open_store (self))
    {
      g_printerr ("%s\n", self->problems[0]);
      return 1;
    }

  if (!findings_sync_check_url (url, &error))
    {
      g_printerr (_("The office address is not usable: %s\n"), error->message);
      return 2;
    }

  self->sync = findings_sync_new (self->store, url, token);
  findings_sync_run_async (self->sync, NULL, sync_once_cb, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);

  report = state.report;
  error = state.error;
  if (error != NULL)
    {
      g_printerr (_("Sync failed: %s\n"), error->message);
      return 1;
    }

  print_report (report);
  return report->visits_rejected > 0 || report->photos_rejected > 0 ||
         (report->decisions_waiting > 0 && findings_sync_get_last_error (self->sync) != NULL);
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
    return run_sync_once (self);

  return -1;
}

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
  if (self->sync != NULL)
    findings_sync_stop (self->sync);
  if (self->demo_office != NULL)
    findings_demo_office_stop (self->demo_office);

  G_APPLICATION_CLASS (findings_application_parent_class)->shutdown (app);
}

static void
findings_application_dispose (GObject *object)
{
  FindingsApplication *self = FINDINGS_APPLICATION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->sync);
  g_clear_object (&self->demo_office);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (findings_application_parent_class)->dispose (object);
}

static void
findings_application_finalize (GObject *object)
{
  FindingsApplication *self = FINDINGS_APPLICATION (object);

  g_clear_object (&self->visits);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->problems, g_strfreev);
  g_clear_pointer (&self->sync_status, g_free);
  g_clear_pointer (&self->work_dir, g_free);
  g_clear_pointer (&self->previous_status, g_hash_table_unref);

  G_OBJECT_CLASS (findings_application_parent_class)->finalize (object);
}

static void
findings_application_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  FindingsApplication *self = FINDINGS_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_PROBLEMS:
      g_value_set_boxed (value, self->problems);
      break;

    case PROP_SYNC_STATUS:
      g_value_set_string (value, self->sync_status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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
  object_class->get_property = findings_application_get_property;

  app_class->handle_local_options = findings_application_handle_local_options;
  app_class->startup = findings_application_startup;
  app_class->activate = findings_application_activate;
  app_class->shutdown = findings_application_shutdown;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEMS] =
    g_param_spec_boxed ("problems", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_SYNC_STATUS] =
    g_param_spec_string ("sync-status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A recommendation's decision was stored, sent, answered or refused. */
  signals[DELIVERY_CHANGED] =
    g_signal_new ("delivery-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /* A photo's id: its bytes are on this device now, for a page shown without it. */
  signals[PHOTO_ARRIVED] =
    g_signal_new ("photo-arrived",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
findings_application_init (FindingsApplication *self)
{
  self->visits = g_list_store_new (FINDINGS_TYPE_VISIT);
  self->cancellable = g_cancellable_new ();
  self->previous_status = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

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

GListModel *
findings_application_get_visits (FindingsApplication *self)
{
  g_return_val_if_fail (FINDINGS_IS_APPLICATION (self), NULL);

  return G_LIST_MODEL (self->visits);
}

gboolean
findings_application_get_loading (FindingsApplication *self)
{
  g_return_val_if_fail (FINDINGS_IS_APPLICATION (self), FALSE);

  return self->loading;
}

const char * const *
findings_application_get_problems (FindingsApplication *self)
{
  g_return_val_if_fail (FINDINGS_IS_APPLICATION (self), NULL);

  return (const char * const *) self->problems;
}

gboolean
findings_application_get_kiosk (FindingsApplication *self)
{
  g_return_val_if_fail (FINDINGS_IS_APPLICATION (self), FALSE);

  return self->kiosk;
}

gboolean
findings_application_get_demo (FindingsApplication *self)
{
  g_return_val_if_fail (FINDINGS_IS_APPLICATION (self), FALSE);

  return self->demo;
}

/* Whether this device sends and receives with an office (the demo's included). */
gboolean
findings_application_has_office (FindingsApplication *self)
{
  g_return_val_if_fail (FINDINGS_IS_APPLICATION (self), FALSE);

  return self->sync != NULL;
}

const char *
findings_application_get_sync_status (FindingsApplication *self)
{
  g_return_val_if_fail (FINDINGS_IS_APPLICATION (self), NULL);

  return self->sync_status;
}

const char *
findings_application_get_office_db_path (FindingsApplication *self)
{
  g_return_val_if_fail (FINDINGS_IS_APPLICATION (self), NULL);

  return self->demo_office != NULL ? findings_demo_office_get_db_path (self->demo_office) : NULL;
}

typedef struct
{
  FindingsRecommendation *recommendation;
  char                   *decision_id;
  FindingsStatus          expected;
} RecordData;

static void
record_data_free (gpointer data)
{
  RecordData *record = data;

  g_clear_object (&record->recommendation);
  g_free (record->decision_id);
  g_free (record);
}

static FindingsStatus
expected_status (FindingsAction action)
{
  switch (action)
    {
    case FINDINGS_ACTION_ACCEPT:       return FINDINGS_STATUS_ACCEPTED;
    case FINDINGS_ACTION_DECLINE:      return FINDINGS_STATUS_DECLINED;
    case FINDINGS_ACTION_REQUEST_CALL: return FINDINGS_STATUS_CALL_REQUESTED;
    default:                           g_return_val_if_reached (FINDINGS_STATUS_OPEN);
    }
}

static void
decision_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FindingsApplication *self = g_task_get_source_object (task);
  RecordData *record = g_task_get_task_data (task);
  GError *error = NULL;

  if (!findings_store_add_decision_finish (FINDINGS_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Committed on this device: only now may the screen say it is saved. */
  g_hash_table_insert (self->previous_status, g_strdup (record->decision_id),
                       GINT_TO_POINTER (findings_recommendation_get_status (record->recommendation)));
  findings_recommendation_set_status (record->recommendation, record->expected);
  g_signal_emit (self, signals[DELIVERY_CHANGED], 0,
                 findings_recommendation_get_id (record->recommendation));

  if (self->sync != NULL)
    findings_sync_kick (self->sync);

  g_task_return_boolean (task, TRUE);
}

void
findings_application_record_decision_async (FindingsApplication    *self,
                                            FindingsDecision       *decision,
                                            FindingsRecommendation *recommendation,
                                            GCancellable           *cancellable,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *kiosk_id = NULL;
  RecordData *record;

  g_return_if_fail (FINDINGS_IS_APPLICATION (self));
  g_return_if_fail (FINDINGS_IS_DECISION (decision));
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (recommendation));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, findings_application_record_decision_async);

  record = g_new0 (RecordData, 1);
  record->recommendation = g_object_ref (recommendation);
  record->decision_id = g_strdup (findings_decision_get_id (decision));
  record->expected = expected_status (findings_decision_get_action (decision));
  g_task_set_task_data (task, record, record_data_free);

  if (self->store == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("This device’s local storage is not available, so the "
                                 "decision could not be saved. Please tell the office."));
      return;
    }

  kiosk_id = g_strdup (self->demo ? "demo" : g_get_host_name ());
  findings_decision_set_kiosk_id (decision, kiosk_id);
  findings_decision_set_app_version (decision, PACKAGE_VERSION);

  findings_store_add_decision_async (self->store, decision, cancellable, decision_stored_cb,
                                     g_steal_pointer (&task));
}

gboolean
findings_application_record_decision_finish (FindingsApplication  *self,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static char *
describe_refusal (FindingsOutboxEntry *entry)
{
  const char *type = entry->problem_type;

  /* A refusal is explained in plain words, with what the customer can do next. */
  if (g_strcmp0 (type, "quote-expired") == 0)
    return g_strdup (_("The office could not accept this because the quote had expired. Ask "
                       "for a call and they will give you a fresh price."));
  if (g_strcmp0 (type, "already-accepted") == 0)
    return g_strdup (_("The office already has this work accepted, so nothing more was "
                       "needed."));
  if (g_strcmp0 (type, "withdrawn") == 0)
    return g_strdup (_("The office has withdrawn this recommendation, so it can no longer be "
                       "decided here. Call them if you have questions."));

  return g_strdup (_("The office could not take this decision. Please call them so nothing "
                     "is missed."));
}

char *
findings_application_describe_delivery (FindingsApplication     *self,
                                        FindingsRecommendation  *recommendation,
                                        const char             **style)
{
  g_autoptr(GPtrArray) entries = NULL;
  FindingsOutboxEntry *latest;

  g_return_val_if_fail (FINDINGS_IS_APPLICATION (self), NULL);

  *style = NULL;
  if (self->store == NULL)
    return NULL;

  entries = findings_store_list_for_recommendation (self->store,
                                                    findings_recommendation_get_id (recommendation));
  if (entries == NULL || entries->len == 0)
    return NULL;

  latest = g_ptr_array_index (entries, 0);
  switch (latest->state)
    {
    case FINDINGS_OUTBOX_STATE_PENDING:
      *style = "delivery-waiting";
      if (self->sync == NULL)
        return g_strdup (_("Saved on this device. It will be sent once this device is "
                           "connected to the office."));
      if (findings_sync_get_state (self->sync) == FINDINGS_SYNC_STATE_OFFLINE)
        return g_strdup (_("Saved on this device. It will be sent when the network is back."));
      return g_strdup (_("Saved on this device and being sent to the office."));

    case FINDINGS_OUTBOX_STATE_SENT:
      return g_strdup (_("The office has received your decision."));

    case FINDINGS_OUTBOX_STATE_REFUSED:
      *style = "delivery-refused";
      return describe_refusal (latest);

    default:
      g_return_val_if_reached (NULL);
    }
}

static void
load_photo_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  FindingsApplication *self = source_object;
  FindingsPhoto *photo = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *media_type = NULL;
  GdkTexture *texture;
  GError *error = NULL;

  if (self->store == NULL ||
      (bytes = findings_store_load_photo (self->store, findings_photo_get_id (photo),
                                          &media_type, &error)) == NULL)
    {
      if (error == NULL)
        error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("The photo is not on this device yet."));
      g_task_return_error (task, error);
      return;
    }

  /* Decoding takes long enough to stutter a scroll: it happens here, off the UI. */
  texture = gdk_texture_new_from_bytes (bytes, &error);
  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

void
findings_application_load_photo_async (FindingsApplication *self,
                                       FindingsPhoto       *photo,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FINDINGS_IS_APPLICATION (self));
  g_return_if_fail (FINDINGS_IS_PHOTO (photo));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, findings_application_load_photo_async);
  g_task_set_task_data (task, g_object_ref (photo), g_object_unref);
  g_task_run_in_thread (task, load_photo_thread);
}

GdkTexture *
findings_application_load_photo_finish (FindingsApplication  *self,
                                        GAsyncResult         *result,
                                        GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
