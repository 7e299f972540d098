/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-office-config"

#include "config.h"

#include "findings-office-config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>

/* Where this device finds its office and its files. The installer's settings come
 * first; the environment variables read here (and nowhere else in the app) exist for
 * scripts, tests and uninstalled builds:
 *
 *   FINDINGS_OFFICE_URL, FINDINGS_OFFICE_TOKEN  the office, instead of the setting and
 *                                               the token file
 *   FINDINGS_CA_FILE                            the office's private certificate
 *                                               authority, instead of the setting
 *   FINDINGS_DATA_DIR                           the data folder (`meson devenv`, tests)
 *   FINDINGS_WORK_DIR                           the demonstration's folder
 *   FINDINGS_OFFICE                             the findings-office program, for the demo
 */
struct _FindingsOfficeConfig
{
  GObject  parent_instance;

  char    *url;
  char    *token;
  char    *ca_file;
  /* Why the token file was not used, for the installer to read. */
  char    *problem;
};

G_DEFINE_FINAL_TYPE (FindingsOfficeConfig, findings_office_config, G_TYPE_OBJECT)

static const char *
non_empty_env (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? value : NULL;
}

static char *
dup_setting (const char *key)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  /* --sync-once runs where the schema may not be installed: no office then. */
  if (source == NULL ||
      (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)) == NULL)
    return NULL;

  /* A schema older than the key (an install not yet upgraded) has no such setting. */
  if (!g_settings_schema_has_key (schema, key))
    return NULL;

  settings = g_settings_new_full (schema, NULL, NULL);
  return g_settings_get_string (settings, key);
}

static char *
dup_secret_path (const char *name)
{
  return g_build_filename (g_get_user_config_dir (), "findings", name, NULL);
}

/**
 * findings_office_config_read_secret:
 * @name: the file's name in `~/.config/findings`, such as `office-token`
 * @error: return location for a #GError
 *
 * Reads a secret the installer saved. A secret lives in a file only this user can read,
 * never in a setting anyone can list, so a file that its group or others can read, or
 * that another user owns, is refused (%G_IO_ERROR_PERMISSION_DENIED, with a message that
 * says what to change) rather than trusted. A missing file is %G_IO_ERROR_NOT_FOUND.
 *
 * Returns: (transfer full) (nullable): the secret without surrounding white space, or
 *   %NULL with @error set
 */
char *
findings_office_config_read_secret (const char  *name,
                                    GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  guint32 mode;

  g_return_val_if_fail (name != NULL && strchr (name, G_DIR_SEPARATOR) == NULL, NULL);

  path = dup_secret_path (name);
  file = g_file_new_for_path (path);
  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_UNIX_MODE "," G_FILE_ATTRIBUTE_UNIX_UID,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;

  mode = g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_MODE);
  if (g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_UID) != getuid ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("%s belongs to another user, so it is not used. "
                     "Save the token again from the installer settings."),
                   path);
      return NULL;
    }
  if ((mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("%s can be read by other users, so it is not used. "
                     "Make it private with “chmod 600 %s”."),
                   path, path);
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  return g_strdup (g_strstrip (contents));
}

/**
 * findings_office_config_write_secret:
 * @name: the file's name in `~/.config/findings`
 * @value: the secret
 * @error: return location for a #GError
 *
 * Saves a secret in a file that only this user can read or write (mode 0600, in a
 * folder of mode 0700), replacing the old one at once so no reader ever sees half.
 *
 * Returns: %TRUE once the file is in place
 */
