/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-report"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "findings-decision.h"
#include "findings-report.h"
#include "findings-store.h"
#include "findings-store-private.h"

/* The leave-behind report, end to end and without a display: a real findings-office
 * on 127.0.0.1 holds a demo visit; `findings --sync-once` brings it to this device;
 * decisions are stored in the device's outbox as the app stores them and sent by a
 * second `--sync-once`; then `findings --export-pdf` writes the PDF, which poppler's
 * tools read back: its text in English and in French, its paper, its fonts and that
 * every page renders. */

#define VISIT_ID   "v-2026-0295"
#define SIGNATURE  "M 10 40 L 30 10 L 50 40 L 70 10 M 80 30 L 120 30"

static const char *findings_exe;
static const char *office_exe;
static const char *visit_file;
static char *work;
static char *office_db;
static GSubprocess *server;

static void
kill_with_parent (gpointer user_data)
{
  /* A failed assertion must not leave a server running. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Runs @argv with @env_extra (NAME=VALUE pairs) on top of this process's environment;
 * returns its standard output, and its exit status in @status. */
static char *
run (const char * const *argv,
     const char * const *env_extra,
     int                *status,
     char              **err_out)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  char *err = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, kill_with_parent, NULL, NULL);
  for (guint i = 0; env_extra != NULL && env_extra[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env_extra[i], env_extra[i + 1], TRUE);

  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (process);
  if (err_out != NULL)
    *err_out = err;
  else
    g_free (err);

  return out;
}

static char *
run_ok (const char * const *argv,
        const char * const *env_extra)
{
  g_autofree char *err = NULL;
  int status;
  char *out = run (argv, env_extra, &status, &err);

  if (status != 0)
    g_error ("%s failed (%d): %s%s", argv[0], status, out, err);

  return out;
}

static char *
office_cli (const char *first,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  va_list list;

  g_ptr_array_add (argv, (gpointer) office_exe);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, office_db);
  va_start (list, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (list, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (list);
  g_ptr_array_add (argv, NULL);

  out = run_ok ((const char * const *) argv->pdata, NULL);
  return g_strndup (out, strcspn (out, "\n"));
}

static void
start_office (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *account = NULL;
  g_autofree char *token = NULL;
  g_autofree char *line = NULL;
  g_autofree char *ignored = NULL;

  office_db = g_build_filename (work, "office.db", NULL);
  account = office_cli ("account", "add", "Report test", NULL);
  ignored = office_cli ("site", "add", "--account", account, "--site", "s-405", "--name",
                        "Lakeshore Distribution Center", NULL);
  g_free (ignored);
  ignored = office_cli ("visit", "import", "--account", account, visit_file, NULL);
  token = office_cli ("token", "add", "--kind", "kiosk", "--account", account, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, kill_with_parent, NULL, NULL);
  server = g_subprocess_launcher_spawn (launcher, &error, office_exe, "--db", office_db,
                                        "serve", "--port", "0", "--address", "127.0.0.1",
                                        NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on http://127.0.0.1:"));

  /* For every `findings` this test runs. */
  g_setenv ("FINDINGS_OFFICE_URL", line + strlen ("Listening on "), TRUE);
  g_setenv ("FINDINGS_OFFICE_TOKEN", token, TRUE);
}

static void
sync_once (void)
{
  const char *argv[] = { findings_exe, "--sync-once", NULL };
  g_autofree char *out = run_ok (argv, NULL);

  g_test_message ("%s", out);
}

static FindingsDecision *
new_decision (FindingsAction  action,
              const char     *rec_id)
{
  FindingsDecision *decision = findings_decision_new (action);

  findings_decision_set_visit_id (decision, VISIT_ID);
  findings_decision_set_recommendation_id (decision, rec_id);
  findings_decision_set_kiosk_id (decision, "kiosk-report-test");
  findings_decision_set_app_version (decision, PACKAGE_VERSION);

  return decision;
}

/* Three decisions of one sign-off, as the app would store them. */
static void
store_decisions (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "findings", "findings.db",
                                            NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FindingsStore) store = findings_store_open (path, &error);
  g_autoptr(FindingsDecision) accept = new_decision (FINDINGS_ACTION_ACCEPT, "r-2951");
  g_autoptr(FindingsDecision) decline = new_decision (FINDINGS_ACTION_DECLINE, "r-2953");
  g_autoptr(FindingsDecision) call = new_decision (FINDINGS_ACTION_REQUEST_CALL, "r-2954");

  g_assert_no_error (error);

  findings_decision_set_option_id (accept, "o-2951-1");
  findings_decision_set_decided_by_name (accept, "Morgan Ashby");
  findings_decision_set_decided_by_role (accept, "Facilities lead");
  findings_decision_set_signature_format (accept, "svg-path");
  findings_decision_set_signature_data (accept, SIGNATURE);
  findings_store_add_decision (store, accept, &error);
  g_assert_no_error (error);

  findings_decision_set_reason (decline, "Not in this year's budget");
  findings_store_add_decision (store, decline, &error);
  g_assert_no_error (error);

  findings_decision_set_call_phone (call, "+1 716 555 0199");
  findings_store_add_decision (store, call, &error);
  g_assert_no_error (error);
}

static char *
export_pdf (const char         *name,
            const char         *paper,
            const char * const *env_extra)
{
  char *pdf = g_build_filename (work, name, NULL);
  const char *argv[] = { findings_exe, "--export-pdf", VISIT_ID, pdf, "--paper", paper, NULL };
  g_autofree char *out = NULL;

  /* No --paper: the locale's. */
  if (paper == NULL)
    argv[4] = NULL;
  out = run_ok (argv, env_extra);

  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  return pdf;
}

static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  char *text = run_ok (argv, NULL);

  /* Long lines wrap where the paper ends: compare the words, not the line breaks. */
  g_strdelimit (text, "\n", ' ');
  return text;
}

