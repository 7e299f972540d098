/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-store"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-store-private.h"

/* The cache of what the office sent: visits, photos, and the cursor that says
 * where the next page of visits starts. */

#define CURSOR_KEY "cursor"

static const char upsert_visit_sql[] =
  "INSERT INTO visits (id, site_id, completed_at, body, updated_at)"
  " VALUES (?, ?, ?, ?, ?)"
  " ON CONFLICT (id) DO UPDATE SET site_id = excluded.site_id,"
  " completed_at = excluded.completed_at, body = excluded.body,"
  " updated_at = excluded.updated_at";

/* A page of visits with the cursor after it; without visits, a cursor alone. */
typedef struct
{
  GPtrArray *visits;
  char      *cursor;
} PageData;

typedef struct
{
  char   *id;
  char   *sha256;
  char   *media_type;
  GBytes *data;
} PhotoData;


/*
 * Auxiliary methods
 */

static gint64
date_time_to_usec (GDateTime *date_time)
{
  return g_date_time_to_unix (date_time) * G_USEC_PER_SEC +
         g_date_time_get_microsecond (date_time);
}

static PageData *
page_data_new (GPtrArray  *visits,
               const char *cursor)
{
  PageData *data = g_new0 (PageData, 1);

  data->visits = visits != NULL ? g_ptr_array_ref (visits) : NULL;
  data->cursor = g_strdup (cursor);

  return data;
}

static void
page_data_free (PageData *data)
{
  g_clear_pointer (&data->visits, g_ptr_array_unref);
  g_free (data->cursor);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PageData, page_data_free)

static PhotoData *
photo_data_new (const char *id,
                const char *sha256,
                const char *media_type,
                GBytes     *bytes)
{
  PhotoData *data = g_new0 (PhotoData, 1);

  data->id = g_strdup (id);
  data->sha256 = g_strdup (sha256);
  data->media_type = g_strdup (media_type);
  data->data = g_bytes_ref (bytes);

  return data;
}

