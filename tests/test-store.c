/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "findings-store-private.h"

#define HOUR_US (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_assert_no_errno (g_remove (path));
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }

  g_assert_no_errno (g_rmdir (path));
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("findings-test-store-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = make_tmp_dir ();
  /* A folder that does not exist yet: the store creates it. */
  fixture->path = g_build_filename (fixture->dir, "state", "findings.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static FindingsStore *
open_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  FindingsStore *store = findings_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (FINDINGS_IS_STORE (store));
  return store;
}

static FindingsDecision *
make_decision (FindingsAction  action,
               const char     *id,
               const char     *recommendation_id)
{
  FindingsDecision *decision = findings_decision_new (action);

  if (id != NULL)
    findings_decision_set_id (decision, id);
  findings_decision_set_visit_id (decision, "v-1");
  findings_decision_set_recommendation_id (decision, recommendation_id);
  findings_decision_set_kiosk_id (decision, "lobby-1");

  switch (action)
    {
    case FINDINGS_ACTION_ACCEPT:
      findings_decision_set_option_id (decision, "o-2");
      findings_decision_set_decided_by_name (decision, "Dana Whitfield");
      break;
    case FINDINGS_ACTION_REQUEST_CALL:
      findings_decision_set_call_phone (decision, "+1 416 555 0100");
      break;
    case FINDINGS_ACTION_DECLINE:
      findings_decision_set_reason (decision, "Not this year — l’an prochain.");
      break;
    default:
      g_assert_not_reached ();
    }

  return decision;
}

static void
add_ok (FindingsStore    *store,
        FindingsDecision *decision)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = findings_store_add_decision (store, decision, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

static GPtrArray *
pending (FindingsStore *store,
         gint64         now)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = findings_store_list_pending (store, now, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

static void
assert_body (GBytes           *body,
             FindingsDecision *decision)
{
  g_autofree char *json = NULL;
  gsize length;

  json = findings_decision_to_json (decision, &length);
  g_assert_nonnull (body);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), json, length);
}

static GBytes *
bytes_from_string (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
test_pragmas (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(FindingsStore) store = open_ok (fixture->path);
  g_autofree char *journal_mode = findings_store_dup_pragma (store, "journal_mode");
  g_autofree char *synchronous = findings_store_dup_pragma (store, "synchronous");
  g_autofree char *foreign_keys = findings_store_dup_pragma (store, "foreign_keys");
  g_autofree char *busy_timeout = findings_store_dup_pragma (store, "busy_timeout");
  g_autofree char *user_version = findings_store_dup_pragma (store, "user_version");
  GStatBuf info;

  g_assert_cmpstr (journal_mode, ==, "wal");
  /* 2 is FULL. */
  g_assert_cmpstr (synchronous, ==, "2");
  g_assert_cmpstr (foreign_keys, ==, "1");
  g_assert_cmpstr (busy_timeout, ==, "5000");
  g_assert_cmpstr (user_version, ==, "1");
  g_assert_cmpstr (findings_store_get_path (store), ==, fixture->path);

  /* Names and phone numbers: only this user reads the file. */
  g_assert_no_errno (g_stat (fixture->path, &info));
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
}

static void
test_lifecycle (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FindingsStore) store = open_ok (fixture->path);
  g_autoptr(FindingsDecision) decision = make_decision (FINDINGS_ACTION_ACCEPT, NULL, "r-881");
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  FindingsOutboxEntry *entry;
  gint64 before = g_get_real_time ();

  g_assert_cmpuint (findings_store_count_pending (store), ==, 0);
  add_ok (store, decision);
  g_assert_cmpuint (findings_store_count_pending (store), ==, 1);

  entries = pending (store, g_get_real_time ());
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->id, ==, findings_decision_get_id (decision));
  g_assert_cmpstr (entry->visit_id, ==, "v-1");
  g_assert_cmpstr (entry->recommendation_id, ==, "r-881");
  g_assert_cmpint (entry->action, ==, FINDINGS_ACTION_ACCEPT);
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_PENDING);
  g_assert_cmpuint (entry->attempts, ==, 0);
  g_assert_cmpint (entry->created_at, >=, before);
  g_assert_cmpint (entry->created_at, <=, g_get_real_time ());
  g_assert_cmpint (entry->sent_at, ==, 0);
  assert_body (entry->body, decision);

  /* Not due before it was made. */
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = pending (store, before - 1);
  g_assert_cmpuint (entries->len, ==, 0);

  g_assert_true (findings_store_mark_sent (store, findings_decision_get_id (decision),
                                           "{\"decision\": {}}", &error));
  g_assert_no_error (error);

  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = pending (store, G_MAXINT64);
  g_assert_cmpuint (entries->len, ==, 0);
  g_assert_cmpuint (findings_store_count_pending (store), ==, 0);

  history = findings_store_list_for_recommendation (store, "r-881");
  g_assert_cmpuint (history->len, ==, 1);
  entry = g_ptr_array_index (history, 0);
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_SENT);
  g_assert_cmpstr (entry->response, ==, "{\"decision\": {}}");
  g_assert_cmpint (entry->sent_at, >=, entry->created_at);

  /* A sent decision is never put back in line. */
  g_assert_false (findings_store_reschedule (store, entry->id, 0, "late", &error));
  g_assert_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (findings_store_mark_sent (store, "no-such-id", NULL, &error));
  g_assert_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_NOT_FOUND);
}

