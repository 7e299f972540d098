/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-session"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-session.h"
#include "findings-session-private.h"
#include "findings-sync.h"
#include "findings-visit.h"
#include "findings-visit-parser.h"

/* What the app shows and does, without GTK: the store, the sync with the office, the
 * visits as a list model, and each decision from the tap to the office's answer. */
struct _FindingsSession
{
  GObject        parent_instance;

  GListStore    *visits;
  char         **problems;
  FindingsStore *store;
  FindingsSync  *sync;
  gboolean       office_problem;   /* problems holds why the office was not connected */
  char          *sync_status;
  char          *kiosk_id;

  /* Decision id → the status its recommendation had before, to put back if the
   * office refuses the decision. */
  GHashTable    *previous_status;

  guint          loading : 1;
};

G_DEFINE_FINAL_TYPE (FindingsSession, findings_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIOSK_ID,
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

typedef struct
{
  GPtrArray  *visits;
  char      **problems;
} CachedVisits;

typedef struct
{
  FindingsRecommendation *recommendation;
  char                   *decision_id;
  FindingsStatus          expected;
} RecordData;

static void
set_loading (FindingsSession *self,
             gboolean         loading)
{
  if (self->loading == !!loading)
    return;

  self->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_problems (FindingsSession  *self,
              char            **problems)
{
  for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
    g_warning ("%s", problems[i]);

  g_clear_pointer (&self->problems, g_strfreev);
  self->problems = problems;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEMS]);
}

static void
set_problem (FindingsSession *self,
             const char      *problem)
{
  char **problems = g_new0 (char *, 2);

  problems[0] = g_strdup (problem);
  set_problems (self, problems);
}

static void
set_sync_status (FindingsSession *self,
                 const char      *status)
{
  if (g_strcmp0 (self->sync_status, status) == 0)
    return;

  g_free (self->sync_status);
  self->sync_status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_STATUS]);
}

static guint
find_visit (FindingsSession *self,
            const char      *id)
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
find_recommendation (FindingsSession *self,
                     const char      *id)
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
merge_visits (FindingsSession *self,
              GPtrArray       *visits)
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
cached_visits_free (gpointer data)
{
  CachedVisits *cached = data;

  g_clear_pointer (&cached->visits, g_ptr_array_unref);
  g_clear_pointer (&cached->problems, g_strfreev);
  g_free (cached);
}

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
  FindingsSession *self = FINDINGS_SESSION (object);
  g_autoptr(GTask) task = user_data;
  CachedVisits *cached;
  GError *error = NULL;

  cached = g_task_propagate_pointer (G_TASK (result), &error);
  if (cached == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  merge_visits (self, cached->visits);
  if (cached->problems != NULL && cached->problems[0] != NULL)
    set_problems (self, g_steal_pointer (&cached->problems));
  cached_visits_free (cached);
  set_loading (self, FALSE);

  g_task_return_boolean (task, TRUE);
}

static void
sync_visits_changed_cb (FindingsSession *self,
                        GPtrArray       *visits)
{
  merge_visits (self, visits);

  /* Visits to show: the rest of the first run (its photos, the outbox) goes on
   * behind them, and each photo shows where it belongs as it arrives. */
  if (visits->len > 0 && self->loading)
    set_loading (self, FALSE);
}

static void
sync_photo_stored_cb (FindingsSession *self,
                      const char      *photo_id)
{
  g_signal_emit (self, signals[PHOTO_ARRIVED], 0, photo_id);
}

static void
sync_state_changed_cb (FindingsSession *self)
{
  g_autofree char *status = findings_sync_describe_state (self->sync);
  FindingsSyncState state = findings_sync_get_state (self->sync);

  set_sync_status (self, status);

  /* The first run is over (whatever its outcome), even if it brought no visits. */
  if (state != FINDINGS_SYNC_STATE_SYNCING && self->loading)
    set_loading (self, FALSE);
}

