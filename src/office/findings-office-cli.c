/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-office"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>

#include "findings-office-cli.h"
#include "findings-office-db-desk.h"
#include "findings-office-db.h"
#include "findings-office-listener.h"
#include "findings-office-server.h"
#include "findings-protocol.h"
#include "findings-site.h"
#include "findings-visit.h"
#include "findings-visit-parser.h"

/* The office's command line: a thin layer over FindingsOfficeDb and
 * FindingsOfficeServer. Errors go to stderr in plain words. */

#define EXIT_USAGE 2

typedef struct _Command Command;

typedef int (*CommandFunc) (const Command  *command,
                            char          **argv);

struct _Command
{
  const char  *name;
  const char  *usage;
  const char  *summary;
  CommandFunc  run;
};

static char *db_path = NULL;

static const GOptionEntry db_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
    "The office database: a SQLite file, or a PostgreSQL URL (postgresql://…)", "DB" },
  { NULL }
};

static int run_account   (const Command *command, char **argv);
static int run_site      (const Command *command, char **argv);
static int run_token     (const Command *command, char **argv);
static int run_visit     (const Command *command, char **argv);
static int run_calls     (const Command *command, char **argv);
static int run_follow_up (const Command *command, char **argv);
static int run_serve     (const Command *command, char **argv);
static int run_demo      (const Command *command, char **argv);

static const Command commands[] = {
  { "account", "account add NAME", "Adds a customer account and prints its id.", run_account },
  { "site", "site add --account ID --site SITE_ID --name NAME",
    "Adds a site to an account.", run_site },
  { "token", "token add --kind kiosk|technician|office [--account ID] [--technician ID] | "
    "token revoke TOKEN",
    "Adds a token and prints it once (a kiosk token needs --account; a technician token "
    "may name --technician, to read that technician's leads), or revokes one.",
    run_token },
  { "visit", "visit import --account ID FILE.json",
    "Imports a visit document for a site of the account.", run_visit },
  { "calls", "calls [--overdue]",
    "Lists call requests waiting for the office, oldest first.", run_calls },
  { "follow-up", "follow-up REC_ID --state STATE [--owner NAME] [--due DATE] [--message TEXT]",
    "Replaces the follow-up of a recommendation.", run_follow_up },
  { "serve", "serve --port N [--address 127.0.0.1] [--tls-cert FILE --tls-key FILE]",
    "Answers the office API until stopped with SIGTERM or SIGINT.", run_serve },
  { "demo", "demo --data DIR [--port N] [--address 127.0.0.1] [--watch-stdin]",
    "Fills a new database with the demo visits, photos and a kiosk token, then serves it; "
    "prints “listening URL token TOKEN” once it answers.", run_demo },
};


/*
 * Helpers
 */

static int
fail (const GError *error)
{
  g_printerr ("findings-office: %s\n", error->message);
  return EXIT_FAILURE;
}

G_GNUC_PRINTF (2, 3)
static int
fail_usage (const char *command,
            const char *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("findings-office: %s\nTry “findings-office %s --help”.\n", message, command);
  return EXIT_USAGE;
}

/* Parses one command's options; the words left over stay in @args. */
static gboolean
parse_options (const Command       *command,
               const GOptionEntry  *entries,
               char              ***args,
               int                 *status)
{
  g_autoptr(GOptionContext) context = g_option_context_new (command->usage);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, command->summary);
  g_option_context_add_main_entries (context, db_entries, NULL);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse_strv (context, args, &error))
    {
      *status = fail_usage (command->name, "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

static FindingsOfficeDb *
open_db (const Command *command,
         int           *status)
{
  g_autoptr(GError) error = NULL;
  FindingsOfficeDb *db;

  if (db_path == NULL)
    {
      *status = fail_usage (command->name, "Give the office database with --db FILE or --db postgresql://…");
      return NULL;
    }

  db = findings_office_db_new (db_path, &error);
  if (db == NULL)
    *status = fail (error);

  return db;
}

static const Command *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (commands[i].name, name))
        return &commands[i];
    }

  return NULL;
}

