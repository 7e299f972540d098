/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-visit-loader"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-json-check.h"
#include "findings-visit.h"
#include "findings-visit-loader.h"
#include "findings-visit-parser.h"

typedef struct
{
  GListModel  *visits;
  char       **problems;
} LoadResult;

static void
load_result_free (gpointer data)
{
  LoadResult *result = data;

  g_clear_object (&result->visits);
  g_clear_pointer (&result->problems, g_strfreev);
  g_free (result);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
list_json_files (GFile         *directory,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  enumerator = g_file_enumerate_children (directory,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NONE,
                                          cancellable, error);
  if (enumerator == NULL)
    return NULL;

  for (;;)
    {
      GFileInfo *info;

      if (!g_file_enumerator_iterate (enumerator, &info, NULL, cancellable, error))
        return NULL;
      if (info == NULL)
        break;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
          g_str_has_suffix (g_file_info_get_name (info), ".json"))
        g_ptr_array_add (names, g_strdup (g_file_info_get_name (info)));
    }

  /* A stable order makes problems reproducible between runs. */
  g_ptr_array_sort (names, compare_names);

  return g_steal_pointer (&names);
}

static FindingsVisit *
load_one (GFile         *file,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;

  /* Refuse an oversized file before reading it into memory. */
  if (g_file_info_get_size (info) > FINDINGS_JSON_MAX_BODY)
    {
      g_set_error (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_TOO_LARGE,
                   _("The file is larger than the 8 MiB a visit may take."));
      return NULL;
    }

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    return NULL;

  return findings_visit_parse (contents, length, error);
}

GListModel *
findings_visit_load_directory (GFile         *directory,
                               GCancellable  *cancellable,
                               char        ***problems,
                               GError       **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GListStore) visits = NULL;
  g_autoptr(GStrvBuilder) found = g_strv_builder_new ();

  g_return_val_if_fail (G_IS_FILE (directory), NULL);

  names = list_json_files (directory, cancellable, error);
  if (names == NULL)
    return NULL;

  visits = g_list_store_new (FINDINGS_TYPE_VISIT);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(GFile) file = g_file_get_child (directory, name);
      g_autoptr(FindingsVisit) visit = NULL;
      g_autoptr(GError) local_error = NULL;

      visit = load_one (file, cancellable, &local_error);
      if (visit != NULL)
        {
          g_list_store_append (visits, visit);
          continue;
        }

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      {
        /* Translators: first %s is a file name, second the reason it was refused */
        g_autofree char *problem = g_strdup_printf (_("%s: %s"), name, local_error->message);

        g_strv_builder_add (found, problem);
      }
    }

  if (problems != NULL)
    *problems = g_strv_builder_end (found);

  return G_LIST_MODEL (g_steal_pointer (&visits));
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *directory = task_data;
  LoadResult *result = g_new0 (LoadResult, 1);
  GError *error = NULL;

  result->visits = findings_visit_load_directory (directory, cancellable,
                                                  &result->problems, &error);
  if (result->visits == NULL)
    {
      load_result_free (result);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, result, load_result_free);
}

void
findings_visit_load_directory_async (GFile               *directory,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (directory));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, findings_visit_load_directory_async);
  g_task_set_task_data (task, g_object_ref (directory), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

GListModel *
findings_visit_load_directory_finish (GAsyncResult  *result,
                                      char        ***problems,
                                      GError       **error)
{
  LoadResult *loaded;
  GListModel *visits;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return NULL;

  visits = g_steal_pointer (&loaded->visits);
  if (problems != NULL)
    *problems = g_steal_pointer (&loaded->problems);
  load_result_free (loaded);

  return visits;
}
