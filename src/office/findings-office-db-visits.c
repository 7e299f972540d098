/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-office"

#include "config.h"

#include <string.h>

#include "findings-json-check.h"
#include "findings-office-db-private.h"
#include "findings-protocol.h"
#include "findings-visit-parser.h"

/* Visits as the technician uploads them and as the kiosk pulls them. */

#define PAGE_VISITS       50
/* A page stays within what a kiosk accepts as one answer. */
#define PAGE_BYTES        FINDINGS_PROTOCOL_MAX_BODY
/* What a page adds after its last visit: `],"cursor":"c…","more":false}`. */
#define PAGE_TAIL         64
/* The served visits kept in memory, at most; one visit at most a quarter of it. */
#define SERVED_BYTES      (64 * 1024 * 1024)

/* What the office knows of a recommendation before an upload. */
typedef struct
{
  char     *status;
  char     *previous_status;
  gboolean  in_latest_upload;
  gboolean  seen;
} KnownRecommendation;

/* The state of one upload while it is written. */
typedef struct
{
  FindingsOfficeDb *db;
  FindingsVisit    *visit;
  JsonArray        *documents;
  gint64            account_id;
  GHashTable       *known;      /* id → KnownRecommendation */
  GPtrArray        *withdrawn;  /* ids missing from this upload */
} Upload;

static void
known_recommendation_free (gpointer data)
{
  KnownRecommendation *known = data;

  g_free (known->status);
  g_free (known->previous_status);
  g_free (known);
}

/* The kiosk falls back to UTC for a zone it does not know; the office refuses
 * it instead, so that quotes never expire at a surprising hour. */
static gboolean
check_time_zone (FindingsVisit  *visit,
                 GError        **error)
{
  const char *identifier = findings_site_get_timezone (findings_visit_get_site (visit));
  g_autoptr(GTimeZone) tz = NULL;

  if (identifier == NULL)
    return TRUE;

  /* GLib also reads a file path as a zone: only names are accepted here. */
  if (identifier[0] != '\0' && identifier[0] != '/' && strstr (identifier, "..") == NULL)
    tz = g_time_zone_new_identifier (identifier);
  if (tz != NULL)
    return TRUE;

  g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_UNKNOWN_TIME_ZONE,
               "site.timezone: “%s” is not a known IANA time zone name such as "
               "America/Toronto.", identifier);
  return FALSE;
}

static gboolean
find_site_account (Upload   *upload,
                   GError  **error)
{
  FindingsSite *site = findings_visit_get_site (upload->visit);
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  gboolean row;
  gint64 owner;

  stmt = findings_office_sql_prepare (upload->db->sql, "SELECT account_id FROM sites WHERE id = ?",
                                      error);
  if (stmt == NULL)
    return FALSE;

  if (!findings_office_stmt_bind (stmt, error, "s", findings_site_get_id (site)) ||
      !findings_office_stmt_step (stmt, &row, error))
    return FALSE;

  if (!row)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_UNKNOWN_SITE,
                   "site.id: no account owns site “%s”.", findings_site_get_id (site));
      return FALSE;
    }

  owner = findings_office_stmt_int (stmt, 0);
  if (upload->account_id != 0 && upload->account_id != owner)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_SITE_OF_ANOTHER_ACCOUNT,
                   "site.id: site “%s” belongs to another account.",
                   findings_site_get_id (site));
      return FALSE;
    }

  upload->account_id = owner;
  return TRUE;
}

/* A visit stays with its account: a re-upload naming another account's site
 * would otherwise hand the visit, its decisions included, to that account. */