static void
photo_data_free (PhotoData *data)
{
  g_free (data->id);
  g_free (data->sha256);
  g_free (data->media_type);
  g_clear_pointer (&data->data, g_bytes_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PhotoData, photo_data_free)

/* NULL values are bound as they are: the table refuses a visit without an id or a
 * body, and the write's transaction then rolls back. */
static gboolean
upsert_visit (sqlite3_stmt  *stmt,
              const char    *id,
              const char    *site_id,
              GDateTime     *completed_at,
              const char    *body,
              gsize          length,
              GError       **error)
{
  gint64 completed_us = completed_at != NULL ? date_time_to_usec (completed_at) : 0;

  return findings_sqlite_reset (stmt, error) &&
         findings_sqlite_bind (stmt, error, "ssIni",
                               id, site_id, completed_at != NULL ? &completed_us : NULL,
                               body, length, g_get_real_time ()) &&
         findings_sqlite_step_done (stmt, error);
}

static gboolean
set_cursor_in_transaction (FindingsStore  *self,
                           const char     *cursor,
                           GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GError *cause = NULL;

  if (cursor == NULL)
    stmt = findings_sqlite_prepare (self->db, "DELETE FROM meta WHERE key = ?", &cause);
  else
    stmt = findings_sqlite_prepare (self->db,
                                    "INSERT INTO meta (key, value) VALUES (?, ?)"
                                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                    &cause);

  if (stmt == NULL ||
      !findings_sqlite_bind (stmt, &cause, cursor != NULL ? "ss" : "s", CURSOR_KEY, cursor) ||
      !findings_sqlite_step_done (stmt, &cause))
    return _findings_store_propagate_error (error, cause,
                                            _("The sync position could not be saved on this "
                                              "device"));

  return TRUE;
}


/*
 * Writes, on the writer thread
 */

static gboolean
save_visit_write (FindingsStore  *self,
                  gpointer        user_data,
                  GError        **error)
{
  FindingsStoreVisit *visit = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *body = NULL;
  gsize length = 0;

  /* Empty text is still text here: only a missing body is refused. */
  if (visit->body != NULL)
    {
      body = g_bytes_get_data (visit->body, &length);
      if (body == NULL)
        body = "";
    }

  stmt = findings_sqlite_prepare (self->db, upsert_visit_sql, error);

  return stmt != NULL &&
         upsert_visit (stmt, visit->id, visit->site_id, visit->completed_at, body, length,
                       error);
}

/* Either all of the visits and the cursor are saved, or none and the cursor stays
 * where it was, so that the page is asked for again. */
static gboolean
save_page_write (FindingsStore  *self,
                 gpointer        user_data,
                 GError        **error)
{
  PageData *data = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = findings_sqlite_prepare (self->db, upsert_visit_sql, error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < data->visits->len; i++)
    {
      FindingsStoreVisit *visit = g_ptr_array_index (data->visits, i);
      const char *body = NULL;
      gsize length = 0;

      if (visit->body != NULL)
        body = g_bytes_get_data (visit->body, &length);

      if (!upsert_visit (stmt, visit->id, visit->site_id, visit->completed_at,
                         body, length, error))
        return FALSE;
    }

  return set_cursor_in_transaction (self, data->cursor, error);
}

static gboolean
set_cursor_write (FindingsStore  *self,
                  gpointer        user_data,
                  GError        **error)
{
  PageData *data = user_data;

  return set_cursor_in_transaction (self, data->cursor, error);
}

/* The checksum is computed here, off the caller's thread: a photo may be 20 MiB. */
static gboolean
save_photo_write (FindingsStore  *self,
                  gpointer        user_data,
                  GError        **error)
{
  PhotoData *data = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *computed = NULL;

  computed = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data->data);
  if (data->sha256 != NULL && g_ascii_strcasecmp (data->sha256, computed) != 0)
    {
      g_set_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_CHECKSUM,
                   _("The photo %s arrived damaged: its checksum does not match the "
                     "one in the visit."),
                   data->id);
      return FALSE;
    }

  stmt = findings_sqlite_prepare (self->db,
                                  "INSERT INTO photos (id, sha256, media_type, data, fetched_at)"
                                  " VALUES (?, ?, ?, ?, ?)"
                                  " ON CONFLICT (id) DO UPDATE SET sha256 = excluded.sha256,"
                                  " media_type = excluded.media_type, data = excluded.data,"
                                  " fetched_at = excluded.fetched_at",
                                  error);

  return stmt != NULL &&
         findings_sqlite_bind (stmt, error, "sssbi",
                               data->id, computed, data->media_type, data->data,
                               g_get_real_time ()) &&
         findings_sqlite_step_done (stmt, error);
}


/*
 * Public API
 */

/* Blocking, for tests (findings-store-private.h): saves one visit, replacing the one
 * with the same id; @length is the length of @json in bytes. */
gboolean
findings_store_save_visit (FindingsStore  *self,
                           const char     *id,
                           const char     *site_id,
                           GDateTime      *completed_at,
                           const char     *json,
                           gsize           length,
                           GError        **error)
{
  g_autoptr(FindingsStoreVisit) visit = NULL;
  g_autoptr(GBytes) body = NULL;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  body = g_bytes_new (json, length);
  visit = findings_store_visit_new (id, site_id, completed_at, body);

  return _findings_store_write (self, save_visit_write, visit,
                                _("The visit could not be saved on this device"), error);
}

/**
 * findings_store_save_page_async:
 * @visits: (element-type FindingsStoreVisit): one page of visits from the office;
 *   the store takes a reference, so it must not change afterwards
 * @cursor: (nullable): the cursor that comes after this page; %NULL forgets it
 *
 * Saves the visits and the cursor in one transaction: either all of them are
 * saved, or none and the cursor stays where it was, so that the page is asked
 * for again.
 */