/* A command's words: @args[0] is the command itself. */
static gboolean
expect_words (const Command  *command,
              char          **args,
              const char     *subcommand,
              guint           n_words,
              int            *status)
{
  guint n = g_strv_length (args);
  guint first = subcommand != NULL ? 2 : 1;

  if (subcommand != NULL && (n < 2 || !g_str_equal (args[1], subcommand)))
    {
      *status = fail_usage (command->name, "Usage: findings-office %s", command->usage);
      return FALSE;
    }

  if (n != first + n_words)
    {
      *status = fail_usage (command->name, "Usage: findings-office %s", command->usage);
      return FALSE;
    }

  return TRUE;
}


/*
 * Commands
 */

static int
run_account (const Command  *command,
             char          **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_autoptr(FindingsOfficeDb) db = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  int status = EXIT_SUCCESS;

  if (!parse_options (command, NULL, &args, &status) ||
      !expect_words (command, args, "add", 1, &status) ||
      (db = open_db (command, &status)) == NULL)
    return status;

  if (!findings_office_db_add_account (db, args[2], &id, &error))
    return fail (error);

  g_print ("%" G_GINT64_FORMAT "\n", id);
  return EXIT_SUCCESS;
}

static int
run_site (const Command  *command,
          char          **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_autoptr(FindingsOfficeDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *site_id = NULL;
  g_autofree char *name = NULL;
  gint64 account_id = 0;
  int status = EXIT_SUCCESS;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_INT64, &account_id, "The account's id", "ID" },
    { "site", 0, 0, G_OPTION_ARG_STRING, &site_id, "The site's id, as visits name it", "SITE_ID" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "The site's name", "NAME" },
    { NULL }
  };

  if (!parse_options (command, entries, &args, &status) ||
      !expect_words (command, args, "add", 0, &status))
    return status;

  if (account_id <= 0 || site_id == NULL || name == NULL)
    return fail_usage (command->name, "Give --account, --site and --name.");

  db = open_db (command, &status);
  if (db == NULL)
    return status;

  if (!findings_office_db_add_site (db, account_id, site_id, name, &error))
    return fail (error);

  g_print ("Site %s belongs to account %" G_GINT64_FORMAT ".\n", site_id, account_id);
  return EXIT_SUCCESS;
}

static int
revoke_token (const Command  *command,
              char          **args)
{
  g_autoptr(FindingsOfficeDb) db = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_SUCCESS;

  if (!expect_words (command, args, "revoke", 1, &status) ||
      (db = open_db (command, &status)) == NULL)
    return status;

  if (!findings_office_db_revoke_token (db, args[2], &error))
    return fail (error);

  g_print ("The token is revoked.\n");
  return EXIT_SUCCESS;
}

static int
run_token (const Command  *command,
           char          **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_autoptr(FindingsOfficeDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kind_name = NULL;
  g_autofree char *technician_id = NULL;
  g_autofree char *token = NULL;
  FindingsOfficeTokenKind kind;
  gint64 account_id = 0;
  int status = EXIT_SUCCESS;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_name, "kiosk, technician or office", "KIND" },
    { "account", 0, 0, G_OPTION_ARG_INT64, &account_id, "The kiosk's account", "ID" },
    { "technician", 0, 0, G_OPTION_ARG_STRING, &technician_id,
      "The technician a technician token reads the leads of", "ID" },
    { NULL }
  };

  if (!parse_options (command, entries, &args, &status))
    return status;

  if (g_strv_length (args) >= 2 && g_str_equal (args[1], "revoke"))
    return revoke_token (command, args);

  if (!expect_words (command, args, "add", 0, &status))
    return status;

  if (!findings_office_token_kind_from_string (kind_name, &kind))
    return fail_usage (command->name, "Give --kind kiosk, technician or office.");

  db = open_db (command, &status);
  if (db == NULL)
    return status;

  if (technician_id != NULL && kind != FINDINGS_OFFICE_TOKEN_TECHNICIAN)
    return fail_usage (command->name, "Only a technician token names a --technician.");

  if (technician_id != NULL)
    token = findings_office_db_add_technician_token (db, technician_id, &error);
  else
    token = findings_office_db_add_token (db, kind, account_id, &error);
  if (token == NULL)
    return fail (error);

  /* The office keeps only a hash: this is the one chance to copy the token. */
  g_print ("%s\n", token);
  g_printerr ("This token is shown once; store it now.\n");
  return EXIT_SUCCESS;
}

