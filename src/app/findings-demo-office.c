/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-demo-office"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-demo-office.h"
#include "findings-office-db.h"
#include "findings-office-server.h"
#include "findings-site.h"
#include "findings-visit.h"
#include "findings-visit-parser.h"

/* `findings --demo` runs the reference office inside the app, on a loopback port and on
 * a thread of its own, so the whole loop (decide, send, follow-up shown back) works
 * with one command and the office's database work never touches the UI's main loop. */
struct _FindingsDemoOffice
{
  GObject       parent_instance;

  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  char         *url;
  char         *token;
  char         *db_path;
};

G_DEFINE_FINAL_TYPE (FindingsDemoOffice, findings_demo_office, G_TYPE_OBJECT)

typedef struct
{
  FindingsDemoOffice *office;
  GFile              *demo_dir;
  char               *work_dir;
} StartData;

static void
start_data_free (gpointer data)
{
  StartData *start = data;

  g_clear_object (&start->office);
  g_clear_object (&start->demo_dir);
  g_free (start->work_dir);
  g_free (start);
}

static gboolean
import_file (FindingsOfficeDb  *db,
             gint64             account,
             GHashTable        *sites,
             GFile             *file,
             GError           **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(FindingsVisit) visit = NULL;
  g_autoptr(JsonNode) stored = NULL;
  FindingsSite *site;
  gsize length;

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return FALSE;

  visit = findings_visit_parse (contents, length, error);
  if (visit == NULL)
    return FALSE;

  /* Each demo site belongs to the one demo account. */
  site = findings_visit_get_site (visit);
  if (!g_hash_table_contains (sites, findings_site_get_id (site)))
    {
      if (!findings_office_db_add_site (db, account, findings_site_get_id (site),
                                        findings_site_get_name (site), error))
        return FALSE;
      g_hash_table_add (sites, g_strdup (findings_site_get_id (site)));
    }

  stored = findings_office_db_put_visit (db, contents, length, account, error);
  return stored != NULL;
}

static gboolean
import_photos (FindingsOfficeDb  *db,
               GFile             *photo_dir,
               GError           **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;

  enumerator = g_file_enumerate_children (photo_dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NONE, NULL, error);
  if (enumerator == NULL)
    return FALSE;

  for (;;)
    {
      GFileInfo *info;
      GFile *child;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *id = NULL;
      const char *name;
      const char *media_type;
      char *dot;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, NULL, error))
        return FALSE;
      if (info == NULL)
        return TRUE;

      name = g_file_info_get_name (info);
      if (g_str_has_suffix (name, ".png"))
        media_type = "image/png";
      else if (g_str_has_suffix (name, ".jpg"))
        media_type = "image/jpeg";
      else
        continue;

      id = g_strdup (name);
      dot = strrchr (id, '.');
      *dot = '\0';

      bytes = g_file_load_bytes (child, NULL, NULL, error);
      if (bytes == NULL ||
          !findings_office_db_put_photo (db, id, media_type, bytes, NULL, error))
        return FALSE;
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
populate (FindingsOfficeDb  *db,
          GFile             *demo_dir,
          char             **token,
          GError           **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GHashTable) sites = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GFile) photo_dir = g_file_get_child (demo_dir, "photos");
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gint64 account;

  if (!findings_office_db_add_account (db, _("Demonstration customer"), &account, error))
    return FALSE;

  enumerator = g_file_enumerate_children (demo_dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NONE, NULL, error);
  if (enumerator == NULL)
    return FALSE;

  for (;;)
    {
      GFileInfo *info;

      if (!g_file_enumerator_iterate (enumerator, &info, NULL, NULL, error))
        return FALSE;
      if (info == NULL)
        break;
      if (g_str_has_suffix (g_file_info_get_name (info), ".json"))
        g_ptr_array_add (names, g_strdup (g_file_info_get_name (info)));
    }

  /* The same order on every machine, whatever order the folder lists them in. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(GFile) child = g_file_get_child (demo_dir, name);

      if (!import_file (db, account, sites, child, error))
        {
          g_prefix_error (error, "%s: ", name);
          return FALSE;
        }
    }

  if (!import_photos (db, photo_dir, error))
    return FALSE;

  *token = findings_office_db_add_token (db, FINDINGS_OFFICE_TOKEN_KIOSK, account, error);
  return *token != NULL;
}

static void
office_thread_run (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  StartData *start = task_data;
  FindingsDemoOffice *self = start->office;
  g_autoptr(FindingsOfficeDb) db = NULL;
  g_autoptr(FindingsOfficeServer) server = NULL;
  GError *error = NULL;
  guint port;

  g_main_context_push_thread_default (self->context);

  self->db_path = g_build_filename (start->work_dir, "office.db", NULL);
  db = findings_office_db_new (self->db_path, &error);
  if (db == NULL || !populate (db, start->demo_dir, &self->token, &error))
    goto failed;

  server = findings_office_server_new (db);
  if (!findings_office_server_listen_local (server, 0, &port, &error))
    goto failed;

  self->url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  g_task_return_pointer (task, g_object_ref (self), g_object_unref);

  /* Serve until the app stops the loop. */
  g_main_loop_run (self->loop);
  g_main_context_pop_thread_default (self->context);
  return;