static gboolean
check_visit_account (Upload    *upload,
                     gboolean  *out_created,
                     GError   **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  gboolean row;

  stmt = findings_office_sql_prepare (upload->db->sql, "SELECT account_id FROM visits WHERE id = ?",
                                      error);
  if (stmt == NULL)
    return FALSE;

  if (!findings_office_stmt_bind (stmt, error, "s", findings_visit_get_id (upload->visit)) ||
      !findings_office_stmt_step (stmt, &row, error))
    return FALSE;

  *out_created = !row;
  if (row && findings_office_stmt_int (stmt, 0) != upload->account_id)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_SITE_OF_ANOTHER_ACCOUNT,
                   "site.id: visit “%s” belongs to another account than site “%s”.",
                   findings_visit_get_id (upload->visit),
                   findings_site_get_id (findings_visit_get_site (upload->visit)));
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_known (Upload  *upload,
            GError **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  gboolean row;

  stmt = findings_office_sql_prepare (upload->db->sql,
                                      "SELECT id, status, previous_status, in_latest_upload "
                                      "FROM recommendations WHERE visit_id = ?",
                                      error);
  if (stmt == NULL)
    return FALSE;

  if (!findings_office_stmt_bind (stmt, error, "s", findings_visit_get_id (upload->visit)))
    return FALSE;

  for (;;)
    {
      KnownRecommendation *known;

      if (!findings_office_stmt_step (stmt, &row, error))
        return FALSE;
      if (!row)
        return TRUE;

      known = g_new0 (KnownRecommendation, 1);
      known->status = g_strdup (findings_office_stmt_text (stmt, 1));
      known->previous_status = g_strdup (findings_office_stmt_text (stmt, 2));
      known->in_latest_upload = findings_office_stmt_int (stmt, 3) != 0;
      g_hash_table_insert (upload->known, g_strdup (findings_office_stmt_text (stmt, 0)),
                           known);
    }
}

static gboolean
check_not_elsewhere (Upload      *upload,
                     const char  *recommendation_id,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  gboolean row;

  stmt = findings_office_sql_prepare (upload->db->sql,
                                      "SELECT 1 FROM recommendations "
                                      "WHERE id = ? AND visit_id != ?",
                                      error);
  if (stmt == NULL)
    return FALSE;

  if (!findings_office_stmt_bind (stmt, error, "ss", recommendation_id,
                                  findings_visit_get_id (upload->visit)) ||
      !findings_office_stmt_step (stmt, &row, error))
    return FALSE;

  if (row)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR,
                   FINDINGS_OFFICE_ERROR_RECOMMENDATION_OF_ANOTHER_VISIT,
                   "%s.id: recommendation “%s” belongs to another visit.",
                   path, recommendation_id);
      return FALSE;
    }

  return TRUE;
}

/* The re-upload rules: the office's status stands unless the technician reports
 * the office's own progress; an item that comes back takes back its status. */
static const char *
status_after_upload (KnownRecommendation    *known,
                     FindingsRecommendation *recommendation)
{
  FindingsStatus uploaded = findings_recommendation_get_status (recommendation);

  if (known == NULL || uploaded == FINDINGS_STATUS_WITHDRAWN ||
      uploaded == FINDINGS_STATUS_SCHEDULED || uploaded == FINDINGS_STATUS_COMPLETED)
    return findings_status_to_string (uploaded);

  if (!known->in_latest_upload && known->previous_status != NULL)
    return known->previous_status;

  return known->status;
}

/* As the office writes every follow-up: the core's writer, from the model. */
static char *
dup_follow_up_text (FindingsRecommendation *recommendation)
{
  FindingsFollowUp *follow_up = findings_recommendation_get_follow_up (recommendation);
  g_autoptr(JsonNode) node = NULL;

  if (follow_up == NULL)
    return NULL;

  node = findings_follow_up_to_json (follow_up);
  return json_to_string (node, FALSE);
}

static gboolean
write_recommendation (Upload                 *upload,
                      FindingsRecommendation *recommendation,
                      JsonNode               *document,
                      guint                   position,
                      GError                **error)
{
  const char *id = findings_recommendation_get_id (recommendation);
  KnownRecommendation *known = g_hash_table_lookup (upload->known, id);
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autofree char *body = json_to_string (document, FALSE);
  g_autofree char *follow_up = dup_follow_up_text (recommendation);

  /* Follow-ups are the office's: an upload sets one only on a new item. */
  stmt = findings_office_sql_prepare (upload->db->sql,
                                      "INSERT INTO recommendations (id, visit_id, account_id, "
                                      "  position, body, status, previous_status, follow_up, "
                                      "  in_latest_upload) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7, 1) "
                                      "ON CONFLICT (id) DO UPDATE SET position = ?4, body = ?5, "
                                      "  status = ?6, previous_status = NULL, in_latest_upload = 1",
                                      error);
  if (stmt == NULL)
    return FALSE;

  if (!findings_office_stmt_bind (stmt, error, "ssiisss", id, findings_visit_get_id (upload->visit),
                                  upload->account_id, (gint64) position, body,
                                  status_after_upload (known, recommendation), follow_up))
    return FALSE;

  if (known != NULL)
    known->seen = TRUE;

  return findings_office_stmt_run (stmt, error);
}