void
findings_store_save_page_async (FindingsStore       *self,
                                GPtrArray           *visits,
                                const char          *cursor,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (FINDINGS_IS_STORE (self));
  g_return_if_fail (visits != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _findings_store_write_async (self, save_page_write, page_data_new (visits, cursor),
                               (GDestroyNotify) page_data_free,
                               _("The visits could not be saved on this device"),
                               findings_store_save_page_async,
                               cancellable, callback, user_data);
}

gboolean
findings_store_save_page_finish (FindingsStore  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  return _findings_store_write_finish (self, result, findings_store_save_page_async, error);
}

/* Blocking, for tests (findings-store-private.h). */
gboolean
findings_store_save_page (FindingsStore  *self,
                          GPtrArray      *visits,
                          const char     *cursor,
                          GError        **error)
{
  g_autoptr(PageData) data = NULL;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), FALSE);
  g_return_val_if_fail (visits != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = page_data_new (visits, cursor);
  return _findings_store_write (self, save_page_write, data,
                                _("The visits could not be saved on this device"), error);
}

/**
 * findings_store_load_visit_bodies:
 * @error: return location for a %FINDINGS_STORE_ERROR
 *
 * Returns: (transfer container) (element-type GBytes) (nullable): every saved
 *   visit document, the most recently completed first
 */
GPtrArray *
findings_store_load_visit_bodies (FindingsStore  *self,
                                  GError        **error)
{
  const char *what = _("The saved visits could not be read");
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  GError *cause = NULL;
  gboolean row;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->read_lock);
  stmt = findings_sqlite_prepare (self->reader,
                                  "SELECT body FROM visits ORDER BY completed_at DESC, id",
                                  &cause);
  if (stmt == NULL)
    {
      _findings_store_propagate_error (error, cause, what);
      return NULL;
    }

  bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  while (findings_sqlite_step_row (stmt, &row, &cause))
    {
      if (!row)
        return g_steal_pointer (&bodies);

      g_ptr_array_add (bodies, findings_sqlite_column_bytes (stmt, 0));
    }

  _findings_store_propagate_error (error, cause, what);
  return NULL;
}

/**
 * findings_store_dup_cursor:
 *
 * Returns: (transfer full) (nullable): the office's cursor after the last page
 *   saved, or %NULL to ask for every visit (also when the store cannot be
 *   read: a warning is logged)
 */
char *
findings_store_dup_cursor (FindingsStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  GError *cause = NULL;
  gboolean row;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->read_lock);
  stmt = findings_sqlite_prepare (self->reader, "SELECT value FROM meta WHERE key = ?", &cause);
  if (stmt != NULL &&
      findings_sqlite_bind (stmt, &cause, "s", CURSOR_KEY) &&
      findings_sqlite_step_row (stmt, &row, &cause))
    return row ? findings_sqlite_dup_column_text (stmt, 0) : NULL;

  _findings_store_propagate_error (&error, cause, _("The sync position could not be read"));
  g_warning ("%s", error->message);
  return NULL;
}

/**
 * findings_store_set_cursor_async:
 * @cursor: (nullable): the office's cursor; %NULL forgets it
 *
 * Saves the cursor alone, behind the writes already queued.
 */