static void
assert_contains (const char *text,
                 const char *expected)
{
  g_autoptr(GString) squeezed = g_string_new (NULL);

  /* pdftotext -layout pads with runs of spaces: make them one. */
  for (const char *p = text; *p != '\0'; p++)
    if (!(*p == ' ' && squeezed->len > 0 && squeezed->str[squeezed->len - 1] == ' '))
      g_string_append_c (squeezed, *p);

  if (strstr (squeezed->str, expected) == NULL)
    g_error ("“%s” is not in the report:\n%s", expected, squeezed->str);
}

static void
test_english (void)
{
  const char *env[] = { "LC_ALL", "C.UTF-8", "LANGUAGE", "", NULL };
  g_autofree char *pdf = export_pdf ("report-en.pdf", "a4", env);
  g_autofree char *text = pdf_text (pdf);

  assert_contains (text, "Corbel Building Services USA");
  assert_contains (text, "Lakeshore Distribution Center");
  assert_contains (text, "Technician: Dale Kowalczyk");
  assert_contains (text, "Date: Thursday 20 August 2026");
  assert_contains (text, "Re-secured a loose electrical conduit on the roof near RTU-3");
  assert_contains (text, "Replace the seized fan motor on unit heater UH-6");
  assert_contains (text, "Repair the sprinkler main drain valve");
  /* Prices with their tax, and the payback, in the screen's words. */
  assert_contains (text, "$965.00 plus tax");
  assert_contains (text, "$18,500.00 plus tax");
  assert_contains (text, "Pays for itself in");
  /* The quote's validity as the page words it: RTU-5's ran out on 30 November. */
  assert_contains (text, "Prices are valid until Thursday 31 December 2026.");
  assert_contains (text, "This quote expired on Monday 30 November 2026. The office can give you "
                         "a fresh price: ask for a call.");
  /* Safety first, said plainly. */
  assert_contains (text, "Safety: ");
  assert_contains (text, "The drain outlet outside may drip onto the walkway");
  /* Each decision, who and when. */
  assert_contains (text, "Accepted: Replace the fan motor and blade, $965.00 plus tax");
  assert_contains (text, "By Morgan Ashby (Facilities lead)");
  assert_contains (text, "Declined");
  assert_contains (text, "Reason: Not in this year's budget");
  assert_contains (text, "A call was asked for");
  assert_contains (text, "Phone: +1 716 555 0199");
  /* The promises, and the signature. */
  assert_contains (text, "Follow-ups Promised");
  assert_contains (text, "Signed by Morgan Ashby");
  assert_contains (text, "Page 1 of");
}