gboolean
findings_office_config_write_secret (const char  *name,
                                     const char  *value,
                                     GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *line = NULL;

  g_return_val_if_fail (name != NULL && strchr (name, G_DIR_SEPARATOR) == NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  path = dup_secret_path (name);
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  line = g_strconcat (value, "\n", NULL);
  return g_file_set_contents_full (path, line, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT |
                                   G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

static char *
dup_token_from_file (char **problem)
{
  g_autoptr(GError) error = NULL;
  char *token = findings_office_config_read_secret ("office-token", &error);

  if (token == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_warning ("%s", error->message);
      *problem = g_strdup (error->message);
    }

  return token;
}

static void
findings_office_config_finalize (GObject *object)
{
  FindingsOfficeConfig *self = FINDINGS_OFFICE_CONFIG (object);

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (findings_office_config_parent_class)->finalize (object);
}

static void
findings_office_config_class_init (FindingsOfficeConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = findings_office_config_finalize;
}

static void
findings_office_config_init (FindingsOfficeConfig *self)
{
}

/**
 * findings_office_config_new:
 * @url: the office's base URL
 * @token: (nullable): the kiosk's token
 *
 * Returns: (transfer full): a configuration for an office known in advance, such as
 *   the demonstration's
 */
FindingsOfficeConfig *
findings_office_config_new (const char *url,
                            const char *token)
{
  FindingsOfficeConfig *self;

  g_return_val_if_fail (url != NULL, NULL);

  self = g_object_new (FINDINGS_TYPE_OFFICE_CONFIG, NULL);
  self->url = g_strdup (url);
  self->token = g_strdup (token);

  return self;
}

/**
 * findings_office_config_load:
 *
 * Reads the office this device is set up for: the URL from the `office-url` setting,
 * the token from `~/.config/findings/office-token`, the private certificate authority
 * from the `ca-file` setting, each replaced by `FINDINGS_OFFICE_URL`,
 * `FINDINGS_OFFICE_TOKEN` and `FINDINGS_CA_FILE` when set. A token file that is refused
 * leaves the office without a token, and findings_office_config_get_problem() says why.
 *
 * Returns: (transfer full) (nullable): the office, or %NULL when none is set up
 */
FindingsOfficeConfig *
findings_office_config_load (void)
{
  g_autofree char *url = g_strdup (g_getenv ("FINDINGS_OFFICE_URL"));
  g_autofree char *token = NULL;
  g_autofree char *ca_file = g_strdup (g_getenv ("FINDINGS_CA_FILE"));
  g_autofree char *problem = NULL;
  FindingsOfficeConfig *self;

  if (url == NULL)
    url = dup_setting ("office-url");
  if (url == NULL || *url == '\0')
    return NULL;

  token = g_strdup (g_getenv ("FINDINGS_OFFICE_TOKEN"));
  if (token == NULL)
    token = dup_token_from_file (&problem);
  if (ca_file == NULL)
    ca_file = dup_setting ("ca-file");

  self = findings_office_config_new (url, token);
  findings_office_config_set_ca_file (self, ca_file);
  self->problem = g_steal_pointer (&problem);

  return self;
}

/**
 * findings_office_config_get_problem:
 *
 * Returns: (nullable): why the token file was refused, in words for the installer
 */
const char *
findings_office_config_get_problem (FindingsOfficeConfig *self)
{
  g_return_val_if_fail (FINDINGS_IS_OFFICE_CONFIG (self), NULL);

  return self->problem;
}

/**
 * findings_office_config_set_ca_file:
 * @ca_file: (nullable): a PEM file of the authorities to trust instead of the system's
 */
void
findings_office_config_set_ca_file (FindingsOfficeConfig *self,
                                    const char           *ca_file)
{
  g_return_if_fail (FINDINGS_IS_OFFICE_CONFIG (self));

  g_free (self->ca_file);
  self->ca_file = ca_file != NULL && *ca_file != '\0' ? g_strdup (ca_file) : NULL;
}

const char *
findings_office_config_get_ca_file (FindingsOfficeConfig *self)
{
  g_return_val_if_fail (FINDINGS_IS_OFFICE_CONFIG (self), NULL);

  return self->ca_file;
}

/**
 * findings_office_config_dup_tls_database:
 * @error: why the authority file could not be read
 *
 * Returns: (transfer full) (nullable): the private authorities to trust, or %NULL with
 *   @error unset when the system's are to be used
 */
GTlsDatabase *
findings_office_config_dup_tls_database (FindingsOfficeConfig  *self,
                                         GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  GTlsDatabase *database;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_CONFIG (self), NULL);

  if (self->ca_file == NULL)
    return NULL;

  database = g_tls_file_database_new (self->ca_file, &local_error);
  if (database == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("The certificate authority file %s cannot be used: %s"),
                 self->ca_file, local_error->message);

  return database;
}

const char *
findings_office_config_get_url (FindingsOfficeConfig *self)
{
  g_return_val_if_fail (FINDINGS_IS_OFFICE_CONFIG (self), NULL);

  return self->url;
}

const char *
findings_office_config_get_token (FindingsOfficeConfig *self)
{
  g_return_val_if_fail (FINDINGS_IS_OFFICE_CONFIG (self), NULL);

  return self->token;
}

/**
 * findings_office_config_dup_data_dir:
 *
 * Returns: (transfer full): the folder of the installed data (the demo among it), or
 *   `FINDINGS_DATA_DIR`, which `meson devenv` and the tests set for an uninstalled build
 */
GFile *
findings_office_config_dup_data_dir (void)
{
  const char *dir = non_empty_env ("FINDINGS_DATA_DIR");

  return g_file_new_for_path (dir != NULL ? dir : PKGDATADIR);
}

/**
 * findings_office_config_dup_store_path:
 *
 * Returns: (transfer full): where this device keeps its cache and its outbox
 */
char *
findings_office_config_dup_store_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "findings", "findings.db", NULL);
}

/**
 * findings_office_config_dup_demo_dir:
 * @error: where to say why no folder could be made
 *
 * The demonstration starts afresh each time, in a new temporary folder, unless
 * `FINDINGS_WORK_DIR` names one (tests do, to look at its databases).
 *
 * Returns: (transfer full) (nullable): the folder for the demo's office and store
 */
char *
findings_office_config_dup_demo_dir (GError **error)
{
  const char *dir = non_empty_env ("FINDINGS_WORK_DIR");

  if (dir != NULL)
    return g_strdup (dir);

  return g_dir_make_tmp ("findings-demo-XXXXXX", error);
}

/**
 * findings_office_config_find_office_program:
 *
 * Finds the `findings-office` program the demonstration runs: next to this
 * executable (an install's bindir, the Flatpak's /app/bin), else `FINDINGS_OFFICE`
 * (the tests and `meson devenv` point it into the build tree), else on `PATH`.
 *
 * Returns: (transfer full) (nullable): the program's path
 */
char *
findings_office_config_find_office_program (void)
{
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  const char *env = non_empty_env ("FINDINGS_OFFICE");

  if (self_exe != NULL)
    {
      g_autofree char *bindir = g_path_get_dirname (self_exe);
      g_autofree char *beside = g_build_filename (bindir, "findings-office", NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_REGULAR) &&
          g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }

  if (env != NULL)
    return g_strdup (env);

  return g_find_program_in_path ("findings-office");
}
