/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-session"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "findings-decision-answer.h"
#include "findings-follow-up.h"
#include "findings-office-config.h"
#include "findings-session.h"
#include "findings-session-private.h"
#include "findings-store.h"
#include "findings-store-visit.h"
#include "findings-visit.h"

/* The session without GTK and without a display: a store in a temporary folder, no
 * office, one visit in the cache, and decisions from the tap to a refusal. */

#define VISIT_ID "v-2026-0295"

typedef struct
{
  char            *dir;
  FindingsSession *session;
  GPtrArray       *changed;
} Fixture;

static void
wait_for (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

static void
delivery_changed_cb (FindingsSession *session,
                     const char      *recommendation_id,
                     Fixture         *fixture)
{
  g_ptr_array_add (fixture->changed, g_strdup (recommendation_id));
}

static void
page_saved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (findings_store_save_page_finish (FINDINGS_STORE (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
cache_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (findings_session_load_cache_finish (FINDINGS_SESSION (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* The visit goes in the way the sync puts it there: through the store. */
static void
save_demo_visit (FindingsStore *store)
{
  g_autoptr(GFile) data_dir = findings_office_config_dup_data_dir ();
  g_autoptr(GFile) file = g_file_get_child (data_dir, "demo/" VISIT_ID ".json");
  g_autoptr(GPtrArray) visits = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                findings_store_visit_free);
  g_autoptr(GDateTime) completed = g_date_time_new_utc (2026, 3, 2, 15, 0, 0);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  body = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (visits, findings_store_visit_new (VISIT_ID, "s-405", completed, body));

  findings_store_save_page_async (store, visits, "cursor-1", NULL, page_saved_cb, &done);
  wait_for (&done);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  fixture->dir = g_dir_make_tmp ("test-session-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->changed = g_ptr_array_new_with_free_func (g_free);

  fixture->session = findings_session_new ("test-kiosk");
  g_signal_connect (fixture->session, "delivery-changed", G_CALLBACK (delivery_changed_cb),
                    fixture);
  g_assert_true (findings_session_get_loading (fixture->session));

  path = g_build_filename (fixture->dir, "kiosk.db", NULL);
  g_assert_true (findings_session_open_store (fixture->session, path));
  save_demo_visit (findings_session_get_store (fixture->session));

  findings_session_load_cache_async (fixture->session, NULL, cache_loaded_cb, &done);
  wait_for (&done);
  findings_session_connect (fixture->session, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "kiosk.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  findings_session_stop (fixture->session);
  g_clear_object (&fixture->session);
  g_clear_pointer (&fixture->changed, g_ptr_array_unref);

  g_unlink (wal);
  g_unlink (shm);
  g_unlink (db);
  g_rmdir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static FindingsRecommendation *
find_recommendation (Fixture    *fixture,
                     const char *id)
{
  GListModel *visits = findings_session_get_visits (fixture->session);
  g_autoptr(FindingsVisit) visit = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (visits), ==, 1);
  visit = g_list_model_get_item (visits, 0);
  g_assert_nonnull (findings_visit_find_recommendation (visit, id));

  return findings_visit_find_recommendation (visit, id);
}

static FindingsDecision *
new_decision (FindingsAction  action,
              const char     *recommendation_id)
{
  FindingsDecision *decision = findings_decision_new (action);

  findings_decision_set_visit_id (decision, VISIT_ID);
  findings_decision_set_recommendation_id (decision, recommendation_id);

  switch (action)
    {
    case FINDINGS_ACTION_ACCEPT:
      findings_decision_set_option_id (decision, "o-2951-1");
      findings_decision_set_decided_by_name (decision, "Dana Whitfield");
      break;
    case FINDINGS_ACTION_DECLINE:
      findings_decision_set_reason (decision, "Not this year");
      break;
    case FINDINGS_ACTION_REQUEST_CALL:
      findings_decision_set_call_phone (decision, "+1 416 555 0100");
      break;
    default:
      g_assert_not_reached ();
    }

  return decision;
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Recorded;

static void
recorded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Recorded *recorded = user_data;

  recorded->ok = findings_session_record_decision_finish (FINDINGS_SESSION (object), result,
                                                          &recorded->error);
  recorded->done = TRUE;
}

/* Records @action on @rec_id and returns the decision's id. */
static char *
record (Fixture        *fixture,
        FindingsAction  action,
        const char     *rec_id)
{
  g_autoptr(FindingsDecision) decision = new_decision (action, rec_id);
  Recorded recorded = { FALSE, FALSE, NULL };

  findings_session_record_decision_async (fixture->session, decision,
                                          find_recommendation (fixture, rec_id), NULL,
                                          recorded_cb, &recorded);
  wait_for (&recorded.done);
  g_assert_no_error (recorded.error);
  g_assert_true (recorded.ok);

  /* Who decided, as the office will see it. */
  g_assert_cmpstr (findings_decision_get_kiosk_id (decision), ==, "test-kiosk");
  return g_strdup (findings_decision_get_id (decision));
}

static FindingsOutboxEntry *
latest_entry (Fixture    *fixture,
              const char *rec_id)
{
  FindingsStore *store = findings_session_get_store (fixture->session);
  g_autoptr(GPtrArray) entries = findings_store_list_for_recommendation (store, rec_id);

  g_assert_nonnull (entries);
  g_assert_cmpuint (entries->len, >=, 1);
  return findings_outbox_entry_copy (g_ptr_array_index (entries, 0));
}

static void
test_cache (Fixture       *fixture,
            gconstpointer  data)
{
  GListModel *visits = findings_session_get_visits (fixture->session);
  g_autoptr(FindingsVisit) visit = g_list_model_get_item (visits, 0);

  g_assert_cmpuint (g_list_model_get_n_items (visits), ==, 1);
  g_assert_cmpstr (findings_visit_get_id (visit), ==, VISIT_ID);
  g_assert_false (findings_session_get_loading (fixture->session));
  g_assert_null (findings_session_get_problems (fixture->session));

  /* No office: it says so, and nothing is sent. */
  g_assert_false (findings_session_has_office (fixture->session));
  g_assert_cmpstr (findings_session_get_sync_status (fixture->session), ==,
                   "Not connected to an office");

  /* Nothing decided yet. */
  g_assert_cmpint (findings_session_get_delivery (fixture->session, "r-2951", NULL, NULL, NULL),
                   ==, FINDINGS_DELIVERY_NONE);
}

static void
test_record (Fixture       *fixture,
             gconstpointer  data)
{
  const struct {
    FindingsAction action;
    const char    *rec_id;
    FindingsStatus status;
  } cases[] = {
    { FINDINGS_ACTION_ACCEPT, "r-2951", FINDINGS_STATUS_ACCEPTED },
    { FINDINGS_ACTION_DECLINE, "r-2953", FINDINGS_STATUS_DECLINED },
    { FINDINGS_ACTION_REQUEST_CALL, "r-2954", FINDINGS_STATUS_CALL_REQUESTED },
  };
  FindingsStore *store = findings_session_get_store (fixture->session);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FindingsRecommendation *rec = find_recommendation (fixture, cases[i].rec_id);
      g_autofree char *id = NULL;
      g_autofree char *problem = NULL;
      g_autofree char *detail = NULL;
      g_autoptr(FindingsOutboxEntry) entry = NULL;
      gint64 next_attempt = -1;

      g_assert_cmpint (findings_recommendation_get_status (rec), ==, FINDINGS_STATUS_OPEN);
      id = record (fixture, cases[i].action, cases[i].rec_id);

      /* Committed when the call returns: the outbox row, waiting to be sent. */
      entry = latest_entry (fixture, cases[i].rec_id);
      g_assert_cmpstr (entry->id, ==, id);
      g_assert_cmpstr (entry->visit_id, ==, VISIT_ID);
      g_assert_cmpint (entry->action, ==, cases[i].action);
      g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_PENDING);
      g_assert_cmpuint (findings_store_count_pending (store), ==, i + 1);

      /* The optimistic status, and the screen told. */
      g_assert_cmpint (findings_recommendation_get_status (rec), ==, cases[i].status);
      g_assert_cmpuint (fixture->changed->len, ==, i + 1);
      g_assert_cmpstr (g_ptr_array_index (fixture->changed, i), ==, cases[i].rec_id);

      /* No office to send it to: saved, and nothing more to say. */
      g_assert_cmpint (findings_session_get_delivery (fixture->session, cases[i].rec_id,
                                                      &problem, &detail, &next_attempt),
                       ==, FINDINGS_DELIVERY_SAVED);
      g_assert_null (problem);
      g_assert_null (detail);
      g_assert_cmpint (next_attempt, ==, entry->next_attempt_at);
    }
}

typedef struct
{
  gboolean done;
} Written;

static void
refused_written_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (findings_store_mark_refused_finish (FINDINGS_STORE (object), result, &error));
  g_assert_no_error (error);
  ((Written *) user_data)->done = TRUE;
}

static void
sent_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (findings_store_mark_sent_finish (FINDINGS_STORE (object), result, &error));
  g_assert_no_error (error);
  ((Written *) user_data)->done = TRUE;
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  FindingsStore *store = findings_session_get_store (fixture->session);
  FindingsRecommendation *rec = find_recommendation (fixture, "r-2951");
  const char *office_detail = "The quote for this work expired on 2026-12-31.";
  g_autofree char *id = record (fixture, FINDINGS_ACTION_ACCEPT, "r-2951");
  g_autofree char *problem = NULL;
  g_autofree char *detail = NULL;
  gint64 next_attempt = -1;
  Written written = { FALSE };

  g_assert_cmpint (findings_recommendation_get_status (rec), ==, FINDINGS_STATUS_ACCEPTED);

  /* What the sync does when the office says no: the store first, then the signal. */
  findings_store_mark_refused_async (store, id, "quote-expired", office_detail, NULL,
                                     refused_written_cb, &written);
  wait_for (&written.done);
  _findings_session_decision_refused (fixture->session, id, "r-2951", "quote-expired",
                                      office_detail);

  /* The status the office really has is back, and the screen is told why. */
  g_assert_cmpint (findings_recommendation_get_status (rec), ==, FINDINGS_STATUS_OPEN);
  g_assert_cmpuint (fixture->changed->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture->changed, 1), ==, "r-2951");
  g_assert_cmpint (findings_session_get_delivery (fixture->session, "r-2951",
                                                  &problem, &detail, &next_attempt),
                   ==, FINDINGS_DELIVERY_REFUSED);
  g_assert_cmpstr (problem, ==, "quote-expired");
  g_assert_cmpstr (detail, ==, office_detail);
  g_assert_cmpint (next_attempt, ==, 0);
  g_assert_cmpuint (findings_store_count_pending (store), ==, 0);
}

/* A change of mind after a decline, refused: back to declined, not to open. */
static void
test_refused_change_of_mind (Fixture       *fixture,
                             gconstpointer  data)
{
  FindingsStore *store = findings_session_get_store (fixture->session);
  FindingsRecommendation *rec = find_recommendation (fixture, "r-2951");
  g_autofree char *declined = record (fixture, FINDINGS_ACTION_DECLINE, "r-2951");
  g_autofree char *accepted = record (fixture, FINDINGS_ACTION_ACCEPT, "r-2951");
  g_autofree char *problem = NULL;
  Written written = { FALSE };

  findings_store_mark_refused_async (store, accepted, "withdrawn", "Withdrawn.", NULL,
                                     refused_written_cb, &written);
  wait_for (&written.done);
  _findings_session_decision_refused (fixture->session, accepted, "r-2951", "withdrawn",
                                      "Withdrawn.");

  g_assert_cmpint (findings_recommendation_get_status (rec), ==, FINDINGS_STATUS_DECLINED);
  g_assert_cmpint (findings_session_get_delivery (fixture->session, "r-2951", &problem, NULL,
                                                  NULL),
                   ==, FINDINGS_DELIVERY_REFUSED);
  g_assert_cmpstr (problem, ==, "withdrawn");
}

static void
test_sent (Fixture       *fixture,
           gconstpointer  data)
{
  FindingsStore *store = findings_session_get_store (fixture->session);
  g_autofree char *id = record (fixture, FINDINGS_ACTION_DECLINE, "r-2953");
  g_autofree char *problem = NULL;
  gint64 next_attempt = -1;
  Written written = { FALSE };

  findings_store_mark_sent_async (store, id, "{}", NULL, sent_written_cb, &written);
  wait_for (&written.done);

  g_assert_cmpint (findings_session_get_delivery (fixture->session, "r-2953", &problem, NULL,
                                                  &next_attempt),
                   ==, FINDINGS_DELIVERY_SENT);
  g_assert_null (problem);
  g_assert_cmpint (next_attempt, ==, 0);
  /* The decision stays what the customer chose. */
  g_assert_cmpint (findings_recommendation_get_status (find_recommendation (fixture, "r-2953")),
                   ==, FINDINGS_STATUS_DECLINED);
}

/* The office's answer replaces the optimistic status, and its follow-up is shown. */
static void
test_answered (Fixture       *fixture,
               gconstpointer  data)
{
  static const char body[] =
    "{\"decision\": {}, \"recommendation\": {\"id\": \"r-2954\", \"status\": \"call_requested\","
    " \"follow_up\": {\"state\": \"scheduled\", \"owner\": \"Sam Okafor\","
    " \"due_by\": \"2026-12-20\"}}}";
  FindingsStore *store = findings_session_get_store (fixture->session);
  FindingsRecommendation *rec = find_recommendation (fixture, "r-2954");
  g_autofree char *id = record (fixture, FINDINGS_ACTION_REQUEST_CALL, "r-2954");
  g_autoptr(GBytes) bytes = g_bytes_new_static (body, sizeof body - 1);
  g_autoptr(FindingsDecisionAnswer) answer = NULL;
  g_autoptr(GError) error = NULL;
  FindingsFollowUp *follow_up;
  Written written = { FALSE };

  g_assert_null (findings_recommendation_get_follow_up (rec));

  /* What the sync does with a 201: the store first, then the signal. */
  answer = findings_decision_answer_parse (bytes, &error);
  g_assert_no_error (error);
  findings_store_mark_sent_async (store, id, body, NULL, sent_written_cb, &written);
  wait_for (&written.done);
  _findings_session_decision_answered (fixture->session, id, answer);

  g_assert_cmpint (findings_recommendation_get_status (rec), ==, FINDINGS_STATUS_CALL_REQUESTED);
  follow_up = findings_recommendation_get_follow_up (rec);
  g_assert_nonnull (follow_up);
  g_assert_cmpint (findings_follow_up_get_state (follow_up), ==,
                   FINDINGS_FOLLOW_UP_STATE_SCHEDULED);
  g_assert_cmpstr (findings_follow_up_get_owner (follow_up), ==, "Sam Okafor");
  g_assert_cmpstr (findings_follow_up_get_due_by (follow_up), ==, "2026-12-20");

  g_assert_cmpuint (fixture->changed->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture->changed, 1), ==, "r-2954");
  g_assert_cmpint (findings_session_get_delivery (fixture->session, "r-2954", NULL, NULL, NULL),
                   ==, FINDINGS_DELIVERY_SENT);
}

/* With no store, nothing is pretended: the error says so and the status stays. */
static void
documents_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (findings_session_load_documents_finish (FINDINGS_SESSION (object), result,
                                                         &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static guint
count_documents (GFile *folder)
{
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (folder, "standard::name",
                                                                   0, NULL, NULL);
  GFileInfo *info;
  guint n = 0;

  while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      n += g_str_has_suffix (g_file_info_get_name (info), ".json");
      g_object_unref (info);
    }

  return n;
}

/* The demo shows the documents its office is loaded with while that office starts;
 * the office's own copies later take their place, never beside them. */
static void
test_documents (void)
{
  g_autoptr(GFile) data_dir = findings_office_config_dup_data_dir ();
  g_autoptr(GFile) demo = g_file_get_child (data_dir, "demo");
  g_autofree char *dir = g_dir_make_tmp ("test-session-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
  g_autoptr(FindingsSession) session = findings_session_new ("test-kiosk");
  GListModel *visits = findings_session_get_visits (session);
  guint n = count_documents (demo);
  gboolean done = FALSE;

  g_assert_cmpuint (n, >, 1);
  g_assert_true (findings_session_open_store (session, path));
  g_assert_true (findings_session_get_loading (session));

  findings_session_load_documents_async (session, demo, NULL, documents_loaded_cb, &done);
  wait_for (&done);
  g_assert_cmpuint (g_list_model_get_n_items (visits), ==, n);
  g_assert_false (findings_session_get_loading (session));
  g_assert_null (findings_session_get_problems (session));

  done = FALSE;
  findings_session_load_documents_async (session, demo, NULL, documents_loaded_cb, &done);
  wait_for (&done);
  g_assert_cmpuint (g_list_model_get_n_items (visits), ==, n);

  findings_session_stop (session);
}

/* An office whose photos never come: the visits it sent are shown all the same. */
static void
office_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  GPtrArray *held = user_data;

  if (g_str_equal (path, "/api/v1/visits"))
    {
      g_autoptr(GFile) data_dir = findings_office_config_dup_data_dir ();
      g_autoptr(GFile) file = g_file_get_child (data_dir, "demo/v-2026-0388.json");
      g_autoptr(GBytes) visit = g_file_load_bytes (file, NULL, NULL, NULL);
      g_autofree char *page = g_strdup_printf ("{\"visits\": [%.*s], \"cursor\": \"c-1\","
                                               " \"more\": false}",
                                               (int) g_bytes_get_size (visit),
                                               (const char *) g_bytes_get_data (visit, NULL));

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, page,
                                        strlen (page));
      return;
    }

  if (g_str_has_prefix (path, "/api/v1/photos/"))
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (held, g_object_ref (msg));
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static gboolean
give_up_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_first_visits_end_loading (void)
{
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-session-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
  g_autoptr(FindingsSession) session = findings_session_new ("test-kiosk");
  g_autoptr(FindingsOfficeConfig) office = NULL;
  g_autofree char *url = NULL;
  GSList *uris;
  gboolean gave_up = FALSE;
  guint give_up;

  soup_server_add_handler (server, NULL, office_cb, held, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_assert_true (findings_session_open_store (session, path));
  office = findings_office_config_new (url, "kiosk-token");
  findings_session_connect (session, office);

  /* The visits are shown while their photos are still on their way: by the time the
   * office is asked for a photo (and holds it back), loading has ended. */
  give_up = g_timeout_add_seconds (30, give_up_cb, &gave_up);
  while (held->len == 0 && !gave_up)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gave_up);
  g_source_remove (give_up);

  g_assert_false (findings_session_get_loading (session));
  g_assert_cmpuint (g_list_model_get_n_items (findings_session_get_visits (session)), ==, 1);

  findings_session_stop (session);
  for (guint i = 0; i < held->len; i++)
    {
      soup_server_message_set_status (g_ptr_array_index (held, i),
                                      SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_message_unpause (g_ptr_array_index (held, i));
    }
  soup_server_disconnect (server);
}

static void
test_no_store (void)
{
  g_autoptr(FindingsSession) session = findings_session_new (NULL);
  g_autoptr(FindingsRecommendation) rec = g_object_new (FINDINGS_TYPE_RECOMMENDATION, NULL);
  g_autoptr(FindingsDecision) decision = new_decision (FINDINGS_ACTION_DECLINE, "r-1");
  Recorded recorded = { FALSE, FALSE, NULL };

  findings_session_record_decision_async (session, decision, rec, NULL, recorded_cb, &recorded);
  wait_for (&recorded.done);

  g_assert_error (recorded.error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_assert_false (recorded.ok);
  g_clear_error (&recorded.error);
  g_assert_cmpint (findings_recommendation_get_status (rec), ==, FINDINGS_STATUS_OPEN);
  g_assert_cmpint (findings_session_get_delivery (session, "r-1", NULL, NULL, NULL), ==,
                   FINDINGS_DELIVERY_NONE);
}

/* An office address the sync would refuse is a problem the window shows. */
static void
test_unusable_office (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(FindingsSession) session = findings_session_new (NULL);
  g_autoptr(FindingsOfficeConfig) office = findings_office_config_new ("http://example.com/",
                                                                      "token");
  g_autofree char *path = g_build_filename (fixture->dir, "other.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  const char * const *problems;

  g_assert_true (findings_session_open_store (session, path));
  g_test_expect_message ("findings-session", G_LOG_LEVEL_WARNING,
                         "The office address is not usable*");
  findings_session_connect (session, office);
  g_test_assert_expected_messages ();

  problems = findings_session_get_problems (session);
  g_assert_nonnull (problems);
  g_assert_true (g_str_has_prefix (problems[0], "The office address is not usable"));
  g_assert_false (findings_session_has_office (session));

  g_clear_object (&session);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
}

/* New settings take effect without a restart: an unusable office is said, a usable
 * one then clears what was said and is synced with, and none stops the sync. The
 * office here is loopback port 1, where nothing listens; nothing is sent anywhere. */
static void
test_reconnect (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FindingsOfficeConfig) unusable = findings_office_config_new ("http://example.com/",
                                                                        "token");
  g_autoptr(FindingsOfficeConfig) usable = findings_office_config_new ("http://127.0.0.1:1",
                                                                      "token");
  const char * const *problems;

  g_assert_false (findings_session_has_office (fixture->session));

  g_test_expect_message ("findings-session", G_LOG_LEVEL_WARNING,
                         "The office address is not usable*");
  findings_session_reconnect (fixture->session, unusable);
  g_test_assert_expected_messages ();
  problems = findings_session_get_problems (fixture->session);
  g_assert_nonnull (problems);
  g_assert_true (g_str_has_prefix (problems[0], "The office address is not usable"));
  g_assert_false (findings_session_has_office (fixture->session));

  findings_session_reconnect (fixture->session, usable);
  problems = findings_session_get_problems (fixture->session);
  g_assert_true (problems == NULL || problems[0] == NULL);
  g_assert_true (findings_session_has_office (fixture->session));

  /* Again with the same office: the old sync is stopped and let go, a new one runs. */
  findings_session_reconnect (fixture->session, usable);
  g_assert_true (findings_session_has_office (fixture->session));

  findings_session_reconnect (fixture->session, NULL);
  g_assert_false (findings_session_has_office (fixture->session));
  g_assert_cmpstr (findings_session_get_sync_status (fixture->session), ==,
                   "Not connected to an office");
}

/* The installer's secrets: written private, read back, and refused once others can
 * read them. G_TEST_OPTION_ISOLATE_DIRS gives each test its own config folder. */
static void
test_secret (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *value = NULL;
  GStatBuf st;

  value = findings_office_config_read_secret ("office-token", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (value);
  g_clear_error (&error);

  g_assert_true (findings_office_config_write_secret ("office-token", "k-secret", &error));
  g_assert_no_error (error);

  path = g_build_filename (g_get_user_config_dir (), "findings", "office-token", NULL);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  value = findings_office_config_read_secret ("office-token", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "k-secret");
  g_clear_pointer (&value, g_free);

  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  value = findings_office_config_read_secret ("office-token", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "chmod 600"));
  g_assert_null (value);
  g_clear_error (&error);

  /* Saving again puts the mode right. */
  g_assert_true (findings_office_config_write_secret ("office-token", "k-new", &error));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  value = findings_office_config_read_secret ("office-token", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "k-new");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/session/cache", Fixture, NULL, fixture_set_up, test_cache, fixture_tear_down);
  g_test_add ("/session/record", Fixture, NULL, fixture_set_up, test_record, fixture_tear_down);
  g_test_add ("/session/refused", Fixture, NULL, fixture_set_up, test_refused,
              fixture_tear_down);
  g_test_add ("/session/refused-change-of-mind", Fixture, NULL, fixture_set_up,
              test_refused_change_of_mind, fixture_tear_down);
  g_test_add ("/session/sent", Fixture, NULL, fixture_set_up, test_sent, fixture_tear_down);
  g_test_add ("/session/answered", Fixture, NULL, fixture_set_up, test_answered,
              fixture_tear_down);
  g_test_add_func ("/session/no-store", test_no_store);
  g_test_add_func ("/session/documents", test_documents);
  g_test_add_func ("/session/first-visits-end-loading", test_first_visits_end_loading);
  g_test_add ("/session/unusable-office", Fixture, NULL, fixture_set_up, test_unusable_office,
              fixture_tear_down);

  g_test_add ("/session/reconnect", Fixture, NULL, fixture_set_up, test_reconnect,
              fixture_tear_down);
  g_test_add_func ("/session/secret", test_secret);

  return g_test_run ();
}