failed:
  g_main_context_pop_thread_default (self->context);
  g_task_return_error (task, error);
}

static gpointer
office_thread_main (gpointer data)
{
  GTask *task = data;

  office_thread_run (task, NULL, g_task_get_task_data (task), NULL);
  g_object_unref (task);
  return NULL;
}

void
findings_demo_office_start_async (GFile               *demo_dir,
                                  const char          *work_dir,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StartData *start;

  g_return_if_fail (G_IS_FILE (demo_dir));
  g_return_if_fail (work_dir != NULL);

  start = g_new0 (StartData, 1);
  start->office = g_object_new (FINDINGS_TYPE_DEMO_OFFICE, NULL);
  start->demo_dir = g_object_ref (demo_dir);
  start->work_dir = g_strdup (work_dir);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, findings_demo_office_start_async);
  g_task_set_task_data (task, start, start_data_free);

  /* A thread of our own, not the GTask pool: it lives as long as the office serves. */
  start->office->thread = g_thread_new ("demo-office", office_thread_main,
                                        g_object_ref (task));
}

FindingsDemoOffice *
findings_demo_office_start_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
findings_demo_office_stop (FindingsDemoOffice *self)
{
  g_return_if_fail (FINDINGS_IS_DEMO_OFFICE (self));

  if (self->thread == NULL)
    return;

  g_main_loop_quit (self->loop);
  g_thread_join (g_steal_pointer (&self->thread));
}

static void
findings_demo_office_finalize (GObject *object)
{
  FindingsDemoOffice *self = FINDINGS_DEMO_OFFICE (object);

  if (self->thread != NULL)
    findings_demo_office_stop (self);

  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (findings_demo_office_parent_class)->finalize (object);
}

static void
findings_demo_office_class_init (FindingsDemoOfficeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = findings_demo_office_finalize;
}

static void
findings_demo_office_init (FindingsDemoOffice *self)
{
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
}

const char *
findings_demo_office_get_url (FindingsDemoOffice *self)
{
  g_return_val_if_fail (FINDINGS_IS_DEMO_OFFICE (self), NULL);
  return self->url;
}

const char *
findings_demo_office_get_token (FindingsDemoOffice *self)
{
  g_return_val_if_fail (FINDINGS_IS_DEMO_OFFICE (self), NULL);
  return self->token;
}

const char *
findings_demo_office_get_db_path (FindingsDemoOffice *self)
{
  g_return_val_if_fail (FINDINGS_IS_DEMO_OFFICE (self), NULL);
  return self->db_path;
}