static void
test_french (void)
{
  const char *localedir = g_getenv ("FINDINGS_LOCALEDIR");
  g_autofree char *mo = g_build_filename (localedir, "fr", "LC_MESSAGES", "findings.mo", NULL);
  const char *env[] = { "LC_ALL", "fr_FR.UTF-8", "LANGUAGE", "fr", NULL };
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;

  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_fail_printf ("%s is missing: build the whole tree (ninja) first", mo);
      return;
    }

  pdf = export_pdf ("report-fr.pdf", "a4", env);
  text = pdf_text (pdf);

  assert_contains (text, "Corbel Building Services USA");
  assert_contains (text, "Technicien : Dale Kowalczyk");
  assert_contains (text, "Date : jeudi 20 août 2026");
  /* French money: a comma for the decimals and the symbol after. */
  assert_contains (text, "965,00");
  assert_contains (text, "taxes en sus");
  assert_contains (text, "Accepté : Replace the fan motor and blade");
  assert_contains (text, "Par Morgan Ashby (Facilities lead)");
  assert_contains (text, "Refusé");
  assert_contains (text, "Motif : Not in this year's budget");
  assert_contains (text, "Un appel a été demandé");
  assert_contains (text, "Signé par Morgan Ashby");
  assert_contains (text, "Page 1 sur");
}

static void
test_spanish (void)
{
  const char *localedir = g_getenv ("FINDINGS_LOCALEDIR");
  g_autofree char *mo = g_build_filename (localedir, "es", "LC_MESSAGES", "findings.mo", NULL);
  const char *env[] = { "LC_ALL", "es_ES.UTF-8", "LANGUAGE", "es", NULL };
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;

  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_fail_printf ("%s is missing: build the whole tree (ninja) first", mo);
      return;
    }

  pdf = export_pdf ("report-es.pdf", "a4", env);
  text = pdf_text (pdf);

  assert_contains (text, "Técnico: Dale Kowalczyk");
  assert_contains (text, "Fecha: jueves, 20 de agosto de 2026");
  assert_contains (text, "Aceptado: Replace the fan motor and blade, 965,00");
  assert_contains (text, "más impuestos");
  assert_contains (text, "Por Morgan Ashby (Facilities lead)");
  assert_contains (text, "Motivo: Not in this year's budget");
  assert_contains (text, "Se pidió una llamada");
  assert_contains (text, "Firmado por Morgan Ashby");
  assert_contains (text, "Página 1 de");
}

static char *
pdf_info (const char *pdf)
{
  const char *argv[] = { "pdfinfo", pdf, NULL };

  return run_ok (argv, NULL);
}

static guint
pdf_pages (const char *info)
{
  const char *pages = strstr (info, "Pages:");

  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("Pages:") + strspn (pages + 6, " "), NULL, 10);
}

static void
test_paper (void)
{
  const char *env[] = { "LC_ALL", "C.UTF-8", NULL };
  g_autofree char *a4 = export_pdf ("report-a4.pdf", "a4", env);
  g_autofree char *letter = export_pdf ("report-letter.pdf", "letter", env);
  g_autofree char *a4_info = pdf_info (a4);
  g_autofree char *letter_info = pdf_info (letter);

  g_assert_nonnull (strstr (a4_info, "(A4)"));
  g_assert_nonnull (strstr (letter_info, "612 x 792 pts (letter)"));
}