static int
run_visit (const Command  *command,
           char          **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_autoptr(FindingsOfficeDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(JsonNode) answer = NULL;
  gint64 account_id = 0;
  int status = EXIT_SUCCESS;
  JsonObject *object;
  JsonArray *withdrawn;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_INT64, &account_id, "The account the site belongs to", "ID" },
    { NULL }
  };

  if (!parse_options (command, entries, &args, &status) ||
      !expect_words (command, args, "import", 1, &status))
    return status;

  if (account_id <= 0)
    return fail_usage (command->name, "Give the account with --account ID.");

  db = open_db (command, &status);
  if (db == NULL)
    return status;

  /* Mapped, not read: an oversized file is refused without loading it. */
  file = g_mapped_file_new (args[2], FALSE, &error);
  if (file != NULL)
    answer = findings_office_db_put_visit (db, g_mapped_file_get_contents (file),
                                           g_mapped_file_get_length (file), account_id, &error);
  if (answer == NULL)
    return fail (error);

  object = json_node_get_object (answer);
  withdrawn = json_object_get_array_member (object, "withdrawn");
  g_print ("%s visit %s.\n",
           json_object_get_boolean_member (object, "created") ? "Imported" : "Replaced",
           json_object_get_string_member (object, "id"));
  for (guint i = 0; i < json_array_get_length (withdrawn); i++)
    g_print ("Withdrawn, missing from this version: %s\n",
             json_array_get_string_element (withdrawn, i));

  return EXIT_SUCCESS;
}

static char *
format_age (GDateTime *since,
            GDateTime *now)
{
  GTimeSpan age = MAX (g_date_time_difference (now, since), 0);
  gint64 minutes = age / G_TIME_SPAN_MINUTE;
  gint64 hours = minutes / 60;
  gint64 days = hours / 24;

  if (days > 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT " d %" G_GINT64_FORMAT " h", days, hours % 24);
  if (hours > 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT " h %" G_GINT64_FORMAT " min",
                            hours, minutes % 60);

  return g_strdup_printf ("%" G_GINT64_FORMAT " min", minutes);
}

#define CALL_COLUMNS 8

static char **
call_row (FindingsOfficeCall *call,
          GDateTime          *now)
{
  FindingsFollowUp *follow_up = call->follow_up;
  g_autoptr(GDateTime) local = NULL;
  const char *due = follow_up != NULL ? findings_follow_up_get_due_by (follow_up) : NULL;
  gboolean overdue = follow_up != NULL && findings_follow_up_is_overdue (follow_up, now);
  char **row = g_new0 (char *, CALL_COLUMNS + 1);

  local = call->received_at != NULL ? g_date_time_to_local (call->received_at) : NULL;
  row[0] = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("?");
  row[1] = local != NULL ? format_age (local, now) : g_strdup ("?");
  row[2] = g_strdup_printf ("%s%s", due != NULL ? due : "-", overdue ? " OVERDUE" : "");
  row[3] = g_strdup (follow_up != NULL ?
                     findings_follow_up_state_to_string (findings_follow_up_get_state (follow_up)) :
                     "-");
  row[4] = g_strdup (call->recommendation_id);
  row[5] = g_strdup (call->name != NULL ? call->name : "-");
  row[6] = g_strdup (call->phone != NULL ? call->phone : "-");
  row[7] = g_strdup (call->best_time != NULL ? call->best_time : "-");

  return row;
}

static void
print_table (GPtrArray *rows)
{
  guint widths[CALL_COLUMNS] = { 0 };

  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < CALL_COLUMNS; c++)
        widths[c] = MAX (widths[c], (guint) g_utf8_strlen (row[c], -1));
    }

  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      g_autoptr(GString) line = g_string_new (NULL);

      /* Padding counts characters, so that names outside ASCII line up too. */
      for (guint c = 0; c < CALL_COLUMNS; c++)
        {
          g_string_append (line, row[c]);
          if (c + 1 < CALL_COLUMNS)
            for (guint pad = g_utf8_strlen (row[c], -1); pad < widths[c] + 2; pad++)
              g_string_append_c (line, ' ');
        }

      g_print ("%s\n", line->str);
    }
}

