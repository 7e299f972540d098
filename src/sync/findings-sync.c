/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "findings-sync-private.h"

/* One run pulls the visits changed since the stored cursor (findings-sync-pull.c),
 * fetches the photos they name (-photos.c), then pushes the outbox (-push.c).
 * This file holds what outlives a run: the configuration, the state the app
 * shows, and the automatic mode that decides when the next run starts. */

#define PULL_INTERVAL_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

G_DEFINE_FINAL_TYPE (FindingsSync, findings_sync, G_TYPE_OBJECT)

G_DEFINE_QUARK (findings-sync-error-quark, findings_sync_error)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_N_PENDING,
  PROP_LAST_ERROR,
  PROP_LAST_SUCCESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  VISITS_CHANGED,
  DECISION_ANSWERED,
  DECISION_REFUSED,
  PHOTO_STORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_next_run (FindingsSync *self);


/*
 * Run data
 */

static void
run_free (gpointer data)
{
  Run *run = data;

  g_clear_pointer (&run->report, findings_sync_report_free);
  g_free (run->cursor);
  g_clear_pointer (&run->photos, g_ptr_array_unref);
  g_clear_pointer (&run->photo_ids, g_hash_table_unref);
  g_clear_pointer (&run->outbox, g_ptr_array_unref);
  g_clear_object (&run->msg);
  g_clear_error (&run->failure);
  g_free (run);
}

/* Keeps the first problem only: it is usually the cause of the others. */
void
_findings_sync_run_note_failure (Run      *run,
                                 GError   *error,
                                 gboolean  retryable)
{
  if (run->failure != NULL)
    {
      g_error_free (error);
      return;
    }

  run->failure = error;
  run->retryable = retryable;
}

void
_findings_sync_run_add_problem (Run        *run,
                                const char *problem)
{
  g_ptr_array_add (run->report->problems, g_strdup (problem));
  g_message ("%s", problem);
}


/*
 * Addresses
 */

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
check_url (const char  *base_url,
           gboolean    *out_loopback,
           GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (host == NULL || *host == '\0' || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_INVALID_URL,
                   _("The office address “%s” is not a valid web address."), base_url);
      return FALSE;
    }

  *out_loopback = host_is_loopback (host);
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_INVALID_URL,
                   _("The office address must start with https://."));
      return FALSE;
    }

  /* Decisions and names cross the wire: only this device may see them unencrypted. */
  if (!*out_loopback)
    {
      g_set_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_INSECURE,
                   _("The office address must use https://; plain http:// is only "
                     "allowed for this device itself."));
      return FALSE;
    }

  return TRUE;
}

/* The token goes into a header: a line break in it would forge other headers. */
static gboolean
check_token (const char  *token,
             GError     **error)
{
  gboolean valid = *token != '\0';

  for (const char *p = token; valid && *p != '\0'; p++)
    valid = g_ascii_isgraph (*p);

  if (!valid)
    g_set_error (error, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_UNAUTHORIZED,
                 _("This device’s key for the office is empty or not valid. "
                   "Ask your installer."));

  return valid;
}


/*
 * State
 */

static void
set_state (FindingsSync      *self,
           FindingsSyncState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_last_error (FindingsSync *self,
                const char   *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
set_last_success_now (FindingsSync *self)
{
  g_clear_pointer (&self->last_success, g_date_time_unref);
  self->last_success = g_date_time_new_now_utc ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SUCCESS]);
}

static void
update_n_pending (FindingsSync *self)
{
  guint n_pending = findings_store_count_pending (self->store);

  if (self->n_pending == n_pending)
    return;

  self->n_pending = n_pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
}

/* A loopback office (the demo, the tests) is reachable without any network. */
static gboolean
is_offline (FindingsSync *self)
{
  return (!self->loopback || self->chosen_monitor != NULL) && self->monitor != NULL &&
         !g_network_monitor_get_network_available (self->monitor);
}

