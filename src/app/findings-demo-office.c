/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-demo-office"

#include "config.h"

#include <signal.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "findings-demo-office.h"
#include "findings-office-config.h"

/* `findings --demo` runs the real reference office, `findings-office demo`, as a child
 * process on a loopback port, so the whole loop (decide, send, follow-up shown back)
 * works with one command while the kiosk binary itself carries no server. */
struct _FindingsDemoOffice
{
  GObject           parent_instance;

  GSubprocess      *process;
  GDataInputStream *output;
  /* Stops reading the office's output once it is being stopped. */
  GCancellable     *cancellable;
  SoupSession      *session;
  char             *url;
  char             *token;
  guint             health_tries;
};

G_DEFINE_FINAL_TYPE (FindingsDemoOffice, findings_demo_office, G_TYPE_OBJECT)

/* How long the office has to go once asked, before it is killed. */
#define STOP_TIMEOUT_MS 5000
/* It listens before it prints its line, so the first health check should answer;
 * a few more tries cover a slow machine. */
#define HEALTH_TRIES    20
#define HEALTH_RETRY_MS 100

static void read_health (GTask *task);

static gboolean
stop_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
waited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

/* Waits on a context of its own, so nothing else of the app's runs meanwhile. */
static gboolean
wait_for_exit (GSubprocess *process,
               guint        timeout_ms)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new (timeout_ms);
  gboolean done = FALSE;
  gboolean timed_out = FALSE;

  g_main_context_push_thread_default (context);
  g_subprocess_wait_async (process, NULL, waited_cb, &done);
  g_source_set_callback (timeout, stop_timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, context);
  while (!done && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  /* The wait's callback must run before `done` leaves this frame. */
  if (!done)
    {
      g_subprocess_force_exit (process);
      while (!done)
        g_main_context_iteration (context, TRUE);
    }
  g_main_context_pop_thread_default (context);

  return !timed_out;
}

static void
drain_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(FindingsDemoOffice) self = user_data;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL,
                                                    NULL);
  if (line == NULL)
    return;

  /* Read on, or a chatty office would fill the pipe and stall. */
  g_debug ("office: %s", line);
  g_data_input_stream_read_line_async (self->output, G_PRIORITY_LOW, self->cancellable,
                                       drain_cb, g_object_ref (self));
}

static void
fail_start (GTask  *task,
            GError *error)
{
  FindingsDemoOffice *self = g_task_get_task_data (task);

  findings_demo_office_stop (self);
  g_task_return_error (task, error);
}

static gboolean
retry_health_cb (gpointer user_data)
{
  read_health (user_data);
  return G_SOURCE_REMOVE;
}

static void
health_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  FindingsDemoOffice *self = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body != NULL && soup_message_get_status (message) == SOUP_STATUS_OK)
    {
      g_task_return_pointer (task, g_object_ref (self), g_object_unref);
      g_object_unref (task);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fail_start (task, error);
      g_object_unref (task);
      return;
    }

  if (++self->health_tries < HEALTH_TRIES)
    {
      g_clear_error (&error);
      g_timeout_add (HEALTH_RETRY_MS, retry_health_cb, task);
      return;
    }

  if (error == NULL)
    error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                         _("The office answered its health check with “%u %s”."),
                         soup_message_get_status (message),
                         soup_message_get_reason_phrase (message));
  fail_start (task, error);
  g_object_unref (task);
}

/* GET /api/v1/health: the office is up once it says so itself. */
static void
read_health (GTask *task)
{
  FindingsDemoOffice *self = g_task_get_task_data (task);
  g_autofree char *health = g_strconcat (self->url, "api/v1/health", NULL);
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_GET, health);

  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), health_cb, task);
}

/* "listening URL token TOKEN", the line `findings-office demo` prints once it serves. */
static gboolean
parse_listening (FindingsDemoOffice *self,
                 const char         *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", -1);

  if (g_strv_length (words) != 4 || !g_str_equal (words[0], "listening") ||
      !g_str_equal (words[2], "token") || !g_str_has_suffix (words[1], "/"))
    return FALSE;

  self->url = g_strdup (words[1]);
  self->token = g_strdup (words[3]);
  return TRUE;
}