static void
decision_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FindingsSession *self = g_task_get_source_object (task);
  RecordData *record = g_task_get_task_data (task);
  FindingsStatus previous;
  GError *error = NULL;

  if (!findings_store_add_decision_finish (FINDINGS_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Committed on this device: only now may the screen say it is saved. */
  previous = findings_recommendation_get_status (record->recommendation);
  g_hash_table_insert (self->previous_status, g_strdup (record->decision_id),
                       GINT_TO_POINTER (previous));
  findings_recommendation_set_status (record->recommendation, record->expected);
  g_signal_emit (self, signals[DELIVERY_CHANGED], 0,
                 findings_recommendation_get_id (record->recommendation));

  if (self->sync != NULL)
    findings_sync_kick (self->sync);

  g_task_return_boolean (task, TRUE);
}

static void
findings_session_dispose (GObject *object)
{
  FindingsSession *self = FINDINGS_SESSION (object);

  g_clear_object (&self->sync);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (findings_session_parent_class)->dispose (object);
}

static void
findings_session_finalize (GObject *object)
{
  FindingsSession *self = FINDINGS_SESSION (object);

  g_clear_object (&self->visits);
  g_clear_pointer (&self->problems, g_strfreev);
  g_clear_pointer (&self->sync_status, g_free);
  g_clear_pointer (&self->kiosk_id, g_free);
  g_clear_pointer (&self->previous_status, g_hash_table_unref);

  G_OBJECT_CLASS (findings_session_parent_class)->finalize (object);
}

static void
findings_session_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FindingsSession *self = FINDINGS_SESSION (object);

  switch (prop_id)
    {
    case PROP_KIOSK_ID:
      g_value_set_string (value, self->kiosk_id);
      break;

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
findings_session_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FindingsSession *self = FINDINGS_SESSION (object);

  switch (prop_id)
    {
    case PROP_KIOSK_ID:
      g_free (self->kiosk_id);
      self->kiosk_id = g_value_dup_string (value);
      if (self->kiosk_id == NULL)
        self->kiosk_id = g_strdup (g_get_host_name ());
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_session_class_init (FindingsSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = findings_session_dispose;
  object_class->finalize = findings_session_finalize;
  object_class->get_property = findings_session_get_property;
  object_class->set_property = findings_session_set_property;

  /* Who decided, as the office sees it: this device's host name by default. */
  properties[PROP_KIOSK_ID] =
    g_param_spec_string ("kiosk-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* Nothing to show yet: until the cache is read, the first sync is over, or the
   * session could not start. */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /* Plain words for each visit that could not be shown, or why nothing can be. */
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
findings_session_init (FindingsSession *self)
{
  self->visits = g_list_store_new (FINDINGS_TYPE_VISIT);
  self->previous_status = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->loading = TRUE;
}

/**
 * findings_session_new:
 * @kiosk_id: (nullable): who decides, as the office will see it; %NULL for the host name
 */
FindingsSession *
findings_session_new (const char *kiosk_id)
{
  return g_object_new (FINDINGS_TYPE_SESSION,
                       "kiosk-id", kiosk_id,
                       NULL);
}

/**
 * findings_session_open_store:
 * @path: the store's file
 *
 * Opens the store; when it cannot be opened, the reason becomes the session's problem
 * and loading ends.
 *
 * Returns: whether the store is open
 */
gboolean
findings_session_open_store (FindingsSession *self,
                             const char      *path)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (FINDINGS_IS_SESSION (self), FALSE);
  g_return_val_if_fail (self->store == NULL, FALSE);

  self->store = findings_store_open (path, &error);
  if (self->store == NULL)
    {
      findings_session_fail (self, error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * findings_session_load_cache_async:
 *
 * Reads the visits of the last sync from the store, on a thread, so the app opens and
 * works with the network down. Visits that cannot be read become problems; loading
 * ends once they are in the list.
 */
void
findings_session_load_cache_async (FindingsSession     *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) thread_task = NULL;

  g_return_if_fail (FINDINGS_IS_SESSION (self));
  g_return_if_fail (FINDINGS_IS_STORE (self->store));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, findings_session_load_cache_async);

  thread_task = g_task_new (self, cancellable, cache_loaded_cb, g_steal_pointer (&task));
  g_task_set_task_data (thread_task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (thread_task, load_cache_thread);
}

gboolean
findings_session_load_cache_finish (FindingsSession  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static int
compare_names_cb (gconstpointer a,
                  gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
load_documents_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GFile *folder = task_data;
  g_autoptr(GStrvBuilder) problems = g_strv_builder_new ();
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  CachedVisits *cached = g_new0 (CachedVisits, 1);
  GError *error = NULL;
  GFileInfo *info;

  cached->visits = g_ptr_array_new_with_free_func (g_object_unref);
  children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NONE, cancellable, &error);
  while (children != NULL &&
         (info = g_file_enumerator_next_file (children, cancellable, &error)) != NULL)
    {
      if (g_str_has_suffix (g_file_info_get_name (info), ".json"))
        g_ptr_array_add (names, g_strdup (g_file_info_get_name (info)));
      g_object_unref (info);
    }
  if (error != NULL)
    {
      g_strv_builder_add (problems, error->message);
      g_clear_error (&error);
    }
  g_ptr_array_sort (names, compare_names_cb);

  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GFile) file = g_file_get_child (folder, g_ptr_array_index (names, i));
      g_autoptr(GBytes) bytes = g_file_load_bytes (file, cancellable, NULL, &error);
      FindingsVisit *visit = NULL;

      if (bytes != NULL)
        visit = findings_visit_parse_bytes (bytes, &error);
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

/**
 * findings_session_load_documents_async:
 * @folder: a folder of visit documents (`*.json`)
 *
 * For the demonstration, whose office starts afresh: shows the visits that office
 * is about to serve, read on a thread from the same documents, while it starts.
 * The first pull then brings the office's own copies, and their photos, in their
 * place. Loading ends once they are in the list.
 */
void
findings_session_load_documents_async (FindingsSession     *self,
                                       GFile               *folder,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) thread_task = NULL;

  g_return_if_fail (FINDINGS_IS_SESSION (self));
  g_return_if_fail (G_IS_FILE (folder));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, findings_session_load_documents_async);

  thread_task = g_task_new (self, cancellable, cache_loaded_cb, g_steal_pointer (&task));
  g_task_set_task_data (thread_task, g_object_ref (folder), g_object_unref);
  g_task_run_in_thread (thread_task, load_documents_thread);
}

gboolean
findings_session_load_documents_finish (FindingsSession  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * findings_session_connect:
 * @office: (nullable): the office to sync with, or %NULL when none is set up
 *
 * Starts syncing with @office in the background. An office address that cannot be
 * used becomes the session's problem.
 */
void
findings_session_connect (FindingsSession      *self,
                          FindingsOfficeConfig *office)
{
  g_autoptr(GTlsDatabase) tls_database = NULL;
  g_autoptr(GError) error = NULL;
  const char *url;

  g_return_if_fail (FINDINGS_IS_SESSION (self));
  g_return_if_fail (office == NULL || FINDINGS_IS_OFFICE_CONFIG (office));
  g_return_if_fail (self->sync == NULL);

  if (office == NULL)
    {
      set_sync_status (self, _("Not connected to an office"));
      return;
    }

  url = findings_office_config_get_url (office);
  if (!findings_sync_check_url (url, &error))
    {
      g_autofree char *problem = g_strdup_printf (_("The office address is not usable: %s"),
                                                  error->message);

      set_problem (self, problem);
      self->office_problem = TRUE;
      return;
    }

  /* A token file others can read is not used: say so where the installer looks. */
  if (findings_office_config_get_problem (office) != NULL)
    {
      set_sync_status (self, findings_office_config_get_problem (office));
      return;
    }

  tls_database = findings_office_config_dup_tls_database (office, &error);
  if (error != NULL)
    {
      set_sync_status (self, error->message);
      return;
    }

  self->sync = findings_sync_new (self->store, url, findings_office_config_get_token (office));
  if (tls_database != NULL)
    findings_sync_set_tls_database (self->sync, tls_database);
  g_signal_connect_object (self->sync, "visits-changed", G_CALLBACK (sync_visits_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "photo-stored", G_CALLBACK (sync_photo_stored_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "decision-answered",
                           G_CALLBACK (_findings_session_decision_answered), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "decision-refused",
                           G_CALLBACK (_findings_session_decision_refused), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::state", G_CALLBACK (sync_state_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::n-pending", G_CALLBACK (sync_state_changed_cb),
                           self, G_CONNECT_SWAPPED);
  findings_sync_start (self->sync);
  sync_state_changed_cb (self);
}

/**
 * findings_session_reconnect:
 * @office: (nullable): the office as the installer has now set it up, or %NULL for none
 *
 * Stops the sync with the office the session had, and connects to @office instead, so
 * new settings take effect at once. Nothing saved is lost: an outbox entry that was on
 * its way is sent again under its idempotency key, and the office answers it once.
 */
void
findings_session_reconnect (FindingsSession      *self,
                            FindingsOfficeConfig *office)
{
  g_return_if_fail (FINDINGS_IS_SESSION (self));
  g_return_if_fail (office == NULL || FINDINGS_IS_OFFICE_CONFIG (office));

  if (self->sync != NULL)
    {
      findings_sync_stop (self->sync);
      g_signal_handlers_disconnect_by_data (self->sync, self);
      g_clear_object (&self->sync);
    }

  if (self->office_problem)
    {
      self->office_problem = FALSE;
      set_problems (self, NULL);
    }

  findings_session_connect (self, office);
}

/**
 * findings_session_fail:
 * @problem: why the session cannot start, in plain words
 *
 * Says why there is nothing to show, and ends loading.
 */
void
findings_session_fail (FindingsSession *self,
                       const char      *problem)
{
  g_return_if_fail (FINDINGS_IS_SESSION (self));
  g_return_if_fail (problem != NULL);

  set_problem (self, problem);
  set_loading (self, FALSE);
}

/**
 * findings_session_stop:
 *
 * Stops the sync, as the app shuts down.
 */
void
findings_session_stop (FindingsSession *self)
{
  g_return_if_fail (FINDINGS_IS_SESSION (self));

  if (self->sync != NULL)
    findings_sync_stop (self->sync);
}

/**
 * findings_session_get_store:
 *
 * Returns: (transfer none) (nullable): the store, once open
 */
FindingsStore *
findings_session_get_store (FindingsSession *self)
{
  g_return_val_if_fail (FINDINGS_IS_SESSION (self), NULL);

  return self->store;
}

/**
 * findings_session_get_visits:
 *
 * Returns: (transfer none): the visits, a #GListModel of #FindingsVisit
 */
GListModel *
findings_session_get_visits (FindingsSession *self)
{
  g_return_val_if_fail (FINDINGS_IS_SESSION (self), NULL);

  return G_LIST_MODEL (self->visits);
}

gboolean
findings_session_get_loading (FindingsSession *self)
{
  g_return_val_if_fail (FINDINGS_IS_SESSION (self), FALSE);

  return self->loading;
}

const char * const *
findings_session_get_problems (FindingsSession *self)
{
  g_return_val_if_fail (FINDINGS_IS_SESSION (self), NULL);

  return (const char * const *) self->problems;
}

const char *
findings_session_get_sync_status (FindingsSession *self)
{
  g_return_val_if_fail (FINDINGS_IS_SESSION (self), NULL);

  return self->sync_status;
}

/* Whether this device sends and receives with an office (the demo's included). */
gboolean
findings_session_has_office (FindingsSession *self)
{
  g_return_val_if_fail (FINDINGS_IS_SESSION (self), FALSE);

  return self->sync != NULL;
}

/**
 * findings_session_record_decision_async:
 *
 * Stores @decision in the outbox and finishes once it is committed on this device;
 * only then does @recommendation take the status the decision asks for, to be put
 * back if the office refuses it. The sync sends it in the background.
 */
void
findings_session_record_decision_async (FindingsSession        *self,
                                        FindingsDecision       *decision,
                                        FindingsRecommendation *recommendation,
                                        GCancellable           *cancellable,
                                        GAsyncReadyCallback     callback,
                                        gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  RecordData *record;

  g_return_if_fail (FINDINGS_IS_SESSION (self));
  g_return_if_fail (FINDINGS_IS_DECISION (decision));
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (recommendation));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, findings_session_record_decision_async);

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

  findings_decision_set_kiosk_id (decision, self->kiosk_id);
  findings_decision_set_app_version (decision, PACKAGE_VERSION);

  findings_store_add_decision_async (self->store, decision, cancellable, decision_stored_cb,
                                     g_steal_pointer (&task));
}

gboolean
findings_session_record_decision_finish (FindingsSession  *self,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * findings_session_get_delivery:
 * @rec_id: the recommendation's id
 * @problem_type: (out) (optional) (transfer full): for %FINDINGS_DELIVERY_REFUSED, the
 *   office's problem type
 * @detail: (out) (optional) (transfer full): the office's detail of a refusal, or why
 *   a decision still waits
 * @next_attempt_us: (out) (optional): when a waiting decision is tried again, in
 *   g_get_real_time() microseconds; 0 if not waiting
 *
 * Returns: where the latest decision on the recommendation stands
 */
FindingsDelivery
findings_session_get_delivery (FindingsSession  *self,
                               const char       *rec_id,
                               char            **problem_type,
                               char            **detail,
                               gint64           *next_attempt_us)
{
  g_autoptr(GPtrArray) entries = NULL;
  FindingsOutboxEntry *latest = NULL;
  FindingsDelivery delivery = FINDINGS_DELIVERY_NONE;

  g_return_val_if_fail (FINDINGS_IS_SESSION (self), FINDINGS_DELIVERY_NONE);
  g_return_val_if_fail (rec_id != NULL, FINDINGS_DELIVERY_NONE);

  if (self->store != NULL)
    entries = findings_store_list_for_recommendation (self->store, rec_id);
  if (entries != NULL && entries->len > 0)
    latest = g_ptr_array_index (entries, 0);

  if (latest != NULL)
    {
      switch (latest->state)
        {
        case FINDINGS_OUTBOX_STATE_PENDING:
          if (self->sync == NULL)
            delivery = FINDINGS_DELIVERY_SAVED;
          else if (findings_sync_get_state (self->sync) == FINDINGS_SYNC_STATE_OFFLINE)
            delivery = FINDINGS_DELIVERY_WAITING_FOR_NETWORK;
          else
            delivery = FINDINGS_DELIVERY_SENDING;
          break;

        case FINDINGS_OUTBOX_STATE_SENT:
          delivery = FINDINGS_DELIVERY_SENT;
          break;

        case FINDINGS_OUTBOX_STATE_REFUSED:
          delivery = FINDINGS_DELIVERY_REFUSED;
          break;

        default:
          g_assert_not_reached ();
        }
    }

  if (problem_type != NULL)
    *problem_type = delivery == FINDINGS_DELIVERY_REFUSED ? g_strdup (latest->problem_type)
                                                          : NULL;
  if (detail != NULL)
    *detail = latest != NULL ? g_strdup (latest->last_error) : NULL;
  if (next_attempt_us != NULL)
    *next_attempt_us = latest != NULL && latest->state == FINDINGS_OUTBOX_STATE_PENDING ?
                       latest->next_attempt_at : 0;

  return delivery;
}

/* The office took the decision: its status and follow-up replace the optimistic one. */
void
_findings_session_decision_answered (FindingsSession        *self,
                                     const char             *decision_id,
                                     FindingsDecisionAnswer *answer)
{
  const char *recommendation_id;
  FindingsRecommendation *rec;

  g_return_if_fail (FINDINGS_IS_SESSION (self));
  g_return_if_fail (FINDINGS_IS_DECISION_ANSWER (answer));

  recommendation_id = findings_decision_answer_get_recommendation_id (answer);
  rec = find_recommendation (self, recommendation_id);

  g_hash_table_remove (self->previous_status, decision_id);

  if (rec != NULL)
    findings_recommendation_apply_answer (rec, answer);

  g_signal_emit (self, signals[DELIVERY_CHANGED], 0, recommendation_id);
}

/* The office said no: show the status the recommendation really has, and say why. */
void
_findings_session_decision_refused (FindingsSession *self,
                                    const char      *decision_id,
                                    const char      *recommendation_id,
                                    const char      *problem_type,
                                    const char      *detail)
{
  FindingsRecommendation *rec;
  gpointer previous;

  g_return_if_fail (FINDINGS_IS_SESSION (self));

  rec = find_recommendation (self, recommendation_id);
  if (rec != NULL && g_hash_table_lookup_extended (self->previous_status, decision_id, NULL,
                                                   &previous))
    findings_recommendation_set_status (rec, GPOINTER_TO_INT (previous));
  g_hash_table_remove (self->previous_status, decision_id);

  g_signal_emit (self, signals[DELIVERY_CHANGED], 0, recommendation_id);
}