void
findings_store_set_cursor_async (FindingsStore       *self,
                                 const char          *cursor,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (FINDINGS_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _findings_store_write_async (self, set_cursor_write, page_data_new (NULL, cursor),
                               (GDestroyNotify) page_data_free,
                               _("The sync position could not be saved on this device"),
                               findings_store_set_cursor_async,
                               cancellable, callback, user_data);
}

gboolean
findings_store_set_cursor_finish (FindingsStore  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  return _findings_store_write_finish (self, result, findings_store_set_cursor_async, error);
}

/* Blocking, for tests (findings-store-private.h). */
gboolean
findings_store_set_cursor (FindingsStore  *self,
                           const char     *cursor,
                           GError        **error)
{
  g_autoptr(PageData) data = NULL;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = page_data_new (NULL, cursor);
  return _findings_store_write (self, set_cursor_write, data,
                                _("The sync position could not be saved on this device"),
                                error);
}

/**
 * findings_store_save_photo_async:
 * @id: the photo's id
 * @sha256: (nullable): the checksum the visit gives for it, in hexadecimal
 * @media_type: (nullable): such as "image/jpeg"
 * @data: the photo's bytes
 *
 * Saves a photo, replacing the one with the same id. Bytes that do not match
 * @sha256 are refused with %FINDINGS_STORE_ERROR_CHECKSUM and not saved.
 */
void
findings_store_save_photo_async (FindingsStore       *self,
                                 const char          *id,
                                 const char          *sha256,
                                 const char          *media_type,
                                 GBytes              *data,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (FINDINGS_IS_STORE (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (data != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _findings_store_write_async (self, save_photo_write,
                               photo_data_new (id, sha256, media_type, data),
                               (GDestroyNotify) photo_data_free,
                               _("The photo could not be saved on this device"),
                               findings_store_save_photo_async,
                               cancellable, callback, user_data);
}

gboolean
findings_store_save_photo_finish (FindingsStore  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  return _findings_store_write_finish (self, result, findings_store_save_photo_async, error);
}

/* Blocking, for tests (findings-store-private.h). */
gboolean
findings_store_save_photo (FindingsStore  *self,
                           const char     *id,
                           const char     *sha256,
                           const char     *media_type,
                           GBytes         *data,
                           GError        **error)
{
  g_autoptr(PhotoData) photo = NULL;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  photo = photo_data_new (id, sha256, media_type, data);
  return _findings_store_write (self, save_photo_write, photo,
                                _("The photo could not be saved on this device"), error);
}

/**
 * findings_store_load_photo:
 * @id: the photo's id
 * @media_type: (out) (optional) (nullable) (transfer full): its media type
 * @error: return location for a %FINDINGS_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): the photo's bytes; %NULL with
 *   %FINDINGS_STORE_ERROR_NOT_FOUND when it is not saved
 */
GBytes *
findings_store_load_photo (FindingsStore  *self,
                           const char     *id,
                           char          **media_type,
                           GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GError *cause = NULL;
  gboolean row;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (media_type != NULL)
    *media_type = NULL;

  locker = g_mutex_locker_new (&self->read_lock);
  stmt = findings_sqlite_prepare (self->reader,
                                  "SELECT media_type, data FROM photos WHERE id = ?", &cause);
  if (stmt == NULL ||
      !findings_sqlite_bind (stmt, &cause, "s", id) ||
      !findings_sqlite_step_row (stmt, &row, &cause))
    {
      _findings_store_propagate_error (error, cause, _("The photo could not be read"));
      return NULL;
    }

  if (!row)
    {
      g_set_error (error, FINDINGS_STORE_ERROR, FINDINGS_STORE_ERROR_NOT_FOUND,
                   _("The photo %s is not saved on this device."), id);
      return NULL;
    }

  if (media_type != NULL)
    *media_type = findings_sqlite_dup_column_text (stmt, 0);

  return findings_sqlite_column_bytes (stmt, 1);
}

/**
 * findings_store_has_photo:
 * @id: the photo's id
 * @sha256: (nullable): the checksum the visit gives now; %NULL for any
 *
 * Whether the photo is saved, with these very bytes when @sha256 is given: a
 * photo replaced at the office has a new checksum and is fetched again.
 *
 * Returns: %TRUE when it is (%FALSE, with a warning, when the store cannot be read)
 */
gboolean
findings_store_has_photo (FindingsStore *self,
                          const char    *id,
                          const char    *sha256)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  GError *cause = NULL;
  const char *stored;
  gboolean row;

  g_return_val_if_fail (FINDINGS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  locker = g_mutex_locker_new (&self->read_lock);
  stmt = findings_sqlite_prepare (self->reader, "SELECT sha256 FROM photos WHERE id = ?", &cause);
  if (stmt == NULL ||
      !findings_sqlite_bind (stmt, &cause, "s", id) ||
      !findings_sqlite_step_row (stmt, &row, &cause))
    {
      _findings_store_propagate_error (&error, cause, _("The photo could not be read"));
      g_warning ("%s", error->message);
      return FALSE;
    }

  if (!row)
    return FALSE;

  stored = findings_sqlite_column_text (stmt, 0);
  return sha256 == NULL || (stored != NULL && g_ascii_strcasecmp (sha256, stored) == 0);
}