static void
listening_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  FindingsDemoOffice *self = g_task_get_task_data (task);
  g_autofree char *line = NULL;
  GError *error = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL,
                                                    &error);
  if (line == NULL || !parse_listening (self, line))
    {
      /* Its own messages, on the app's standard error, say why. */
      if (error == NULL)
        error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("The office program stopped before it was ready."));
      fail_start (task, error);
      g_object_unref (task);
      return;
    }

  g_data_input_stream_read_line_async (self->output, G_PRIORITY_LOW, self->cancellable,
                                       drain_cb, g_object_ref (self));
  read_health (task);
}

/**
 * findings_demo_office_start_async:
 * @demo_dir: the demo's visits and photos
 * @work_dir: where the office keeps its database
 *
 * Starts `findings-office demo` (see findings_office_config_find_office_program())
 * and finishes once it answers its health check. The office stops when
 * findings_demo_office_stop() is called, and by itself when this process goes.
 */
void
findings_demo_office_start_async (GFile               *demo_dir,
                                  const char          *work_dir,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(FindingsDemoOffice) self = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *program = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *data = NULL;
  GTask *task;
  GError *error = NULL;

  g_return_if_fail (G_IS_FILE (demo_dir));
  g_return_if_fail (work_dir != NULL);

  self = g_object_new (FINDINGS_TYPE_DEMO_OFFICE, NULL);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, findings_demo_office_start_async);
  g_task_set_task_data (task, g_object_ref (self), g_object_unref);

  program = findings_office_config_find_office_program ();
  if (program == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The findings-office program was not found."));
      g_object_unref (task);
      return;
    }

  db_path = g_build_filename (work_dir, "office.db", NULL);
  data = g_file_get_path (demo_dir);

  /* Standard input is a pipe only this process writes to: the office watches it and
   * exits when it closes, even if this process is killed. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  self->process = g_subprocess_launcher_spawn (launcher, &error, program, "--db", db_path,
                                               "demo", "--data", data, "--port", "0",
                                               "--address", "127.0.0.1", "--watch-stdin",
                                               NULL);
  if (self->process == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  self->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  g_data_input_stream_read_line_async (self->output, G_PRIORITY_DEFAULT, cancellable,
                                       listening_cb, task);
}

FindingsDemoOffice *
findings_demo_office_start_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * findings_demo_office_stop:
 *
 * Asks the office to stop (SIGTERM, and its standard input closed), and waits for it
 * a few seconds before killing it.
 */
void
findings_demo_office_stop (FindingsDemoOffice *self)
{
  g_autoptr(GSubprocess) process = NULL;
  GOutputStream *input;

  g_return_if_fail (FINDINGS_IS_DEMO_OFFICE (self));

  process = g_steal_pointer (&self->process);
  if (process == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  input = g_subprocess_get_stdin_pipe (process);
  if (input != NULL)
    g_output_stream_close (input, NULL, NULL);
  g_subprocess_send_signal (process, SIGTERM);

  if (!wait_for_exit (process, STOP_TIMEOUT_MS))
    g_warning ("The demonstration office did not stop in time and was killed.");
}

static void
findings_demo_office_dispose (GObject *object)
{
  FindingsDemoOffice *self = FINDINGS_DEMO_OFFICE (object);

  if (self->process != NULL)
    findings_demo_office_stop (self);

  g_clear_object (&self->output);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (findings_demo_office_parent_class)->dispose (object);
}

static void
findings_demo_office_finalize (GObject *object)
{
  FindingsDemoOffice *self = FINDINGS_DEMO_OFFICE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (findings_demo_office_parent_class)->finalize (object);
}

static void
findings_demo_office_class_init (FindingsDemoOfficeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = findings_demo_office_dispose;
  object_class->finalize = findings_demo_office_finalize;
}

static void
findings_demo_office_init (FindingsDemoOffice *self)
{
  self->cancellable = g_cancellable_new ();
  /* Loopback only: no proxy may stand between the app and its own office. */
  self->session = soup_session_new_with_options ("timeout", 5, NULL);
  soup_session_set_proxy_resolver (self->session, NULL);
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