static void
test_reschedule (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(FindingsStore) store = open_ok (fixture->path);
  g_autoptr(FindingsDecision) decision = make_decision (FINDINGS_ACTION_REQUEST_CALL, "d-1",
                                                        "r-1");
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  FindingsOutboxEntry *entry;
  gint64 now;
  gint64 later;

  add_ok (store, decision);
  now = g_get_real_time ();
  later = now + HOUR_US;

  g_assert_true (findings_store_reschedule (store, "d-1", later, "Network is unreachable",
                                            &error));
  g_assert_no_error (error);

  entries = pending (store, now);
  g_assert_cmpuint (entries->len, ==, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);

  entries = pending (store, later - 1);
  g_assert_cmpuint (entries->len, ==, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* Still waiting, only not due. */
  g_assert_cmpuint (findings_store_count_pending (store), ==, 1);

  entries = pending (store, later);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpuint (entry->attempts, ==, 1);
  g_assert_cmpint (entry->next_attempt_at, ==, later);
  g_assert_cmpstr (entry->last_error, ==, "Network is unreachable");
  assert_body (entry->body, decision);
  g_clear_pointer (&entries, g_ptr_array_unref);

  g_assert_true (findings_store_reschedule (store, "d-1", now, "503", &error));
  g_assert_no_error (error);
  entries = pending (store, now);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpuint (entry->attempts, ==, 2);
  g_assert_cmpstr (entry->last_error, ==, "503");
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(FindingsStore) store = open_ok (fixture->path);
  g_autoptr(FindingsDecision) decline = make_decision (FINDINGS_ACTION_DECLINE, "d-1", "r-1");
  g_autoptr(FindingsDecision) accept = make_decision (FINDINGS_ACTION_ACCEPT, "d-2", "r-1");
  g_autoptr(FindingsDecision) other = make_decision (FINDINGS_ACTION_DECLINE, "d-3", "r-2");
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;
  FindingsOutboxEntry *entry;

  add_ok (store, decline);
  add_ok (store, accept);
  add_ok (store, other);

  g_assert_true (findings_store_mark_refused (store, "d-2", "quote-expired",
                                              "The quote expired on 2026-12-31.", &error));
  g_assert_no_error (error);

  entries = pending (store, G_MAXINT64);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (((FindingsOutboxEntry *) g_ptr_array_index (entries, 0))->id, ==, "d-1");
  g_assert_cmpstr (((FindingsOutboxEntry *) g_ptr_array_index (entries, 1))->id, ==, "d-3");
  g_assert_cmpuint (findings_store_count_pending (store), ==, 2);

  history = findings_store_list_for_recommendation (store, "r-1");
  g_assert_cmpuint (history->len, ==, 2);
  entry = g_ptr_array_index (history, 0);
  g_assert_cmpstr (entry->id, ==, "d-2");
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_REFUSED);
  g_assert_cmpstr (entry->problem_type, ==, "quote-expired");
  g_assert_cmpstr (entry->last_error, ==, "The quote expired on 2026-12-31.");
  assert_body (entry->body, accept);
  entry = g_ptr_array_index (history, 1);
  g_assert_cmpstr (entry->id, ==, "d-1");
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_PENDING);

  none = findings_store_list_for_recommendation (store, "r-404");
  g_assert_cmpuint (none->len, ==, 0);

  /* Refused for good: not rescheduled. */
  g_assert_false (findings_store_reschedule (store, "d-2", 0, NULL, &error));
  g_assert_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (findings_store_mark_refused (store, "d-404", "withdrawn", NULL, &error));
  g_assert_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_NOT_FOUND);
}

static void
test_order (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(FindingsStore) store = open_ok (fixture->path);
  g_autoptr(GPtrArray) entries = NULL;
  static const char * const ids[] = { "z-first", "a-second", "m-third", "b-fourth" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(FindingsDecision) decision = make_decision (FINDINGS_ACTION_DECLINE, ids[i],
                                                            "r-1");

      add_ok (store, decision);
    }

  entries = pending (store, G_MAXINT64);
  g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_cmpstr (((FindingsOutboxEntry *) g_ptr_array_index (entries, i))->id, ==, ids[i]);
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FindingsStore) store = open_ok (fixture->path);
  g_autoptr(FindingsDecision) decision = make_decision (FINDINGS_ACTION_DECLINE, "d-1", "r-1");
  g_autoptr(FindingsDecision) again = make_decision (FINDINGS_ACTION_ACCEPT, "d-1", "r-1");
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  add_ok (store, decision);
  g_assert_false (findings_store_add_decision (store, again, &error));
  g_assert_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "d-1"));
  g_clear_error (&error);

  g_assert_false (findings_store_add_decision (store, decision, &error));
  g_assert_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_EXISTS);

  entries = pending (store, G_MAXINT64);
  g_assert_cmpuint (entries->len, ==, 1);
  /* The first one stays as it was. */
  assert_body (((FindingsOutboxEntry *) g_ptr_array_index (entries, 0))->body, decision);
}

static void
test_invalid (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(FindingsStore) store = open_ok (fixture->path);
  g_autoptr(FindingsDecision) no_name = make_decision (FINDINGS_ACTION_ACCEPT, "d-1", "r-1");
  g_autoptr(FindingsDecision) no_visit = make_decision (FINDINGS_ACTION_DECLINE, "d-2", "r-1");
  g_autoptr(GError) error = NULL;

  findings_decision_set_decided_by_name (no_name, NULL);
  g_assert_false (findings_store_add_decision (store, no_name, &error));
  g_assert_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "decided_by"));
  g_clear_error (&error);

  findings_decision_set_visit_id (no_visit, NULL);
  g_assert_false (findings_store_add_decision (store, no_visit, &error));
  g_assert_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "visit_id: missing"));

  g_assert_cmpuint (findings_store_count_pending (store), ==, 0);
}