/* Which photos a kiosk may fetch: those its account's recommendations name. */
static gboolean
write_photo_names (Upload                 *upload,
                   FindingsRecommendation *recommendation,
                   GError                **error)
{
  GListModel *photos = findings_recommendation_get_photos (recommendation);
  const char *id = findings_recommendation_get_id (recommendation);
  g_autoptr(FindingsOfficeStmt) clear = NULL;
  g_autoptr(FindingsOfficeStmt) add = NULL;

  clear = findings_office_sql_prepare (upload->db->sql,
                                       "DELETE FROM recommendation_photos "
                                       "WHERE recommendation_id = ?",
                                       error);
  add = clear == NULL ? NULL :
        findings_office_sql_prepare (upload->db->sql,
                                     "INSERT INTO recommendation_photos "
                                     "(recommendation_id, photo_id) VALUES (?, ?) "
                                     "ON CONFLICT DO NOTHING",
                                     error);
  if (add == NULL)
    return FALSE;

  if (!findings_office_stmt_bind (clear, error, "s", id) ||
      !findings_office_stmt_run (clear, error))
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (photos); i++)
    {
      g_autoptr(FindingsPhoto) photo = g_list_model_get_item (photos, i);

      if (!findings_office_stmt_reset (add, error) ||
          !findings_office_stmt_bind (add, error, "ss", id, findings_photo_get_id (photo)) ||
          !findings_office_stmt_run (add, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_recommendations (Upload  *upload,
                       GError **error)
{
  GListModel *recommendations = findings_visit_get_recommendations (upload->visit);
  guint n = g_list_model_get_n_items (recommendations);

  /* The parser keeps the document's order, so item i is element i. */
  g_assert (n == json_array_get_length (upload->documents));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FindingsRecommendation) recommendation = NULL;
      g_autofree char *path = g_strdup_printf ("recommendations[%u]", i);

      recommendation = g_list_model_get_item (recommendations, i);
      if (!check_not_elsewhere (upload, findings_recommendation_get_id (recommendation), path,
                                error) ||
          !write_recommendation (upload, recommendation,
                                 json_array_get_element (upload->documents, i), i, error) ||
          !write_photo_names (upload, recommendation, error))
        return FALSE;
    }

  return TRUE;
}

/* Missing items stay listed as withdrawn and remember their status, in case
 * a later upload brings them back. */
static gboolean
withdraw_missing (Upload  *upload,
                  GError **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  stmt = findings_office_sql_prepare (upload->db->sql,
                                      "UPDATE recommendations SET previous_status = status, "
                                      "  status = 'withdrawn', in_latest_upload = 0 "
                                      "WHERE id = ?",
                                      error);
  if (stmt == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, upload->known);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      KnownRecommendation *known = value;

      if (known->seen || !known->in_latest_upload)
        continue;

      if (!findings_office_stmt_reset (stmt, error) ||
          !findings_office_stmt_bind (stmt, error, "s", key) ||
          !findings_office_stmt_run (stmt, error))
        return FALSE;

      g_ptr_array_add (upload->withdrawn, key);
    }

  return TRUE;
}

static gboolean
write_visit (Upload      *upload,
             const char  *data,
             gsize        length,
             GError     **error)
{
  FindingsSite *site = findings_visit_get_site (upload->visit);
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autoptr(FindingsOfficeStmt) changes = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *uploaded_at = _findings_office_format_stored_time (now);
  gint64 seq;

  if (!_findings_office_db_next_change (upload->db, &seq, error))
    return FALSE;

  stmt = findings_office_sql_prepare (upload->db->sql,
                                      "INSERT INTO visits (id, account_id, site_id, timezone, "
                                      "  body, change_seq, uploaded_at, technician_id) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                                      "ON CONFLICT (id) DO UPDATE SET site_id = ?3, timezone = ?4, "
                                      "  body = ?5, change_seq = ?6, uploaded_at = ?7, "
                                      "  technician_id = ?8",
                                      error);
  if (stmt == NULL)
    return FALSE;

  if (!findings_office_stmt_bind (stmt, error, "sissniss", findings_visit_get_id (upload->visit),
                                  upload->account_id, findings_site_get_id (site),
                                  findings_site_get_timezone (site), data, length, seq, uploaded_at,
                                  findings_visit_get_technician_id (upload->visit)) ||
      !findings_office_stmt_run (stmt, error))
    return FALSE;

  changes = findings_office_sql_prepare (upload->db->sql,
                                         "INSERT INTO visit_changes (visit_id, account_id, "
                                         "  technician_id, change_seq) "
                                         "VALUES (?1, ?2, ?3, ?4) "
                                         "ON CONFLICT (visit_id) DO UPDATE SET "
                                         "  technician_id = ?3, change_seq = ?4",
                                         error);
  if (changes == NULL)
    return FALSE;

  if (!findings_office_stmt_bind (changes, error, "sisi", findings_visit_get_id (upload->visit),
                                  upload->account_id,
                                  findings_visit_get_technician_id (upload->visit), seq))
    return FALSE;

  return findings_office_stmt_run (changes, error);
}