static const char *
last_waiting_detail (Run *run)
{
  for (guint i = run->report->outcomes->len; i > 0; i--)
    {
      FindingsSyncOutcome *outcome = g_ptr_array_index (run->report->outcomes, i - 1);

      if (outcome->kind == FINDINGS_SYNC_OUTCOME_WAITING)
        return outcome->detail;
    }

  return NULL;
}

static void
settle_state (FindingsSync *self,
              Run          *run,
              const GError *error)
{
  update_n_pending (self);

  if (run->unauthorized)
    {
      set_last_error (self, _("The office refused this device’s key. Ask your installer."));
      set_state (self, FINDINGS_SYNC_STATE_UNAUTHORIZED);
      return;
    }

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_last_error (self, error->message);
  else if (run->failure != NULL)
    set_last_error (self, run->failure->message);

  if (is_offline (self))
    set_state (self, FINDINGS_SYNC_STATE_OFFLINE);
  else if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_state (self, self->n_pending > 0 ? FINDINGS_SYNC_STATE_WAITING_RETRY
                                         : FINDINGS_SYNC_STATE_IDLE);
  else if (error != NULL || (run->failure != NULL && !run->retryable))
    set_state (self, FINDINGS_SYNC_STATE_ERROR);
  else if (run->failure != NULL || run->any_waiting)
    {
      if (run->failure == NULL)
        set_last_error (self, last_waiting_detail (run));
      set_state (self, FINDINGS_SYNC_STATE_WAITING_RETRY);
    }
  else
    {
      set_last_error (self, NULL);
      set_last_success_now (self);
      set_state (self, FINDINGS_SYNC_STATE_IDLE);
    }
}

void
_findings_sync_run_return (GTask  *task,
                           GError *error)
{
  FindingsSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  /* Handlers of the notifications may spin the main loop: they run once the
   * run is over and its caller knows, never in between. */
  g_object_freeze_notify (G_OBJECT (self));

  self->running = FALSE;
  self->last_run_us = g_get_real_time ();
  settle_state (self, run, error);
  run->report->decisions_waiting = self->n_pending;

  if (error != NULL)
    g_task_return_error (task, error);
  else if (run->unauthorized)
    g_task_return_new_error (task, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_UNAUTHORIZED,
                             "%s", self->last_error);
  else if (run->failure != NULL)
    g_task_return_error (task, g_error_copy (run->failure));
  else
    g_task_return_boolean (task, TRUE);

  g_object_thaw_notify (G_OBJECT (self));
}


/*
 * Signals, for the steps of a run
 */

void
_findings_sync_emit_visits_changed (FindingsSync *self,
                                    GPtrArray    *visits)
{
  g_signal_emit (self, signals[VISITS_CHANGED], 0, visits);
}

void
_findings_sync_emit_photo_stored (FindingsSync *self,
                                  const char   *photo_id)
{
  g_signal_emit (self, signals[PHOTO_STORED], 0, photo_id);
}

void
_findings_sync_emit_decision_answered (FindingsSync           *self,
                                       const char             *decision_id,
                                       FindingsDecisionAnswer *answer)
{
  g_signal_emit (self, signals[DECISION_ANSWERED], 0, decision_id, answer);
}

void
_findings_sync_emit_decision_refused (FindingsSync *self,
                                      const char   *decision_id,
                                      const char   *recommendation_id,
                                      const char   *problem_type,
                                      const char   *detail)
{
  g_signal_emit (self, signals[DECISION_REFUSED], 0,
                 decision_id, recommendation_id, problem_type, detail);
}


/*
 * Automatic mode
 */