static void
test_reopen (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(FindingsStore) store = open_ok (fixture->path);
  g_autoptr(FindingsDecision) decision = make_decision (FINDINGS_ACTION_REQUEST_CALL, "d-1",
                                                        "r-1");
  g_autoptr(GDateTime) completed_at = g_date_time_new_utc (2026, 11, 20, 15, 40, 0);
  g_autoptr(GBytes) photo = bytes_from_string ("\x89PNG\r\n\x1a\n fake");
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);
  static const char visit[] = "{\"id\": \"v-1\", \"note\": \"r\\u00e9sum\\u00e9 é\"}";
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *media_type = NULL;
  g_autofree char *user_version = NULL;

  findings_decision_set_call_note (decision, "Käthe \"K\" O'Brien\n— ask at the desk");
  add_ok (store, decision);
  g_assert_true (findings_store_save_visit (store, "v-1", "s-1", completed_at,
                                            visit, strlen (visit), &error));
  g_assert_no_error (error);
  g_assert_true (findings_store_set_cursor (store, "c=1&x", &error));
  g_assert_no_error (error);
  g_assert_true (findings_store_save_photo (store, "p-1", sha, "image/png", photo, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  /* Twice: opening an existing file changes nothing. */
  for (guint i = 0; i < 2; i++)
    {
      store = open_ok (fixture->path);

      entries = pending (store, G_MAXINT64);
      g_assert_cmpuint (entries->len, ==, 1);
      assert_body (((FindingsOutboxEntry *) g_ptr_array_index (entries, 0))->body, decision);
      g_clear_pointer (&entries, g_ptr_array_unref);

      bodies = findings_store_load_visit_bodies (store, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (bodies->len, ==, 1);
      g_assert_cmpmem (g_bytes_get_data (g_ptr_array_index (bodies, 0), NULL),
                       g_bytes_get_size (g_ptr_array_index (bodies, 0)),
                       visit, strlen (visit));
      g_clear_pointer (&bodies, g_ptr_array_unref);

      cursor = findings_store_dup_cursor (store);
      g_assert_cmpstr (cursor, ==, "c=1&x");
      g_clear_pointer (&cursor, g_free);

      loaded = findings_store_load_photo (store, "p-1", &media_type, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (loaded, photo));
      g_assert_cmpstr (media_type, ==, "image/png");
      g_clear_pointer (&loaded, g_bytes_unref);
      g_clear_pointer (&media_type, g_free);

      user_version = findings_store_dup_pragma (store, "user_version");
      g_assert_cmpstr (user_version, ==, "1");
      g_clear_pointer (&user_version, g_free);

      g_clear_object (&store);
    }
}

/* The child saves a decision and is killed the moment the store says it is
 * saved: nothing after that point may be needed for the decision to last. */
static void
test_durability (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(FindingsStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(FindingsDecision) decision = make_decision (FINDINGS_ACTION_REQUEST_CALL,
                                                            "durable-1", "r-1");
      g_autoptr(GError) error = NULL;

      store = findings_store_open (g_getenv ("FINDINGS_TEST_STORE_PATH"), &error);
      g_assert_no_error (error);
      add_ok (store, decision);

      printf ("saved durable-1\n");
      fflush (stdout);
      raise (SIGKILL);
      g_assert_not_reached ();
    }

  dir = make_tmp_dir ();
  path = g_build_filename (dir, "findings.db", NULL);
  g_setenv ("FINDINGS_TEST_STORE_PATH", path, TRUE);

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout ("*saved durable-1*");

  store = open_ok (path);
  entries = pending (store, G_MAXINT64);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((FindingsOutboxEntry *) g_ptr_array_index (entries, 0))->id, ==,
                   "durable-1");
  g_assert_cmpuint (findings_store_count_pending (store), ==, 1);

  g_clear_object (&store);
  remove_tree (dir);
}

static GPtrArray *
make_page (guint first,
           guint n)
{
  GPtrArray *visits = g_ptr_array_new_with_free_func ((GDestroyNotify) findings_store_visit_free);

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *id = g_strdup_printf ("v-%u", i);
      g_autofree char *json = g_strdup_printf ("{\"id\": \"v-%u\"}", i);
      g_autoptr(GBytes) body = bytes_from_string (json);
      g_autoptr(GDateTime) completed_at = g_date_time_new_utc (2026, 1, (int) i, 12, 0, 0);

      g_ptr_array_add (visits, findings_store_visit_new (id, "s-1", completed_at, body));
    }

  return visits;
}

static guint
count_visits (FindingsStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bodies = findings_store_load_visit_bodies (store, &error);

  g_assert_no_error (error);
  return bodies->len;
}