static gboolean
has_locale (const char *name)
{
  const char *argv[] = { "locale", "-a", NULL };
  g_autofree char *out = run_ok (argv, NULL);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_ascii_strcasecmp (lines[i], name) == 0)
      return TRUE;

  return FALSE;
}

/* Without --paper, the locale's own: Letter in Canada, A4 in France. */
static void
test_paper_from_locale (void)
{
  const char *fr[] = { "LC_ALL", "fr_FR.UTF-8", NULL };
  const char *ca[] = { "LC_ALL", "fr_CA.UTF-8", NULL };
  g_autofree char *a4 = NULL;
  g_autofree char *letter = NULL;
  g_autofree char *a4_info = NULL;
  g_autofree char *letter_info = NULL;

  if (!has_locale ("fr_FR.utf8") || !has_locale ("fr_CA.utf8"))
    {
      g_test_skip ("the fr_FR.UTF-8 and fr_CA.UTF-8 locales are not built (build-aux/install-deps builds them)");
      return;
    }

  a4 = export_pdf ("report-fr-FR.pdf", NULL, fr);
  letter = export_pdf ("report-fr-CA.pdf", NULL, ca);
  a4_info = pdf_info (a4);
  letter_info = pdf_info (letter);
  g_assert_nonnull (strstr (a4_info, "(A4)"));
  g_assert_nonnull (strstr (letter_info, "612 x 792 pts (letter)"));
}

static void
test_fonts_embedded (void)
{
  g_autofree char *pdf = g_build_filename (work, "report-en.pdf", NULL);
  const char *argv[] = { "pdffonts", pdf, NULL };
  g_autofree char *out = run_ok (argv, NULL);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint fonts = 0;

  /* name type encoding emb sub uni object ID: after the two header lines. */
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_autoptr(GPtrArray) words = g_ptr_array_new ();

      if (*lines[i] == '\0')
        continue;
      fields = g_strsplit_set (lines[i], " ", -1);
      for (guint j = 0; fields[j] != NULL; j++)
        if (*fields[j] != '\0')
          g_ptr_array_add (words, fields[j]);
      fonts++;
      /* emb is the fifth field from the end. */
      g_assert_cmpuint (words->len, >=, 7);
      g_assert_cmpstr (g_ptr_array_index (words, words->len - 5), ==, "yes");
    }
  g_assert_cmpuint (fonts, >, 0);
}

static void
test_pages_render (void)
{
  g_autofree char *pdf = g_build_filename (work, "report-en.pdf", NULL);
  g_autofree char *prefix = g_build_filename (work, "page", NULL);
  g_autofree char *info = pdf_info (pdf);
  const char *argv[] = { "pdftoppm", "-r", "60", "-png", pdf, prefix, NULL };
  g_autofree char *out = run_ok (argv, NULL);
  g_autoptr(GDir) dir = g_dir_open (work, 0, NULL);
  guint pages = pdf_pages (info), pngs = 0;
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "page-") && g_str_has_suffix (name, ".png"))
      {
        g_autofree char *path = g_build_filename (work, name, NULL);
        gsize length = 0;
        g_autofree char *data = NULL;

        g_assert_true (g_file_get_contents (path, &data, &length, NULL));
        g_assert_cmpuint (length, >, 1000);
        pngs++;
      }

  g_assert_cmpuint (pages, >=, 2);
  g_assert_cmpuint (pngs, ==, pages);
}

static gboolean
is_heading (const char *line)
{
  static const char * const labels[] = {
    "What We Found", "Why It Matters", "If You Wait", "From Your Technician",
    "What We Suggest", "Your Options", "About This Quote", "Decision", "Follow-up",
    "Recommendations", "Work Done on This Visit", "Follow-ups Promised", "Signature",
  };
  const char *p = line;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_has_prefix (line, labels[i]))
      return TRUE;

  /* A recommendation's heading: "3. Replace the …" */
  while (g_ascii_isdigit (*p))
    p++;
  return p > line && g_str_has_prefix (p, ". ");
}