static JsonNode *
build_upload_answer (Upload   *upload,
                     gboolean  created)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, findings_visit_get_id (upload->visit));
  json_builder_set_member_name (builder, "created");
  json_builder_add_boolean_value (builder, created);
  json_builder_set_member_name (builder, "withdrawn");
  json_builder_begin_array (builder);
  for (guint i = 0; i < upload->withdrawn->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (upload->withdrawn, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
store_upload (Upload      *upload,
              const char  *data,
              gsize        length,
              GError     **error)
{
  gboolean created;

  if (!find_site_account (upload, error) ||
      !check_visit_account (upload, &created, error) ||
      !load_known (upload, error) ||
      !write_visit (upload, data, length, error) ||
      !write_recommendations (upload, error) ||
      !withdraw_missing (upload, error))
    return NULL;

  return build_upload_answer (upload, created);
}

static JsonNode *
put_visit (FindingsOfficeDb  *self,
           const char        *data,
           gsize              length,
           gint64             account_id,
           GError           **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(FindingsVisit) visit = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) known = NULL;
  g_autoptr(GPtrArray) withdrawn = NULL;
  Upload upload = { 0 };
  JsonNode *answer;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  root = findings_json_parse_strict (data, length, FINDINGS_PROTOCOL_MAX_BODY,
                                     FINDINGS_PROTOCOL_MAX_DEPTH, &local_error);
  if (root != NULL)
    visit = findings_visit_new_from_json (root, &local_error);
  if (visit == NULL)
    {
      _findings_office_set_invalid (error, local_error);
      return NULL;
    }

  if (!check_time_zone (visit, error))
    return NULL;

  known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, known_recommendation_free);
  withdrawn = g_ptr_array_new ();
  upload.db = self;
  upload.visit = visit;
  upload.documents = json_object_get_array_member (json_node_get_object (root),
                                                   "recommendations");
  upload.account_id = account_id;
  upload.known = known;
  upload.withdrawn = withdrawn;

  if (!findings_office_sql_begin (self->sql, error))
    return NULL;

  answer = store_upload (&upload, data, length, error);
  return _findings_office_db_end (self, answer, (GDestroyNotify) json_node_unref, error);
}

/**
 * findings_office_db_put_visit:
 * @data: a visit document as received
 * @length: its length in bytes
 * @account_id: the account the visit must belong to, or 0 for its site's account
 * @error: return location for a %FINDINGS_OFFICE_ERROR
 *
 * Uploads or replaces one visit, checked as the API checks it and applying the
 * re-upload rules, in one transaction: a refused upload changes nothing.
 *
 * Returns: (transfer full) (nullable): the answer, `{"id", "created", "withdrawn"}`
 */
JsonNode *
findings_office_db_put_visit (FindingsOfficeDb  *self,
                              const char        *data,
                              gsize              length,
                              gint64             account_id,
                              GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *result;

  result = put_visit (self, data, length, account_id, &local_error);
  if (result == NULL)
    _findings_office_db_propagate (error, g_steal_pointer (&local_error));

  return result;
}

static void
patch_recommendation (JsonObject *document,
                      const char *status,
                      JsonNode   *follow_up)
{
  json_object_set_string_member (document, "status", status);
  if (follow_up != NULL)
    json_object_set_member (document, "follow_up", json_node_ref (follow_up));
  else
    json_object_set_null_member (document, "follow_up");
}

static GHashTable *
index_documents (JsonArray *documents)
{
  GHashTable *by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (documents); i++)
    {
      JsonObject *document = json_array_get_object_element (documents, i);

      g_hash_table_insert (by_id, (gpointer) json_object_get_string_member (document, "id"),
                           document);
    }

  return by_id;
}

/* One recommendation of a stored visit, brought up to the office's state; an
 * item missing from the latest upload is appended from its last version. */