static void
test_save_page (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FindingsStore) store = open_ok (fixture->path);
  g_autoptr(GPtrArray) page1 = make_page (1, 2);
  g_autoptr(GPtrArray) page2 = make_page (3, 2);
  g_autoptr(GPtrArray) page3 = make_page (5, 2);
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  FindingsStoreVisit *bad;

  g_assert_null (findings_store_dup_cursor (store));

  g_assert_true (findings_store_save_page (store, page1, "c1", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_visits (store), ==, 2);
  cursor = findings_store_dup_cursor (store);
  g_assert_cmpstr (cursor, ==, "c1");
  g_clear_pointer (&cursor, g_free);

  /* A good visit, then one without a body: neither is kept, nor the cursor. */
  bad = g_ptr_array_index (page2, 1);
  g_clear_pointer (&bad->body, g_bytes_unref);
  g_assert_false (findings_store_save_page (store, page2, "c2", &error));
  g_assert_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "visits.body"));
  g_clear_error (&error);
  g_assert_cmpuint (count_visits (store), ==, 2);
  cursor = findings_store_dup_cursor (store);
  g_assert_cmpstr (cursor, ==, "c1");
  g_clear_pointer (&cursor, g_free);

  /* The same with a visit without an id. */
  bad = g_ptr_array_index (page3, 1);
  g_clear_pointer (&bad->id, g_free);
  g_assert_false (findings_store_save_page (store, page3, "c3", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (count_visits (store), ==, 2);

  /* The store is still usable after the rollback. */
  bad = g_ptr_array_index (page2, 1);
  bad->body = bytes_from_string ("{\"id\": \"v-4\"}");
  g_assert_true (findings_store_save_page (store, page2, "c2", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_visits (store), ==, 4);
  cursor = findings_store_dup_cursor (store);
  g_assert_cmpstr (cursor, ==, "c2");
  g_clear_pointer (&cursor, g_free);

  /* An empty page still moves the cursor; NULL forgets it. */
  g_assert_true (findings_store_save_page (store, empty, "c3", &error));
  g_assert_no_error (error);
  cursor = findings_store_dup_cursor (store);
  g_assert_cmpstr (cursor, ==, "c3");
  g_assert_true (findings_store_set_cursor (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (findings_store_dup_cursor (store));
}

static void
test_visits (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(FindingsStore) store = open_ok (fixture->path);
  g_autoptr(GDateTime) early = g_date_time_new_utc (2026, 3, 1, 8, 0, 0);
  g_autoptr(GDateTime) late = g_date_time_new_utc (2026, 11, 20, 15, 40, 0);
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (findings_store_save_visit (store, "v-early", "s-1", early, "{\"n\":1}", 7,
                                            &error));
  g_assert_no_error (error);
  g_assert_true (findings_store_save_visit (store, "v-late", "s-1", late, "{\"n\":2}", 7,
                                            &error));
  g_assert_no_error (error);
  /* Replaced, not added; @length is honoured. */
  g_assert_true (findings_store_save_visit (store, "v-early", "s-1", early, "{\"n\":3}xyz", 7,
                                            &error));
  g_assert_no_error (error);

  bodies = findings_store_load_visit_bodies (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bodies->len, ==, 2);
  g_assert_cmpmem (g_bytes_get_data (g_ptr_array_index (bodies, 0), NULL),
                   g_bytes_get_size (g_ptr_array_index (bodies, 0)), "{\"n\":2}", 7);
  g_assert_cmpmem (g_bytes_get_data (g_ptr_array_index (bodies, 1), NULL),
                   g_bytes_get_size (g_ptr_array_index (bodies, 1)), "{\"n\":3}", 7);
}

static void
test_photos (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(FindingsStore) store = open_ok (fixture->path);
  g_autoptr(GBytes) photo = bytes_from_string ("\xff\xd8\xff\xe0 not really a jpeg \x00 ok");
  g_autoptr(GBytes) other = bytes_from_string ("something else");
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);
  g_autofree char *other_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, other);
  g_autofree char *empty_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, empty);
  g_autofree char *upper_sha = g_ascii_strup (sha, -1);
  g_autofree char *media_type = NULL;
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (findings_store_has_photo (store, "p-1", NULL));

  /* Bytes that do not match the visit's checksum are not kept. */
  g_assert_false (findings_store_save_photo (store, "p-1", other_sha, "image/jpeg", photo,
                                             &error));
  g_assert_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_CHECKSUM);
  g_assert_nonnull (strstr (error->message, "p-1"));
  g_clear_error (&error);
  g_assert_false (findings_store_has_photo (store, "p-1", NULL));

  g_assert_true (findings_store_save_photo (store, "p-1", upper_sha, "image/jpeg", photo,
                                            &error));
  g_assert_no_error (error);
  g_assert_true (findings_store_has_photo (store, "p-1", sha));
  g_assert_true (findings_store_has_photo (store, "p-1", NULL));
  g_assert_false (findings_store_has_photo (store, "p-1", other_sha));
  g_assert_false (findings_store_has_photo (store, "p-2", sha));

  loaded = findings_store_load_photo (store, "p-1", &media_type, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (loaded, photo));
  g_assert_cmpstr (media_type, ==, "image/jpeg");
  g_clear_pointer (&loaded, g_bytes_unref);
  g_clear_pointer (&media_type, g_free);

  /* Replaced at the office: a new checksum. */
  g_assert_true (findings_store_save_photo (store, "p-1", other_sha, "image/png", other,
                                            &error));
  g_assert_no_error (error);
  g_assert_true (findings_store_has_photo (store, "p-1", other_sha));
  loaded = findings_store_load_photo (store, "p-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (loaded, other));
  g_clear_pointer (&loaded, g_bytes_unref);

  g_assert_true (findings_store_save_photo (store, "p-empty", empty_sha, NULL, empty, &error));
  g_assert_no_error (error);
  loaded = findings_store_load_photo (store, "p-empty", &media_type, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (loaded), ==, 0);
  g_assert_null (media_type);
  g_clear_pointer (&loaded, g_bytes_unref);

  loaded = findings_store_load_photo (store, "p-404", &media_type, &error);
  g_assert_null (loaded);
  g_assert_null (media_type);
  g_assert_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_NOT_FOUND);
}

static void
test_corrupt (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GString) garbage = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FindingsStore) store = NULL;
  g_autofree char *folder = g_path_get_dirname (fixture->path);

  while (garbage->len < 8192)
    g_string_append (garbage, "this is not a database \x01\x02\xfe\xff ");

  g_assert_no_errno (g_mkdir_with_parents (folder, 0700));
  g_assert_true (g_file_set_contents (fixture->path, garbage->str, garbage->len, &error));
  g_assert_no_error (error);

  store = findings_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_CORRUPT);
  g_assert_true (g_str_has_prefix (error->message,
                                   "The local database could not be opened: "));
  g_assert_nonnull (strstr (error->message, "not a database"));
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_clear_error (&error);

  /* Refused, not repaired: the garbage is left for someone to look at. */
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));

  /* Truncated to its first bytes it is no better. */
  g_assert_true (g_file_set_contents (fixture->path, "SQLite format 3", 16, &error));
  g_assert_no_error (error);
  store = findings_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_true (error->domain == FINDINGS_STORE_ERROR);
}

static void
test_unusable_path (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fixture->dir, "a-file", NULL);
  g_autofree char *below = g_build_filename (file, "findings.db", NULL);
  g_autoptr(FindingsStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (file, "x", 1, &error));
  g_assert_no_error (error);

  store = findings_store_open (below, &error);
  g_assert_null (store);
  g_assert_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_IO);
  g_clear_error (&error);

  store = findings_store_open (fixture->dir, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_true (error->domain == FINDINGS_STORE_ERROR);
}

static void
test_newer_version (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(FindingsStore) store = open_ok (fixture->path);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 2", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  store = findings_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, "newer version"));
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} AsyncResult;

static void
on_added (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncResult *out = user_data;

  out->ok = findings_store_add_decision_finish (FINDINGS_STORE (source), result, &out->error);
  out->done = TRUE;
}