/* No page ends on a heading: a recommendation's title stays with its first lines,
 * and a section's name with its text, on A4 and on Letter alike. */
static void
check_page_breaks (const char *pdf)
{
  g_autofree char *info = pdf_info (pdf);
  guint pages = pdf_pages (info);

  g_assert_cmpuint (pages, >=, 2);
  for (guint page = 1; page <= pages; page++)
    {
      g_autofree char *number = g_strdup_printf ("%u", page);
      const char *argv[] = { "pdftotext", "-f", number, "-l", number, pdf, "-", NULL };
      g_autofree char *text = run_ok (argv, NULL);
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
      const char *last = NULL;

      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_strstrip (lines[i]);
          if (*lines[i] != '\0' && *lines[i] != '\f' && !g_str_has_prefix (lines[i], "Page "))
            last = lines[i];
        }

      g_assert_nonnull (last);
      if (is_heading (last))
        g_error ("Page %u of %s ends on the heading “%s”", page, pdf, last);
    }
}

static void
test_page_breaks (void)
{
  g_autofree char *a4 = g_build_filename (work, "report-a4.pdf", NULL);
  g_autofree char *letter = g_build_filename (work, "report-letter.pdf", NULL);

  check_page_breaks (a4);
  check_page_breaks (letter);
}

static void
test_unknown_visit (void)
{
  g_autofree char *pdf = g_build_filename (work, "none.pdf", NULL);
  const char *argv[] = { findings_exe, "--export-pdf", "v-no-such", pdf, NULL };
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  int status;

  out = run (argv, NULL, &status, &err);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "No visit “v-no-such” is stored on this device"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

/* A device that never synced has no store: said plainly, and no store is made. */
static void
test_no_store (void)
{
  g_autofree char *empty = g_build_filename (work, "empty", NULL);
  g_autofree char *store = g_build_filename (empty, "findings", "findings.db", NULL);
  g_autofree char *pdf = g_build_filename (work, "none.pdf", NULL);
  const char *argv[] = { findings_exe, "--export-pdf", VISIT_ID, pdf, NULL };
  const char *env[] = { "XDG_DATA_HOME", empty, NULL };
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  int status;

  out = run (argv, env, &status, &err);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "No visits are stored on this device yet"));
  g_assert_false (g_file_test (store, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  g_autofree char *config_home = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 4);
  findings_exe = argv[1];
  office_exe = argv[2];
  visit_file = argv[3];

  work = g_dir_make_tmp ("test-report-XXXXXX", NULL);
  g_assert_nonnull (work);
  /* Before GLib reads them, so this process and every child share the device's store. */
  data_home = g_build_filename (work, "data", NULL);
  config_home = g_build_filename (work, "config", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);

  start_office ();
  sync_once ();
  store_decisions ();
  sync_once ();

  g_test_add_func ("/report/english", test_english);
  g_test_add_func ("/report/french", test_french);
  g_test_add_func ("/report/spanish", test_spanish);
  g_test_add_func ("/report/paper", test_paper);
  g_test_add_func ("/report/paper-from-locale", test_paper_from_locale);
  g_test_add_func ("/report/page-breaks", test_page_breaks);
  g_test_add_func ("/report/fonts-embedded", test_fonts_embedded);
  g_test_add_func ("/report/pages-render", test_pages_render);
  g_test_add_func ("/report/unknown-visit", test_unknown_visit);
  g_test_add_func ("/report/no-store", test_no_store);

  status = g_test_run ();

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  g_clear_object (&server);
  if (status == 0 && g_getenv ("FINDINGS_TEST_KEEP") == NULL)
    {
      const char *rm[] = { "rm", "-rf", work, NULL };
      int ignored;

      g_free (run (rm, NULL, &ignored, NULL));
    }

  return status;
}