static void
auto_run_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  FindingsSync *self = FINDINGS_SYNC (source);
  g_autoptr(GError) error = NULL;
  FindingsSyncReport *report = NULL;
  gboolean answered;

  if (!findings_sync_run_finish (self, result, &report, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Sync with the office: %s", error->message);

  /* A run pulls before it pushes: the visits the office changed by answering
   * decisions (their status and follow-up) come in with one more pull, now rather
   * than at the next periodic run. */
  answered = report != NULL && report->decisions_sent + report->decisions_refused > 0;
  g_clear_pointer (&report, findings_sync_report_free);

  if (!self->started)
    return;

  if (answered && error == NULL)
    self->run_again = TRUE;

  if (self->run_again)
    {
      self->run_again = FALSE;
      findings_sync_run_async (self, self->auto_cancellable, auto_run_done_cb, NULL);
      return;
    }

  schedule_next_run (self);
}

static void
request_run (FindingsSync *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);

  if (self->running)
    {
      self->run_again = TRUE;
      return;
    }

  if (is_offline (self))
    {
      update_n_pending (self);
      set_state (self, FINDINGS_SYNC_STATE_OFFLINE);
      return;
    }

  findings_sync_run_async (self, self->auto_cancellable, auto_run_done_cb, NULL);
}

/* For kicks and a network back: at once, unless the office asked for a pause. */
static void
run_soon (FindingsSync *self)
{
  if (!self->running && g_get_real_time () < self->busy_until_us)
    schedule_next_run (self);
  else
    request_run (self);
}

static gboolean
timer_cb (gpointer user_data)
{
  FindingsSync *self = user_data;

  self->timer_id = 0;
  request_run (self);

  return G_SOURCE_REMOVE;
}

static gint64
earliest_attempt (FindingsSync *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  gint64 earliest = G_MAXINT64;

  entries = findings_store_list_pending (self->store, G_MAXINT64, &error);
  if (entries == NULL)
    {
      g_warning ("Could not read the outbox: %s", error->message);
      return G_MAXINT64;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      FindingsOutboxEntry *entry = g_ptr_array_index (entries, i);

      earliest = MIN (earliest, entry->next_attempt_at);
    }

  return earliest;
}

/* The next run: the periodic pull, or the earliest retry in the outbox if sooner,
 * but never before the office said it could take more. */
static void
schedule_next_run (FindingsSync *self)
{
  gint64 now_us = g_get_real_time ();
  gint64 at = self->last_run_us + PULL_INTERVAL_US;
  gint64 delay_ms;

  g_clear_handle_id (&self->timer_id, g_source_remove);

  if (is_offline (self))
    return;

  if (self->state != FINDINGS_SYNC_STATE_UNAUTHORIZED)
    at = MIN (at, earliest_attempt (self));
  at = MAX (at, MAX (self->busy_until_us, self->quiet_until_us));

  delay_ms = CLAMP ((at - now_us) / 1000, 0, PULL_INTERVAL_US / 1000);
  self->timer_id = g_timeout_add ((guint) delay_ms, timer_cb, self);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         user_data)
{
  FindingsSync *self = user_data;

  if (!self->started || (self->loopback && self->chosen_monitor == NULL))
    return;

  if (!g_network_monitor_get_network_available (monitor))
    {
      g_clear_handle_id (&self->timer_id, g_source_remove);
      update_n_pending (self);
      set_state (self, FINDINGS_SYNC_STATE_OFFLINE);
      return;
    }

  if (self->state == FINDINGS_SYNC_STATE_OFFLINE)
    run_soon (self);
}


/*
 * GObject overrides
 */

static void
findings_sync_dispose (GObject *object)
{
  FindingsSync *self = (FindingsSync *) object;

  findings_sync_stop (self);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_object (&self->chosen_monitor);

  G_OBJECT_CLASS (findings_sync_parent_class)->dispose (object);
}

static void
findings_sync_finalize (GObject *object)
{
  FindingsSync *self = (FindingsSync *) object;

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_error (&self->config_error);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->last_success, g_date_time_unref);
  g_clear_pointer (&self->damaged_photos, g_hash_table_unref);

  G_OBJECT_CLASS (findings_sync_parent_class)->finalize (object);
}