static void
add_async (FindingsStore    *store,
           FindingsDecision *decision,
           GCancellable     *cancellable,
           AsyncResult      *out)
{
  *out = (AsyncResult) { FALSE, FALSE, NULL };

  findings_store_add_decision_async (store, decision, cancellable, on_added, out);
  /* Never synchronously: the callback comes from the main loop. */
  g_assert_false (out->done);

  while (!out->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
on_marked_many (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncResult *out = user_data;

  out->ok = findings_store_mark_sent_many_finish (FINDINGS_STORE (source), result, &out->error);
  out->done = TRUE;
}

static void
mark_many (FindingsStore *store,
           GPtrArray     *ids,
           AsyncResult   *out)
{
  g_autoptr(GPtrArray) responses = g_ptr_array_new ();

  for (guint i = 0; i < ids->len; i++)
    g_ptr_array_add (responses, (gpointer) "{}");

  *out = (AsyncResult) { FALSE, FALSE, NULL };
  findings_store_mark_sent_many_async (store, ids, responses, NULL, on_marked_many, out);
  while (!out->done)
    g_main_context_iteration (NULL, TRUE);
}

/* Several decisions marked sent in one transaction: all of them, or (an unknown id
 * among them) none. */
static void
test_mark_sent_many (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(FindingsStore) store = open_ok (fixture->path);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) left = NULL;
  AsyncResult out;
  const char *names[] = { "d-1", "d-2", "d-3", "d-4" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *rec = g_strdup_printf ("r-%u", i);
      g_autoptr(FindingsDecision) decision = make_decision (FINDINGS_ACTION_ACCEPT, names[i],
                                                            rec);

      add_ok (store, decision);
    }

  g_ptr_array_add (ids, (gpointer) "d-3");
  g_ptr_array_add (ids, (gpointer) "d-nobody");
  g_ptr_array_add (ids, (gpointer) "d-4");
  mark_many (store, ids, &out);
  g_assert_false (out.ok);
  g_assert_error (out.error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&out.error);
  g_assert_cmpuint (findings_store_count_pending (store), ==, 4);

  g_ptr_array_set_size (ids, 0);
  g_ptr_array_add (ids, (gpointer) "d-1");
  g_ptr_array_add (ids, (gpointer) "d-3");
  g_ptr_array_add (ids, (gpointer) "d-4");
  mark_many (store, ids, &out);
  g_assert_no_error (out.error);
  g_assert_true (out.ok);

  left = pending (store, G_MAXINT64);
  g_assert_cmpuint (left->len, ==, 1);
  g_assert_cmpstr (((FindingsOutboxEntry *) g_ptr_array_index (left, 0))->id, ==, "d-2");
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(FindingsStore) store = open_ok (fixture->path);
  g_autoptr(FindingsDecision) decision = make_decision (FINDINGS_ACTION_ACCEPT, "d-1", "r-1");
  g_autoptr(FindingsDecision) other = make_decision (FINDINGS_ACTION_DECLINE, "d-2", "r-1");
  g_autoptr(FindingsDecision) invalid = make_decision (FINDINGS_ACTION_REQUEST_CALL, "d-3",
                                                       "r-1");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) entries = NULL;
  AsyncResult result;

  add_async (store, decision, NULL, &result);
  g_assert_no_error (result.error);
  g_assert_true (result.ok);

  add_async (store, decision, NULL, &result);
  g_assert_error (result.error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_EXISTS);
  g_assert_false (result.ok);
  g_clear_error (&result.error);

  findings_decision_set_call_phone (invalid, NULL);
  add_async (store, invalid, NULL, &result);
  g_assert_error (result.error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_INVALID);
  g_clear_error (&result.error);

  g_cancellable_cancel (cancellable);
  add_async (store, other, cancellable, &result);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&result.error);

  entries = pending (store, G_MAXINT64);
  g_assert_cmpuint (entries->len, ==, 1);
  assert_body (((FindingsOutboxEntry *) g_ptr_array_index (entries, 0))->body, decision);
}

#define N_THREADS     4
#define PER_THREAD    25

static gpointer
add_many_thread (gpointer data)
{
  FindingsStore *store = data;

  for (guint i = 0; i < PER_THREAD; i++)
    {
      g_autoptr(FindingsDecision) decision = make_decision (FINDINGS_ACTION_DECLINE, NULL,
                                                            "r-1");
      g_autoptr(GPtrArray) history = NULL;
      g_autoptr(GError) error = NULL;

      if (!findings_store_add_decision (store, decision, &error))
        return g_steal_pointer (&error);

      history = findings_store_list_for_recommendation (store, "r-1");
      if (history->len == 0)
        return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "saved but not listed");
    }

  return NULL;
}

static void
test_threads (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(FindingsStore) store = open_ok (fixture->path);
  GThread *threads[N_THREADS];

  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("add", add_many_thread, store);

  for (guint i = 0; i < N_THREADS; i++)
    {
      g_autoptr(GError) error = g_thread_join (threads[i]);

      g_assert_no_error (error);
    }

  g_assert_cmpuint (findings_store_count_pending (store), ==, N_THREADS * PER_THREAD);
}

static void
test_boxed (void)
{
  g_autoptr(GBytes) body = bytes_from_string ("{}");
  g_autoptr(GDateTime) completed_at = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
  FindingsOutboxEntry entry = {
    .id = (char *) "d-1",
    .recommendation_id = (char *) "r-1",
    .body = body,
    .attempts = 3,
    .problem_type = (char *) "withdrawn",
  };
  g_autoptr(FindingsOutboxEntry) copy = findings_outbox_entry_copy (&entry);
  g_autoptr(FindingsStoreVisit) visit = findings_store_visit_new ("v-1", NULL, completed_at,
                                                                  body);
  g_autoptr(FindingsStoreVisit) visit_copy = findings_store_visit_copy (visit);

  g_assert_true (G_TYPE_IS_BOXED (FINDINGS_TYPE_OUTBOX_ENTRY));
  g_assert_true (G_TYPE_IS_BOXED (FINDINGS_TYPE_STORE_VISIT));
  g_assert_cmpstr (copy->id, ==, "d-1");
  g_assert_true (copy->id != entry.id);
  g_assert_cmpuint (copy->attempts, ==, 3);
  g_assert_true (copy->body == body);
  g_assert_cmpstr (copy->problem_type, ==, "withdrawn");
  g_assert_null (copy->visit_id);

  g_assert_cmpstr (visit_copy->id, ==, "v-1");
  g_assert_null (visit_copy->site_id);
  g_assert_true (g_date_time_equal (visit_copy->completed_at, completed_at));
}

typedef gboolean (*WriteFinish) (FindingsStore  *self,
                                 GAsyncResult   *result,
                                 GError        **error);

/* One async write's outcome, filled in by on_written(). */
typedef struct
{
  WriteFinish  finish;
  gboolean     done;
  gboolean     ok;
  GError      *error;
} Written;

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Written *written = user_data;

  written->ok = written->finish (FINDINGS_STORE (source), result, &written->error);
  written->done = TRUE;
}