static gboolean
patch_row (FindingsOfficeStmt  *stmt,
           JsonArray           *documents,
           GHashTable          *by_id,
           GError             **error)
{
  const char *follow_up_text = findings_office_stmt_text (stmt, 3);
  g_autoptr(JsonNode) follow_up = NULL;
  g_autoptr(JsonNode) missing = NULL;
  JsonObject *document = NULL;

  if (follow_up_text != NULL)
    {
      follow_up = _findings_office_parse_stored (follow_up_text, error);
      if (follow_up == NULL)
        return FALSE;
    }

  if (findings_office_stmt_int (stmt, 4) != 0)
    document = g_hash_table_lookup (by_id, findings_office_stmt_text (stmt, 0));

  if (document == NULL)
    {
      missing = _findings_office_parse_stored (findings_office_stmt_text (stmt, 1), error);
      if (missing == NULL)
        return FALSE;
      document = json_node_get_object (missing);
      json_array_add_element (documents, g_steal_pointer (&missing));
    }

  patch_recommendation (document, findings_office_stmt_text (stmt, 2), follow_up);
  return TRUE;
}

static void
served_clear (FindingsOfficeServed *served)
{
  g_free (served->visit_id);
  g_free (served->text);
}

static JsonNode *
build_visit (FindingsOfficeDb  *self,
             const char        *visit_id,
             const char        *body,
             GError           **error)
{
  g_autoptr(JsonNode) root = _findings_office_parse_stored (body, error);
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  JsonArray *documents;
  gboolean row;

  if (root == NULL)
    return NULL;

  stmt = findings_office_sql_prepare (self->sql,
                                      "SELECT id, body, status, follow_up, in_latest_upload "
                                      "FROM recommendations WHERE visit_id = ? ORDER BY position",
                                      error);
  if (stmt == NULL)
    return NULL;

  documents = json_object_get_array_member (json_node_get_object (root), "recommendations");
  by_id = index_documents (documents);
  if (!findings_office_stmt_bind (stmt, error, "s", visit_id))
    return NULL;

  for (;;)
    {
      if (!findings_office_stmt_step (stmt, &row, error))
        return NULL;
      if (!row)
        return g_steal_pointer (&root);
      if (!patch_row (stmt, documents, by_id, error))
        return NULL;
    }
}

void
_findings_office_served_release (FindingsOfficeServed *served)
{
  g_rc_box_release_full (served, (GDestroyNotify) served_clear);
}

/* Makes room for @length more bytes of kept answers; which ones go does not matter
 * much: each is composed again on its next pull. */
static void
make_room (FindingsOfficeDb *self,
           gsize             length)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->served);
  while (self->served_bytes + length > SERVED_BYTES &&
         g_hash_table_iter_next (&iter, NULL, &value))
    {
      self->served_bytes -= ((FindingsOfficeServed *) value)->length;
      g_hash_table_iter_remove (&iter);
    }
}

/* The visit as served at change @seq: kept from an earlier pull, or composed now from
 * the stored documents and kept. */
static FindingsOfficeServed *
get_served (FindingsOfficeDb  *self,
            const char        *visit_id,
            gint64             seq,
            GError           **error)
{
  FindingsOfficeServed *kept = g_hash_table_lookup (self->served, visit_id);
  FindingsOfficeServed *served;
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autoptr(JsonNode) root = NULL;
  gboolean row;

  if (kept != NULL && kept->change_seq == seq)
    return g_rc_box_acquire (kept);

  stmt = findings_office_sql_prepare (self->sql, "SELECT body FROM visits WHERE id = ?", error);
  if (stmt == NULL ||
      !findings_office_stmt_bind (stmt, error, "s", visit_id) ||
      !findings_office_stmt_step (stmt, &row, error))
    return NULL;

  if (!row)
    {
      g_set_error (error, FINDINGS_OFFICE_ERROR, FINDINGS_OFFICE_ERROR_FAILED,
                   "Visit “%s” has a change number but no document.", visit_id);
      return NULL;
    }

  root = build_visit (self, visit_id, findings_office_stmt_text (stmt, 0), error);
  if (root == NULL)
    return NULL;

  served = g_rc_box_new0 (FindingsOfficeServed);
  served->visit_id = g_strdup (visit_id);
  served->change_seq = seq;
  served->text = json_to_string (root, FALSE);
  served->length = strlen (served->text);

  if (kept != NULL)
    {
      self->served_bytes -= kept->length;
      g_hash_table_remove (self->served, visit_id);
    }

  if (served->length <= SERVED_BYTES / 4)
    {
      make_room (self, served->length);
      g_hash_table_insert (self->served, g_strdup (visit_id), g_rc_box_acquire (served));
      self->served_bytes += served->length;
    }

  return served;
}