static int
run_calls (const Command  *command,
           char          **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_autoptr(FindingsOfficeDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gboolean overdue_only = FALSE;
  int status = EXIT_SUCCESS;
  const char * const header[] = {
    "RECEIVED", "AGE", "DUE", "STATE", "RECOMMENDATION", "NAME", "PHONE", "BEST TIME", NULL
  };
  const GOptionEntry entries[] = {
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue_only, "Only calls past their due date", NULL },
    { NULL }
  };

  if (!parse_options (command, entries, &args, &status) ||
      !expect_words (command, args, NULL, 0, &status) ||
      (db = open_db (command, &status)) == NULL)
    return status;

  calls = findings_office_db_list_calls (db, &error);
  if (calls == NULL)
    return fail (error);

  g_ptr_array_add (rows, g_strdupv ((char **) header));
  for (guint i = 0; i < calls->len; i++)
    {
      FindingsOfficeCall *call = g_ptr_array_index (calls, i);

      if (overdue_only &&
          (call->follow_up == NULL || !findings_follow_up_is_overdue (call->follow_up, now)))
        continue;
      g_ptr_array_add (rows, call_row (call, now));
    }

  if (rows->len == 1)
    g_print (overdue_only ? "No overdue call requests.\n" : "No call requests.\n");
  else
    print_table (rows);

  return EXIT_SUCCESS;
}

static JsonNode *
build_follow_up (const char *state,
                 const char *owner,
                 const char *due,
                 const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *names[] = { "state", "owner", "due_by", "message" };
  const char *values[] = { state, owner, due, message };

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (values[i] == NULL)
        continue;
      json_builder_set_member_name (builder, names[i]);
      json_builder_add_string_value (builder, values[i]);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static int
run_follow_up (const Command  *command,
               char          **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_autoptr(FindingsOfficeDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) follow_up = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *state = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *due = NULL;
  g_autofree char *message = NULL;
  g_autofree char *answer = NULL;
  int status = EXIT_SUCCESS;
  const GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &state,
      "requested, contacted, scheduled or done", "STATE" },
    { "owner", 0, 0, G_OPTION_ARG_STRING, &owner, "Who at the office follows up", "NAME" },
    { "due", 0, 0, G_OPTION_ARG_STRING, &due, "By when, as YYYY-MM-DD", "DATE" },
    { "message", 0, 0, G_OPTION_ARG_STRING, &message, "A word for the customer", "TEXT" },
    { NULL }
  };

  if (!parse_options (command, entries, &args, &status) ||
      !expect_words (command, args, NULL, 1, &status))
    return status;

  if (state == NULL)
    return fail_usage (command->name, "Give the follow-up's state with --state STATE.");

  db = open_db (command, &status);
  if (db == NULL)
    return status;

  follow_up = build_follow_up (state, owner, due, message);
  answer = findings_office_db_set_follow_up (db, args[1], follow_up, now, &error);
  if (answer == NULL)
    return fail (error);

  g_print ("The follow-up of %s is now “%s”%s%s.\n", args[1], state,
           due != NULL ? ", due " : "", due != NULL ? due : "");
  return EXIT_SUCCESS;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static GTlsCertificate *
load_certificate (const char  *cert,
                  const char  *key,
                  GError     **error)
{
  if (cert == NULL && key == NULL)
    return NULL;

  if (cert == NULL || key == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           "Give both --tls-cert and --tls-key.");
      return NULL;
    }

  return g_tls_certificate_new_from_files (cert, key, error);
}

/* The app that started the demo holds the other end of standard input: when it goes,
 * however it goes, the pipe closes and the office goes with it. */
static gboolean
stdin_closed_cb (int          fd,
               GIOCondition condition,
               gpointer     user_data)
{
  char buffer[256];
  gssize n = 0;

  if (condition & G_IO_IN)
    n = read (fd, buffer, sizeof buffer);

  /* Kept until run_until_stopped() removes it: the loop stops before this runs again. */
  if (n <= 0 && !(n < 0 && (errno == EINTR || errno == EAGAIN)))
    g_main_loop_quit (user_data);

  return G_SOURCE_CONTINUE;
}

/* Serves until SIGTERM or SIGINT, or, with @watch_stdin, until standard input closes
 * (the demo's parent has gone). */
static void
run_until_stopped (gboolean watch_stdin)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint term_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  guint int_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  guint stdin_id = 0;

  if (watch_stdin)
    stdin_id = g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_closed_cb,
                              loop);
  g_main_loop_run (loop);
  g_source_remove (term_id);
  g_source_remove (int_id);
  g_clear_handle_id (&stdin_id, g_source_remove);
}