static void
wait_written (Written *written)
{
  while (!written->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
assert_written_ok (Written *written)
{
  wait_written (written);
  g_assert_no_error (written->error);
  g_assert_true (written->ok);
}

static FindingsOutboxEntry *
find_entry (GPtrArray  *entries,
            const char *id)
{
  for (guint i = 0; i < entries->len; i++)
    {
      FindingsOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (entry->id, id) == 0)
        return entry;
    }

  g_assert_not_reached ();
  return NULL;
}

/* Makes the writer stop inside a write's transaction until the test opens it. */
typedef struct
{
  GMutex   mutex;
  GCond    cond;
  gboolean entered;
  gboolean open;
} Gate;

static void
gate_init (Gate *gate)
{
  g_mutex_init (&gate->mutex);
  g_cond_init (&gate->cond);
  gate->entered = FALSE;
  gate->open = FALSE;
}

static void
gate_clear (Gate *gate)
{
  g_mutex_clear (&gate->mutex);
  g_cond_clear (&gate->cond);
}

static void
gate_hook (FindingsStore *store,
           gpointer       user_data)
{
  Gate *gate = user_data;

  g_mutex_lock (&gate->mutex);
  gate->entered = TRUE;
  g_cond_broadcast (&gate->cond);
  while (!gate->open)
    g_cond_wait (&gate->cond, &gate->mutex);
  g_mutex_unlock (&gate->mutex);
}

static void
gate_wait_entered (Gate *gate)
{
  g_mutex_lock (&gate->mutex);
  while (!gate->entered)
    g_cond_wait (&gate->cond, &gate->mutex);
  g_mutex_unlock (&gate->mutex);
}

static void
gate_open (Gate *gate)
{
  g_mutex_lock (&gate->mutex);
  gate->open = TRUE;
  g_cond_broadcast (&gate->cond);
  g_mutex_unlock (&gate->mutex);
}

static GBytes *
make_big_photo (gsize size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 31 + (i >> 12));

  return g_bytes_new_take (data, size);
}

/* Every async write reaches the file: closed and opened again, the store has it. */
static void
test_async_writes (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(FindingsStore) store = open_ok (fixture->path);
  g_autoptr(FindingsDecision) sent = make_decision (FINDINGS_ACTION_ACCEPT, "d-1", "r-1");
  g_autoptr(FindingsDecision) refused = make_decision (FINDINGS_ACTION_DECLINE, "d-2", "r-1");
  g_autoptr(FindingsDecision) later = make_decision (FINDINGS_ACTION_REQUEST_CALL, "d-3", "r-1");
  g_autoptr(GPtrArray) page = make_page (1, 2);
  g_autoptr(GBytes) photo = bytes_from_string ("\xff\xd8\xff\xe0 a photo");
  g_autoptr(GBytes) other = bytes_from_string ("another photo");
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);
  g_autofree char *other_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, other);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *media_type = NULL;
  gint64 next = g_get_real_time () + HOUR_US;
  Written added[3] = {
    { findings_store_add_decision_finish, },
    { findings_store_add_decision_finish, },
    { findings_store_add_decision_finish, },
  };
  Written marked_sent = { findings_store_mark_sent_finish, };
  Written marked_refused = { findings_store_mark_refused_finish, };
  Written rescheduled = { findings_store_reschedule_finish, };
  Written page_saved = { findings_store_save_page_finish, };
  Written photo_saved = { findings_store_save_photo_finish, };
  Written cursor_set = { findings_store_set_cursor_finish, };
  Written not_found = { findings_store_mark_sent_finish, };
  Written damaged = { findings_store_save_photo_finish, };
  FindingsOutboxEntry *entry;

  findings_store_add_decision_async (store, sent, NULL, on_written, &added[0]);
  findings_store_add_decision_async (store, refused, NULL, on_written, &added[1]);
  findings_store_add_decision_async (store, later, NULL, on_written, &added[2]);
  for (guint i = 0; i < G_N_ELEMENTS (added); i++)
    assert_written_ok (&added[i]);

  findings_store_mark_sent_async (store, "d-1", "{\"decision\": {}}", NULL, on_written,
                                  &marked_sent);
  findings_store_mark_refused_async (store, "d-2", "withdrawn", "Withdrawn by the office.",
                                     NULL, on_written, &marked_refused);
  findings_store_reschedule_async (store, "d-3", next, "503", NULL, on_written, &rescheduled);
  findings_store_save_page_async (store, page, "c1", NULL, on_written, &page_saved);
  findings_store_save_photo_async (store, "p-1", sha, "image/jpeg", photo, NULL, on_written,
                                   &photo_saved);
  findings_store_set_cursor_async (store, "c2", NULL, on_written, &cursor_set);
  findings_store_mark_sent_async (store, "d-404", NULL, NULL, on_written, &not_found);
  findings_store_save_photo_async (store, "p-2", other_sha, "image/jpeg", photo, NULL,
                                   on_written, &damaged);
  /* Never synchronously: the callbacks come from the main loop. */
  g_assert_false (marked_sent.done);

  assert_written_ok (&marked_sent);
  assert_written_ok (&marked_refused);
  assert_written_ok (&rescheduled);
  assert_written_ok (&page_saved);
  assert_written_ok (&photo_saved);
  assert_written_ok (&cursor_set);

  wait_written (&not_found);
  g_assert_false (not_found.ok);
  g_assert_error (not_found.error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&not_found.error);

  wait_written (&damaged);
  g_assert_false (damaged.ok);
  g_assert_error (damaged.error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_CHECKSUM);
  g_clear_error (&damaged.error);

  g_clear_object (&store);
  store = open_ok (fixture->path);

  history = findings_store_list_for_recommendation (store, "r-1");
  g_assert_cmpuint (history->len, ==, 3);
  entry = find_entry (history, "d-1");
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_SENT);
  g_assert_cmpstr (entry->response, ==, "{\"decision\": {}}");
  entry = find_entry (history, "d-2");
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_REFUSED);
  g_assert_cmpstr (entry->problem_type, ==, "withdrawn");
  g_assert_cmpstr (entry->last_error, ==, "Withdrawn by the office.");
  entry = find_entry (history, "d-3");
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_PENDING);
  g_assert_cmpuint (entry->attempts, ==, 1);
  g_assert_cmpint (entry->next_attempt_at, ==, next);
  g_assert_cmpstr (entry->last_error, ==, "503");

  bodies = findings_store_load_visit_bodies (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bodies->len, ==, 2);

  cursor = findings_store_dup_cursor (store);
  g_assert_cmpstr (cursor, ==, "c2");

  loaded = findings_store_load_photo (store, "p-1", &media_type, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (loaded, photo));
  g_assert_cmpstr (media_type, ==, "image/jpeg");
  g_assert_false (findings_store_has_photo (store, "p-2", NULL));
}