/* The page is written as text around the visits' kept texts, in the member order
 * json-glib wrote it before: visits, cursor, more. */
static char *
build_page (FindingsOfficeDb  *self,
            gint64             account_id,
            gint64             since,
            gint64            *out_last,
            GError           **error)
{
  g_autoptr(FindingsOfficeStmt) stmt = NULL;
  g_autoptr(GString) page = g_string_new ("{\"visits\":[");
  gboolean more = FALSE;
  guint n = 0;
  gboolean row;

  /* One statement reads the last change number and the page together, so both come
   * from one snapshot of the database without a transaction around them: on
   * PostgreSQL that is one round trip instead of four. Without a visit to send, the
   * one row holds only the number. */
  stmt = findings_office_sql_prepare (self->sql,
                                      "SELECT c.value, v.visit_id, v.change_seq "
                                      "FROM counters c LEFT JOIN "
                                      "(SELECT visit_id, change_seq FROM visit_changes "
                                      "WHERE account_id = ? AND change_seq > ? "
                                      "ORDER BY change_seq LIMIT ?) v ON 1 = 1 "
                                      "WHERE c.name = 'change_seq' "
                                      "ORDER BY v.change_seq",
                                      error);
  if (stmt == NULL)
    return NULL;

  if (!findings_office_stmt_bind (stmt, error, "iii", account_id, since,
                                  (gint64) PAGE_VISITS + 1))
    return NULL;

  while (!more)
    {
      FindingsOfficeServed *served;
      gint64 seq;

      if (!findings_office_stmt_step (stmt, &row, error))
        return NULL;
      if (!row)
        break;

      *out_last = findings_office_stmt_int (stmt, 0);
      if (findings_office_stmt_is_null (stmt, 1))
        break;

      /* The row after a full page only says that there is more. */
      if (n == PAGE_VISITS)
        {
          more = TRUE;
          break;
        }

      seq = findings_office_stmt_int (stmt, 2);
      served = get_served (self, findings_office_stmt_text (stmt, 1), seq, error);
      if (served == NULL)
        return NULL;

      /* A page holds at least one visit, however large. */
      more = n > 0 && page->len + 1 + served->length + PAGE_TAIL > PAGE_BYTES;
      if (!more)
        {
          if (n++ > 0)
            g_string_append_c (page, ',');
          g_string_append_len (page, served->text, (gssize) served->length);
          since = seq;
        }

      _findings_office_served_release (served);
    }

  g_string_append_printf (page, "],\"cursor\":\"%c%" G_GINT64_FORMAT "\",\"more\":%s}",
                          FINDINGS_PROTOCOL_CURSOR_PREFIX, since, more ? "true" : "false");
  return g_string_free (g_steal_pointer (&page), FALSE);
}

static char *
list_visits (FindingsOfficeDb  *self,
             gint64             account_id,
             const char        *since,
             GError           **error)
{
  g_autofree char *answer = NULL;
  gint64 last = 0;
  gint64 seq;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_DB (self), NULL);

  /* The cursor's form first; whether it is from the future is known with the page. */
  if (!_findings_office_db_parse_cursor (since, G_MAXINT64, &seq, error))
    return NULL;

  answer = build_page (self, account_id, seq, &last, error);
  if (answer != NULL && !_findings_office_db_parse_cursor (since, last, &seq, error))
    return NULL;

  return g_steal_pointer (&answer);
}

/**
 * findings_office_db_list_visits:
 * @account_id: the kiosk's account
 * @since: (nullable): a cursor from an earlier answer, or %NULL for all visits
 *
 * One page of the visits of @account_id that changed after @since, each whole
 * with its recommendations' current status and follow-up.
 *
 * Returns: (transfer full) (nullable): the answer, `{"visits", "cursor", "more"}`
 */
char *
findings_office_db_list_visits (FindingsOfficeDb  *self,
                                gint64             account_id,
                                const char        *since,
                                GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  char *result;

  result = list_visits (self, account_id, since, &local_error);
  if (result == NULL)
    _findings_office_db_propagate (error, g_steal_pointer (&local_error));

  return result;
}