static int
serve (FindingsOfficeDb *db,
       const char       *address,
       guint             port,
       GTlsCertificate  *certificate,
       guint             max_connections)
{
  g_autoptr(FindingsOfficeServer) server = findings_office_server_new (db);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  findings_office_server_set_max_connections (server, max_connections);
  if (!findings_office_server_listen (server, address, port, certificate, NULL, &error))
    return fail (error);

  /* Scripts and tests read the port from this line: it must not wait in a buffer. */
  url = findings_office_server_dup_url (server);
  g_print ("Listening on %s\n", url);
  fflush (stdout);

  run_until_stopped (FALSE);
  return EXIT_SUCCESS;
}

static int
run_serve (const Command  *command,
           char          **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_autoptr(FindingsOfficeDb) db = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  int port = -1;
  int max_connections = FINDINGS_OFFICE_LISTENER_DEFAULT_MAX_CONNECTIONS;
  int status = EXIT_SUCCESS;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "The port; 0 picks a free one", "N" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, "The IP address (127.0.0.1)", "ADDRESS" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &cert, "A PEM certificate, for HTTPS", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key, "Its PEM private key", "FILE" },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &max_connections,
      "Connections open at once (1024); past it the oldest idle one is closed", "N" },
    { NULL }
  };

  if (!parse_options (command, entries, &args, &status) ||
      !expect_words (command, args, NULL, 0, &status))
    return status;

  if (port < 0 || port > G_MAXUINT16)
    return fail_usage (command->name, "Give a port from 0 to 65535 with --port N.");
  if (max_connections < 1)
    return fail_usage (command->name, "Give at least 1 with --max-connections N.");

  certificate = load_certificate (cert, key, &error);
  if (error != NULL)
    return fail (error);

  db = open_db (command, &status);
  if (db == NULL)
    return status;

  return serve (db, address != NULL ? address : "127.0.0.1", (guint) port, certificate,
                (guint) max_connections);
}

/*
 * The demonstration office, for `findings --demo`
 */

/* Each demo site belongs to the one demo account. */
static gboolean
demo_import_visit (FindingsOfficeDb  *db,
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

static int
demo_compare_names (gconstpointer a,
                    gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The same order on every machine, whatever order the folder lists them in. */
static GPtrArray *
demo_list_names (GFile       *dir,
                 const char  *suffix,
                 GError     **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  enumerator = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NONE, NULL, error);
  if (enumerator == NULL)
    return NULL;

  for (;;)
    {
      GFileInfo *info;

      if (!g_file_enumerator_iterate (enumerator, &info, NULL, NULL, error))
        return NULL;
      if (info == NULL)
        break;
      if (suffix == NULL || g_str_has_suffix (g_file_info_get_name (info), suffix))
        g_ptr_array_add (names, g_strdup (g_file_info_get_name (info)));
    }

  g_ptr_array_sort (names, demo_compare_names);
  return g_steal_pointer (&names);
}

static gboolean
demo_import_photos (FindingsOfficeDb  *db,
                    GFile             *photo_dir,
                    GError           **error)
{
  g_autoptr(GPtrArray) names = demo_list_names (photo_dir, NULL, error);

  if (names == NULL)
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(GFile) child = g_file_get_child (photo_dir, name);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *id = g_strdup (name);
      const char *media_type;

      if (g_str_has_suffix (name, ".png"))
        media_type = FINDINGS_PROTOCOL_MEDIA_TYPE_PNG;
      else if (g_str_has_suffix (name, ".jpg"))
        media_type = FINDINGS_PROTOCOL_MEDIA_TYPE_JPEG;
      else
        continue;

      /* The photo's id is its file name without the extension. */
      *strrchr (id, '.') = '\0';

      bytes = g_file_load_bytes (child, NULL, NULL, error);
      if (bytes == NULL ||
          !findings_office_db_put_photo (db, id, media_type, bytes, NULL, error))
        return FALSE;
    }

  return TRUE;
}