/* Queued one after the other, without waiting in between, the writes run in that
 * order: a mark_sent queued after its add_decision finds the decision. */
static void
test_async_order (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(FindingsStore) store = open_ok (fixture->path);
  g_autoptr(FindingsDecision) first = make_decision (FINDINGS_ACTION_ACCEPT, "d-1", "r-1");
  g_autoptr(FindingsDecision) second = make_decision (FINDINGS_ACTION_DECLINE, "d-2", "r-1");
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *cursor = NULL;
  Written added = { findings_store_add_decision_finish, };
  Written marked_sent = { findings_store_mark_sent_finish, };
  Written added_second = { findings_store_add_decision_finish, };
  Written rescheduled = { findings_store_reschedule_finish, };
  Written marked_refused = { findings_store_mark_refused_finish, };
  Written cursor_a = { findings_store_set_cursor_finish, };
  Written cursor_b = { findings_store_set_cursor_finish, };
  FindingsOutboxEntry *entry;

  findings_store_add_decision_async (store, first, NULL, on_written, &added);
  findings_store_mark_sent_async (store, "d-1", "{}", NULL, on_written, &marked_sent);
  findings_store_add_decision_async (store, second, NULL, on_written, &added_second);
  findings_store_reschedule_async (store, "d-2", 0, "offline", NULL, on_written, &rescheduled);
  findings_store_mark_refused_async (store, "d-2", "quote-expired", NULL, NULL, on_written,
                                     &marked_refused);
  findings_store_set_cursor_async (store, "a", NULL, on_written, &cursor_a);
  findings_store_set_cursor_async (store, "b", NULL, on_written, &cursor_b);

  assert_written_ok (&added);
  assert_written_ok (&marked_sent);
  assert_written_ok (&added_second);
  assert_written_ok (&rescheduled);
  assert_written_ok (&marked_refused);
  assert_written_ok (&cursor_a);
  assert_written_ok (&cursor_b);

  history = findings_store_list_for_recommendation (store, "r-1");
  entry = find_entry (history, "d-1");
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_SENT);
  entry = find_entry (history, "d-2");
  g_assert_cmpint (entry->state, ==, FINDINGS_OUTBOX_STATE_REFUSED);
  g_assert_cmpuint (entry->attempts, ==, 1);
  g_assert_cmpstr (entry->problem_type, ==, "quote-expired");
  g_assert_cmpuint (findings_store_count_pending (store), ==, 0);

  cursor = findings_store_dup_cursor (store);
  g_assert_cmpstr (cursor, ==, "b");
}

#define BIG_PHOTO_SIZE (20 * 1024 * 1024)

/* While the writer holds a 20 MiB photo in the middle of its transaction, every read
 * the main thread does still answers, from the last committed state. */
static void
test_async_read_during_write (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(FindingsStore) store = open_ok (fixture->path);
  g_autoptr(FindingsDecision) decision = make_decision (FINDINGS_ACTION_ACCEPT, "d-1", "r-1");
  g_autoptr(GBytes) small = bytes_from_string ("small photo");
  g_autoptr(GBytes) big = make_big_photo (BIG_PHOTO_SIZE);
  g_autofree char *big_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, big);
  g_autoptr(GPtrArray) page = make_page (1, 1);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  Written big_saved = { findings_store_save_photo_finish, };
  Gate gate;

  add_ok (store, decision);
  g_assert_true (findings_store_save_photo (store, "p-small", NULL, NULL, small, &error));
  g_assert_no_error (error);
  g_assert_true (findings_store_save_page (store, page, "c1", &error));
  g_assert_no_error (error);

  gate_init (&gate);
  _findings_store_set_write_hook (store, gate_hook, &gate);
  findings_store_save_photo_async (store, "p-big", big_sha, "image/jpeg", big, NULL,
                                   on_written, &big_saved);
  gate_wait_entered (&gate);

  /* The writer is inside the transaction, its 20 MiB written but not committed. */
  g_assert_false (findings_store_has_photo (store, "p-big", NULL));
  g_assert_true (findings_store_has_photo (store, "p-small", NULL));
  loaded = findings_store_load_photo (store, "p-small", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (loaded, small));
  g_clear_pointer (&loaded, g_bytes_unref);
  g_assert_cmpuint (findings_store_count_pending (store), ==, 1);
  entries = pending (store, G_MAXINT64);
  g_assert_cmpuint (entries->len, ==, 1);
  history = findings_store_list_for_recommendation (store, "r-1");
  g_assert_cmpuint (history->len, ==, 1);
  bodies = findings_store_load_visit_bodies (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bodies->len, ==, 1);
  cursor = findings_store_dup_cursor (store);
  g_assert_cmpstr (cursor, ==, "c1");
  g_assert_false (big_saved.done);

  gate_open (&gate);
  assert_written_ok (&big_saved);
  _findings_store_set_write_hook (store, NULL, NULL);
  gate_clear (&gate);

  g_assert_true (findings_store_has_photo (store, "p-big", big_sha));
  loaded = findings_store_load_photo (store, "p-big", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (loaded, big));
}

/* A write already started when its cancellable fires is saved, and says so; one
 * cancelled before the writer reaches it is skipped. */