static void
findings_sync_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FindingsSync *self = FINDINGS_SYNC (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_N_PENDING:
      g_value_set_uint (value, self->n_pending);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    case PROP_LAST_SUCCESS:
      g_value_set_boxed (value, self->last_success);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_sync_class_init (FindingsSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = findings_sync_dispose;
  object_class->finalize = findings_sync_finalize;
  object_class->get_property = findings_sync_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       FINDINGS_TYPE_SYNC_STATE,
                       FINDINGS_SYNC_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* Decisions stored on this device and not yet answered by the office. */
  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* What went wrong last, in words for a person; NULL after a clean run. */
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_LAST_SUCCESS] =
    g_param_spec_boxed ("last-success", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A GPtrArray of FindingsVisit, emitted once they are stored. */
  signals[VISITS_CHANGED] =
    g_signal_new ("visits-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);

  /* Decision id, and the office's answer (its recommendation id, status and
   * follow-up), emitted once the answer is stored. */
  signals[DECISION_ANSWERED] =
    g_signal_new ("decision-answered",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, FINDINGS_TYPE_DECISION_ANSWER);

  /* Decision id, recommendation id, problem type, and the office's detail. */
  signals[DECISION_REFUSED] =
    g_signal_new ("decision-refused",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  /* The photo's id, emitted once its checked bytes are stored. */
  signals[PHOTO_STORED] =
    g_signal_new ("photo-stored",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
findings_sync_init (FindingsSync *self)
{
  self->request_timeout_s = FINDINGS_SYNC_REQUEST_TIMEOUT_S;
  self->damaged_photos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->session = soup_session_new_with_options ("timeout", FINDINGS_SYNC_SOCKET_TIMEOUT_S,
                                                 "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                                 NULL);
}


/*
 * Public API
 */

/**
 * findings_sync_check_url:
 * @base_url: the office's address, such as `https://office.example.com/`
 * @error: return location for a %FINDINGS_SYNC_ERROR
 *
 * Checks that @base_url can be used: https://, or plain http:// to this device
 * only (127.0.0.0/8, ::1, localhost).
 *
 * Returns: %TRUE if it can
 */
gboolean
findings_sync_check_url (const char  *base_url,
                         GError     **error)
{
  gboolean loopback;

  g_return_val_if_fail (base_url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return check_url (base_url, &loopback, error);
}

/**
 * findings_sync_new:
 * @store: where visits, photos and the outbox live
 * @base_url: the office's address; see findings_sync_check_url()
 * @token: this device's kiosk token
 *
 * An unusable @base_url or @token is reported by each run, which then sends
 * nothing, with state %FINDINGS_SYNC_STATE_ERROR.
 *
 * Returns: (transfer full): a new #FindingsSync
 */
FindingsSync *
findings_sync_new (FindingsStore *store,
                   const char    *base_url,
                   const char    *token)
{
  FindingsSync *self;
  gsize length;

  g_return_val_if_fail (FINDINGS_IS_STORE (store), NULL);
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  self = g_object_new (FINDINGS_TYPE_SYNC, NULL);
  self->store = g_object_ref (store);
  self->token = g_strdup (token);

  length = strlen (base_url);
  while (length > 0 && base_url[length - 1] == '/')
    length--;
  self->base_url = g_strndup (base_url, length);

  if (check_url (base_url, &self->loopback, &self->config_error) && self->loopback)
    /* No proxy stands between this device and itself. */
    soup_session_set_proxy_resolver (self->session, NULL);
  if (self->config_error == NULL)
    check_token (token, &self->config_error);

  update_n_pending (self);

  return self;
}

/**
 * findings_sync_set_tls_database:
 * @self: a #FindingsSync
 * @database: (nullable): the certificate authorities to trust, or %NULL for the system's
 *
 * For an office whose certificate comes from a private authority.
 */
void
findings_sync_set_tls_database (FindingsSync *self,
                                GTlsDatabase *database)
{
  g_return_if_fail (FINDINGS_IS_SYNC (self));
  g_return_if_fail (database == NULL || G_IS_TLS_DATABASE (database));

  if (database != NULL)
    {
      soup_session_set_tls_database (self->session, database);
    }
  else
    {
      g_autoptr(GTlsDatabase) system = NULL;

      system = g_tls_backend_get_default_database (g_tls_backend_get_default ());
      soup_session_set_tls_database (self->session, system);
    }
}

FindingsSyncState
findings_sync_get_state (FindingsSync *self)
{
  g_return_val_if_fail (FINDINGS_IS_SYNC (self), FINDINGS_SYNC_STATE_IDLE);

  return self->state;
}

guint
findings_sync_get_n_pending (FindingsSync *self)
{
  g_return_val_if_fail (FINDINGS_IS_SYNC (self), 0);

  return self->n_pending;
}

const char *
findings_sync_get_last_error (FindingsSync *self)
{
  g_return_val_if_fail (FINDINGS_IS_SYNC (self), NULL);

  return self->last_error;
}

GDateTime *
findings_sync_get_last_success (FindingsSync *self)
{
  g_return_val_if_fail (FINDINGS_IS_SYNC (self), NULL);

  return self->last_success;
}

static char *
describe_waiting (guint n_pending)
{
  if (n_pending == 0)
    return g_strdup (_("All sent"));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u waiting, saved on this device",
                                       "%u waiting, saved on this device",
                                       n_pending),
                          n_pending);
}

/* The last problem, then what it means for the decisions on this device. */
static char *
describe_problem (FindingsSync *self)
{
  g_autofree char *waiting = NULL;
  const char *problem = self->last_error != NULL ? self->last_error : "";

  if (self->n_pending == 0)
    /* Translators: %s is a problem, such as "The office could not be reached (…)." */
    return g_strdup_printf (_("%s Nothing is waiting to be sent."), problem);

  waiting = describe_waiting (self->n_pending);
  /* Translators: the first %s is a problem, the second says what is waiting */
  return g_strdup_printf (_("%s %s"), problem, waiting);
}

/**
 * findings_sync_describe_state:
 * @self: a #FindingsSync
 *
 * Returns: (transfer full): one line for the app's status bar, in plain words
 */
char *
findings_sync_describe_state (FindingsSync *self)
{
  g_return_val_if_fail (FINDINGS_IS_SYNC (self), NULL);

  switch (self->state)
    {
    case FINDINGS_SYNC_STATE_UNAUTHORIZED:
      return g_strdup (_("The office refused this device’s key. Ask your installer."));

    case FINDINGS_SYNC_STATE_OFFLINE:
      if (self->n_pending == 0)
        return g_strdup (_("Offline: nothing is waiting to be sent"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Offline: %u decision saved on this device will be "
                                           "sent when the network is back",
                                           "Offline: %u decisions saved on this device will be "
                                           "sent when the network is back",
                                           self->n_pending),
                              self->n_pending);

    case FINDINGS_SYNC_STATE_SYNCING:
      return g_strdup (_("Sending and receiving…"));

    case FINDINGS_SYNC_STATE_ERROR:
      return describe_problem (self);

    case FINDINGS_SYNC_STATE_WAITING_RETRY:
      /* An office out of reach is said, even with nothing to send: the visits
       * shown may be out of date. */
      if (self->last_error != NULL)
        return describe_problem (self);
      return describe_waiting (self->n_pending);

    case FINDINGS_SYNC_STATE_IDLE:
    default:
      return describe_waiting (self->n_pending);
    }
}

/**
 * findings_sync_run_async:
 * @self: a #FindingsSync
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the run is over
 * @user_data: data for @callback
 *
 * Pulls the visits changed since the last run and their photos, then sends the
 * decisions waiting in the outbox. One run at a time.
 */
void
findings_sync_run_async (FindingsSync        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (FINDINGS_IS_SYNC (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, findings_sync_run_async);

  if (self->running)
    {
      g_task_return_new_error (task, FINDINGS_SYNC_ERROR, FINDINGS_SYNC_ERROR_BUSY,
                               _("Already sending and receiving."));
      return;
    }

  run = g_new0 (Run, 1);
  run->report = _findings_sync_report_new ();
  run->photos = g_ptr_array_new_with_free_func (_findings_sync_photo_ref_free);
  run->photo_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_task_set_task_data (task, run, run_free);

  self->running = TRUE;

  if (self->config_error != NULL)
    {
      _findings_sync_run_return (task, g_error_copy (self->config_error));
      return;
    }

  run->cursor = findings_store_dup_cursor (self->store);
  _findings_sync_run_pull (task);
  set_state (self, FINDINGS_SYNC_STATE_SYNCING);
}

/**
 * findings_sync_run_finish:
 * @self: a #FindingsSync
 * @result: the #GAsyncResult given to the callback
 * @report: (out) (optional) (transfer full): what the run did; set even when it
 *   fails, with what was done before
 * @error: return location for a #GError
 *
 * A run fails when it was cancelled, when the office refused the token, when the
 * store failed, or when a pull or a photo could not be completed; decisions that
 * could not be sent are not failures, they wait in the outbox for their retry.
 *
 * Returns: %TRUE if everything due was done
 */
gboolean
findings_sync_run_finish (FindingsSync        *self,
                          GAsyncResult        *result,
                          FindingsSyncReport **report,
                          GError             **error)
{
  Run *run;

  g_return_val_if_fail (FINDINGS_IS_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  run = g_task_get_task_data (G_TASK (result));
  if (report != NULL)
    *report = run != NULL ? g_steal_pointer (&run->report) : _findings_sync_report_new ();

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * findings_sync_start:
 * @self: a #FindingsSync
 *
 * Syncs now and then on its own: every minute, when a decision is due for a
 * retry, after findings_sync_kick(), and when the network comes back.
 */
void
findings_sync_start (FindingsSync *self)
{
  g_return_if_fail (FINDINGS_IS_SYNC (self));

  if (self->started)
    return;

  self->started = TRUE;
  self->auto_cancellable = g_cancellable_new ();
  self->monitor = g_object_ref (self->chosen_monitor != NULL ? self->chosen_monitor
                                                           : g_network_monitor_get_default ());
  self->network_changed_id = g_signal_connect (self->monitor, "network-changed",
                                               G_CALLBACK (network_changed_cb), self);
  run_soon (self);
}

/**
 * findings_sync_stop:
 * @self: a #FindingsSync
 *
 * Stops the automatic mode and cancels a run it started.
 */
void
findings_sync_stop (FindingsSync *self)
{
  g_return_if_fail (FINDINGS_IS_SYNC (self));

  if (!self->started)
    return;

  self->started = FALSE;
  self->run_again = FALSE;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_signal_handler (&self->network_changed_id, self->monitor);
  g_clear_object (&self->monitor);
  g_cancellable_cancel (self->auto_cancellable);
  g_clear_object (&self->auto_cancellable);
}

/**
 * findings_sync_kick:
 * @self: a #FindingsSync
 *
 * Tells @self that a decision was just stored: it is sent at once in automatic
 * mode, and counted in #FindingsSync:n-pending in any case.
 */
void
findings_sync_kick (FindingsSync *self)
{
  g_return_if_fail (FINDINGS_IS_SYNC (self));

  update_n_pending (self);

  if (self->started)
    run_soon (self);
}


/*
 * Test hooks
 */

/*
 * _findings_sync_set_request_timeout:
 * @self: a #FindingsSync
 * @seconds: the longest one whole exchange with the office may take
 *
 * The default, 60 seconds, suits the app; tests shorten it.
 */
void
_findings_sync_set_request_timeout (FindingsSync *self,
                                    guint         seconds)
{
  g_return_if_fail (FINDINGS_IS_SYNC (self));
  g_return_if_fail (seconds > 0);

  self->request_timeout_s = seconds;
}

/*
 * _findings_sync_set_network_monitor:
 * @self: a #FindingsSync, not started
 * @monitor: the monitor that says whether the network is up
 *
 * Uses @monitor instead of the default one, and heeds it even for an office on
 * loopback (which the default one is not asked about). For tests, which need a
 * network that goes away and comes back.
 */
void
_findings_sync_set_network_monitor (FindingsSync    *self,
                                    GNetworkMonitor *monitor)
{
  g_return_if_fail (FINDINGS_IS_SYNC (self));
  g_return_if_fail (G_IS_NETWORK_MONITOR (monitor));
  g_return_if_fail (!self->started);

  g_set_object (&self->chosen_monitor, monitor);
}