/* One account, its sites, the demo visits and photos, and a kiosk token. */
static char *
demo_populate (FindingsOfficeDb  *db,
               GFile             *demo_dir,
               GError           **error)
{
  g_autoptr(GHashTable) sites = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GFile) photo_dir = g_file_get_child (demo_dir, "photos");
  g_autoptr(GPtrArray) names = NULL;
  gint64 account;

  if (!findings_office_db_add_account (db, "Demonstration customer", &account, error))
    return NULL;

  names = demo_list_names (demo_dir, ".json", error);
  if (names == NULL)
    return NULL;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(GFile) child = g_file_get_child (demo_dir, name);

      if (!demo_import_visit (db, account, sites, child, error))
        {
          g_prefix_error (error, "%s: ", name);
          return NULL;
        }
    }

  if (!demo_import_photos (db, photo_dir, error))
    return NULL;

  return findings_office_db_add_token (db, FINDINGS_OFFICE_TOKEN_KIOSK, account, error);
}

static int
demo_serve (FindingsOfficeDb *db,
            const char       *address,
            guint             port,
            const char       *token,
            gboolean          watch_stdin)
{
  g_autoptr(FindingsOfficeServer) server = findings_office_server_new (db);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  if (!findings_office_server_listen (server, address, port, NULL, NULL, &error))
    return fail (error);

  /* The one line the app reads, at once: it must not wait in a buffer. */
  url = findings_office_server_dup_url (server);
  g_print ("listening %s token %s\n", url, token);
  fflush (stdout);

  run_until_stopped (watch_stdin);
  return EXIT_SUCCESS;
}

static int
run_demo (const Command  *command,
          char          **argv)
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_autoptr(FindingsOfficeDb) db = NULL;
  g_autoptr(GFile) demo_dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *address = NULL;
  g_autofree char *token = NULL;
  gboolean watch_stdin = FALSE;
  int port = 0;
  int status = EXIT_SUCCESS;
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data,
      "The demo folder: visits (*.json) and photos/", "DIR" },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "The port; 0 (the default) picks a free one", "N" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, "The IP address (127.0.0.1)", "ADDRESS" },
    { "watch-stdin", 0, 0, G_OPTION_ARG_NONE, &watch_stdin,
      "Stop when standard input closes (when the app that started it exits)", NULL },
    { NULL }
  };

  if (!parse_options (command, entries, &args, &status) ||
      !expect_words (command, args, NULL, 0, &status))
    return status;

  if (data == NULL)
    return fail_usage (command->name, "Give the demo folder with --data DIR.");
  if (port < 0 || port > G_MAXUINT16)
    return fail_usage (command->name, "Give a port from 0 to 65535 with --port N.");

  db = open_db (command, &status);
  if (db == NULL)
    return status;

  demo_dir = g_file_new_for_path (data);
  token = demo_populate (db, demo_dir, &error);
  if (token == NULL)
    return fail (error);

  return demo_serve (db, address != NULL ? address : "127.0.0.1", (guint) port, token,
                     watch_stdin);
}

static char *
describe_commands (void)
{
  GString *text = g_string_new ("Commands:\n");

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  findings-office --db DB %s\n      %s\n",
                            commands[i].usage, commands[i].summary);

  g_string_append (text, "\nDB is a SQLite file, created when missing, or a PostgreSQL "
                        "database: postgresql://USER@HOST/NAME, or libpq's "
                        "\"host=… dbname=…\".\nEach command has its own --help.");
  return g_string_free (text, FALSE);
}

/**
 * findings_office_cli_run:
 *
 * Runs `findings-office [--db DB] COMMAND …`.
 *
 * Returns: the exit status
 */
int
findings_office_cli_run (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("COMMAND …");
  g_autoptr(GError) error = NULL;
  g_autofree char *description = describe_commands ();
  g_auto(GStrv) args = g_new0 (char *, argc + 1);
  const Command *command;
  int status;

  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  g_set_prgname ("findings-office");
  g_option_context_set_summary (context, "The reference office server of Findings.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, db_entries, NULL);
  /* Options after the command belong to the command. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("findings-office: %s\nTry “findings-office --help”.\n", error->message);
      return EXIT_USAGE;
    }

  if (args[1] == NULL)
    {
      g_printerr ("findings-office: give a command.\nTry “findings-office --help”.\n");
      return EXIT_USAGE;
    }

  command = find_command (args[1]);
  if (command == NULL)
    {
      g_printerr ("findings-office: there is no command “%s”.\n"
                  "Try “findings-office --help”.\n", args[1]);
      return EXIT_USAGE;
    }

  status = command->run (command, args + 1);
  g_clear_pointer (&db_path, g_free);
  return status;
}