static void
test_async_cancel (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(FindingsStore) store = open_ok (fixture->path);
  g_autoptr(FindingsDecision) decision = make_decision (FINDINGS_ACTION_ACCEPT, "d-1", "r-1");
  g_autoptr(GCancellable) started = g_cancellable_new ();
  g_autoptr(GCancellable) waiting = g_cancellable_new ();
  g_autoptr(GBytes) photo = bytes_from_string ("a photo");
  g_autoptr(GPtrArray) history = NULL;
  Written photo_saved = { findings_store_save_photo_finish, };
  Written marked_sent = { findings_store_mark_sent_finish, };
  Gate gate;

  add_ok (store, decision);

  gate_init (&gate);
  _findings_store_set_write_hook (store, gate_hook, &gate);
  findings_store_save_photo_async (store, "p-1", NULL, NULL, photo, started, on_written,
                                   &photo_saved);
  findings_store_mark_sent_async (store, "d-1", "{}", waiting, on_written, &marked_sent);
  gate_wait_entered (&gate);

  g_cancellable_cancel (started);
  g_cancellable_cancel (waiting);
  gate_open (&gate);

  assert_written_ok (&photo_saved);
  wait_written (&marked_sent);
  g_assert_error (marked_sent.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (marked_sent.ok);
  g_clear_error (&marked_sent.error);
  _findings_store_set_write_hook (store, NULL, NULL);
  gate_clear (&gate);

  g_assert_true (findings_store_has_photo (store, "p-1", NULL));
  history = findings_store_list_for_recommendation (store, "r-1");
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpint (((FindingsOutboxEntry *) g_ptr_array_index (history, 0))->state, ==,
                   FINDINGS_OUTBOX_STATE_PENDING);
}

typedef struct
{
  GMutex   mutex;
  GCond    cond;
  gboolean finalized;
} Finalized;

/* May run on the writer thread: the last reference can go there. */
static void
on_store_finalized (gpointer  user_data,
                    GObject  *where_the_object_was)
{
  Finalized *finalized = user_data;

  g_mutex_lock (&finalized->mutex);
  finalized->finalized = TRUE;
  g_cond_broadcast (&finalized->cond);
  g_mutex_unlock (&finalized->mutex);
}

/* The last reference dropped with writes still queued: they all run, then the store
 * goes, and the file has every one of them. */
static void
test_async_finalize_queued (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(FindingsStore) store = open_ok (fixture->path);
  g_autoptr(GPtrArray) page = make_page (1, 3);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  static const char * const ids[] = { "d-1", "d-2", "d-3" };
  Written added[G_N_ELEMENTS (ids)];
  Written marked_sent = { findings_store_mark_sent_finish, };
  Written page_saved = { findings_store_save_page_finish, };
  Finalized finalized;
  Gate gate;

  gate_init (&gate);
  g_mutex_init (&finalized.mutex);
  g_cond_init (&finalized.cond);
  finalized.finalized = FALSE;
  g_object_weak_ref (G_OBJECT (store), on_store_finalized, &finalized);

  /* The gate keeps the first write in its transaction while the rest queue behind it. */
  _findings_store_set_write_hook (store, gate_hook, &gate);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(FindingsDecision) decision = make_decision (FINDINGS_ACTION_DECLINE, ids[i],
                                                            "r-1");

      added[i] = (Written) { findings_store_add_decision_finish, };
      findings_store_add_decision_async (store, decision, NULL, on_written, &added[i]);
    }
  findings_store_mark_sent_async (store, "d-2", "{}", NULL, on_written, &marked_sent);
  findings_store_save_page_async (store, page, "c9", NULL, on_written, &page_saved);
  gate_wait_entered (&gate);

  g_clear_object (&store);
  gate_open (&gate);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    assert_written_ok (&added[i]);
  assert_written_ok (&marked_sent);
  assert_written_ok (&page_saved);

  g_mutex_lock (&finalized.mutex);
  while (!finalized.finalized)
    g_cond_wait (&finalized.cond, &finalized.mutex);
  g_mutex_unlock (&finalized.mutex);
  g_mutex_clear (&finalized.mutex);
  g_cond_clear (&finalized.cond);
  gate_clear (&gate);

  store = open_ok (fixture->path);
  history = findings_store_list_for_recommendation (store, "r-1");
  g_assert_cmpuint (history->len, ==, G_N_ELEMENTS (ids));
  g_assert_cmpint (find_entry (history, "d-2")->state, ==, FINDINGS_OUTBOX_STATE_SENT);
  g_assert_cmpuint (findings_store_count_pending (store), ==, 2);
  bodies = findings_store_load_visit_bodies (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bodies->len, ==, 3);
  cursor = findings_store_dup_cursor (store);
  g_assert_cmpstr (cursor, ==, "c9");
}

#define ADD_STORE_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/durability", test_durability);
  g_test_add_func ("/store/boxed", test_boxed);
  ADD_STORE_TEST ("/store/pragmas", test_pragmas);
  ADD_STORE_TEST ("/store/outbox/lifecycle", test_lifecycle);
  ADD_STORE_TEST ("/store/outbox/reschedule", test_reschedule);
  ADD_STORE_TEST ("/store/outbox/refused", test_refused);
  ADD_STORE_TEST ("/store/outbox/order", test_order);
  ADD_STORE_TEST ("/store/outbox/duplicate", test_duplicate);
  ADD_STORE_TEST ("/store/outbox/invalid", test_invalid);
  ADD_STORE_TEST ("/store/outbox/async", test_async);
  ADD_STORE_TEST ("/store/outbox/threads", test_threads);
  ADD_STORE_TEST ("/store/reopen", test_reopen);
  ADD_STORE_TEST ("/store/visits/save-page", test_save_page);
  ADD_STORE_TEST ("/store/visits/upsert", test_visits);
  ADD_STORE_TEST ("/store/photos", test_photos);
  ADD_STORE_TEST ("/store/open/corrupt", test_corrupt);
  ADD_STORE_TEST ("/store/open/unusable-path", test_unusable_path);
  ADD_STORE_TEST ("/store/open/newer-version", test_newer_version);
  ADD_STORE_TEST ("/store/async/writes", test_async_writes);
  ADD_STORE_TEST ("/store/async/order", test_async_order);
  ADD_STORE_TEST ("/store/async/mark-sent-many", test_mark_sent_many);
  ADD_STORE_TEST ("/store/async/read-during-write", test_async_read_during_write);
  ADD_STORE_TEST ("/store/async/cancel", test_async_cancel);
  ADD_STORE_TEST ("/store/async/finalize-queued", test_async_finalize_queued);

  return g_test_run ();
}
