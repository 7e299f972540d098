/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-ui-fr"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "findings-application.h"
#include "findings-format.h"
#include "findings-money.h"
#include "findings-option.h"
#include "findings-payback.h"
#include "findings-recommendation.h"
#include "findings-site.h"
#include "findings-test-decision.h"
#include "findings-test-display.h"
#include "findings-visit.h"
#include "findings-window.h"

/* The real application, started with --demo, in French: the catalogue built from
 * po/fr.po in this build tree, the fr_FR.UTF-8 locale for money and dates. The
 * expected French texts are written out here, so a missing or stale catalogue
 * shows up as English on screen and fails. */

#define LOCALE "fr_FR.UTF-8"
/* French typography in po/fr.po: a no-break space before “:”, a narrow one
 * before “; ? !”. */
#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"

static FindingsApplication *app;
static FindingsWindow *window;
static int test_status;

static const char * const french_months[] = {
  "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
  "août", "septembre", "octobre", "novembre", "décembre",
};

static void
shoot (const char *name)
{
  findings_test_shoot (GTK_WIDGET (window), name, "-fr");
}

static GListModel *
visits (void)
{
  return findings_session_get_visits (findings_application_get_session (app));
}

static gboolean
has_french_month (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (french_months); i++)
    if (strstr (text, french_months[i]) != NULL)
      return TRUE;

  return FALSE;
}

typedef gboolean (*RecFilter) (FindingsRecommendation *rec);

static FindingsRecommendation *
find_recommendation (RecFilter       filter,
                     FindingsVisit **out_visit)
{
  guint n = g_list_model_get_n_items (visits ());

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FindingsVisit) visit = g_list_model_get_item (visits (), i);
      GListModel *recs = findings_visit_get_recommendations (visit);

      for (guint j = 0; j < g_list_model_get_n_items (recs); j++)
        {
          g_autoptr(FindingsRecommendation) rec = g_list_model_get_item (recs, j);

          if (filter (rec))
            {
              if (out_visit != NULL)
                *out_visit = visit;
              return rec;
            }
        }
    }

  return NULL;
}

static gboolean
label_shown (gpointer data)
{
  return findings_test_has_label (GTK_WIDGET (window), data);
}

static void
wait_for_label (const char *text)
{
  if (!findings_test_wait_for (label_shown, (gpointer) text))
    findings_test_assert_label (GTK_WIDGET (window), text);
}

static void
assert_no_label (const char *text)
{
  findings_test_settle ();
  if (findings_test_has_label (GTK_WIDGET (window), text))
    g_error ("English text “%s” is on screen in French", text);
}


/* The catalogue and the locale themselves, before any screen. */

static void
test_catalogue (void)
{
  const struct lconv *lc = localeconv ();
  g_autofree char *price = findings_money_format (480000, "EUR");
  g_autofree char *c_price = NULL;
  g_autofree char *date = findings_format_calendar_date ("2026-11-20");

  g_assert_cmpstr (_("What We Found"), ==, "Ce que nous avons constaté");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u Recommendation", "%u Recommendations", 2),
                   ==, "%u recommandations");
  g_assert_cmpstr (g_dpgettext2 (GETTEXT_PACKAGE, "visit list flag", "Safety"), ==, "Sécurité");

  /* Money the way the locale writes it: its own separators, not "4,800.00". */
  g_assert_nonnull (lc->mon_decimal_point);
  g_assert_cmpstr (lc->mon_decimal_point, ==, ",");
  g_assert_nonnull (strstr (price, lc->mon_decimal_point));
  g_assert_nonnull (strstr (price, lc->currency_symbol));
  g_assert_null (strstr (price, "."));
  setlocale (LC_MONETARY, "C");
  c_price = findings_money_format (480000, "EUR");
  setlocale (LC_MONETARY, LOCALE);
  g_assert_cmpstr (price, !=, c_price);

  /* Dates in French, in the order the translation gives. */
  g_assert_cmpstr (date, ==, "vendredi 20 novembre 2026");
}


/* Screens */

static void
test_visit_list (void)
{
  guint n = g_list_model_get_n_items (visits ());
  gboolean saw_month = FALSE;

  g_assert_cmpuint (n, >=, 6);
  findings_test_settle ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FindingsVisit) visit = g_list_model_get_item (visits (), i);
      FindingsSite *site = findings_visit_get_site (visit);
      g_autofree char *date = findings_format_date (findings_visit_get_completed_at (visit),
                                                    findings_site_get_timezone (site));

      g_assert_true (has_french_month (date));
      /* Rows scrolled out of view are not mapped (French wraps to more lines than
       * English); the newest, on top, are. */
      if (strstr (date, "novembre") != NULL &&
          findings_test_has_label (GTK_WIDGET (window), date))
        {
          wait_for_label (findings_site_get_name (site));
          saw_month = TRUE;
        }
    }
  /* The demo has visits in November: the month is named in French on screen. */
  g_assert_true (saw_month);

  wait_for_label ("en attente de votre décision");
  wait_for_label ("Sécurité");
  assert_no_label ("waiting for your decision");
  shoot ("visits");
}

static FindingsVisit *
visit_with_most_recommendations (void)
{
  FindingsVisit *best = NULL;
  guint best_n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (visits ()); i++)
    {
      g_autoptr(FindingsVisit) visit = g_list_model_get_item (visits (), i);
      guint n = g_list_model_get_n_items (findings_visit_get_recommendations (visit));

      if (n > best_n && findings_visit_get_has_safety_concern (visit))
        {
          best = visit;
          best_n = n;
        }
    }

  return best;
}

static void
test_visit_page (void)
{
  FindingsVisit *visit = visit_with_most_recommendations ();
  FindingsSite *site;
  guint n_recs, n_open;
  g_autofree char *date = NULL;
  g_autofree char *when = NULL;
  g_autofree char *count = NULL;

  g_assert_nonnull (visit);
  site = findings_visit_get_site (visit);
  findings_window_show_visit (window, visit);
  findings_test_settle ();

  /* The heading: when and by whom, in French word order. */
  date = findings_format_date (findings_visit_get_completed_at (visit),
                               findings_site_get_timezone (site));
  when = g_strdup_printf ("Visite du %s effectuée par %s", date,
                          findings_visit_get_technician_name (visit));
  wait_for_label (when);

  n_recs = g_list_model_get_n_items (findings_visit_get_recommendations (visit));
  count = n_recs > 1 ? g_strdup_printf ("%u recommandations", n_recs)
                     : g_strdup_printf ("%u recommandation", n_recs);
  wait_for_label (count);

  n_open = findings_visit_get_n_open (visit);
  if (n_open > 1)
    wait_for_label ("attendent votre décision. Choisissez-en une pour en lire le détail");
  else if (n_open == 1)
    wait_for_label ("attend votre décision. Choisissez-la pour en lire le détail");

  {
    GListModel *recs = findings_visit_get_recommendations (visit);
    guint n_safety = 0;

    for (guint i = 0; i < n_recs; i++)
      {
        g_autoptr(FindingsRecommendation) rec = g_list_model_get_item (recs, i);

        if (findings_recommendation_is_safety_concern (rec) &&
            findings_status_is_undecided (findings_recommendation_get_status (rec)))
          n_safety++;
      }
    if (n_safety > 1)
      wait_for_label ("problèmes de sécurité ont été constatés. Ils figurent en premier.");
    else if (n_safety == 1)
      wait_for_label ("1 problème de sécurité a été constaté. Il figure en premier.");
  }
  if (findings_visit_get_summary (visit) != NULL)
    wait_for_label ("Résumé");
  if (findings_visit_get_work_performed (visit) != NULL)
    wait_for_label ("Travaux effectués lors de cette visite");
  {
    g_autofree char *english = g_strdup_printf ("%u Recommendation", n_recs);

    assert_no_label (english);
  }
  shoot ("visit");
}

static gboolean
is_rich_recommendation (FindingsRecommendation *rec)
{
  FindingsOption *option;

  if (g_list_model_get_n_items (findings_recommendation_get_options (rec)) < 2)
    return FALSE;
  option = g_list_model_get_item (findings_recommendation_get_options (rec), 1);
  g_object_unref (option);

  /* Still undecided, so its decision buttons are on screen. */
  return findings_status_is_undecided (findings_recommendation_get_status (rec)) &&
         findings_recommendation_get_safety_note (rec) != NULL &&
         findings_recommendation_get_if_deferred (rec) != NULL &&
         findings_recommendation_get_technician_note (rec) != NULL &&
         findings_recommendation_get_has_quote (rec) &&
         findings_option_has_savings (option);
}

static void
assert_option_shown (FindingsOption *option,
                     const char     *currency)
{
  const struct lconv *lc = localeconv ();
  FindingsPayback payback;
  g_autofree char *wording = NULL;

  wait_for_label (findings_option_get_label (option));

  if (findings_option_get_price (option) > 0)
    {
      g_autofree char *price = findings_money_format (findings_option_get_price (option),
                                                      currency);

      /* Written with this locale's separators, as shown. */
      g_assert_nonnull (strstr (price, lc->mon_decimal_point));
      g_assert_null (strstr (price, "."));
      wait_for_label (price);

      switch (findings_option_get_tax (option))
        {
        case FINDINGS_TAX_INCLUDED:
          wait_for_label ("Taxes comprises");
          break;
        case FINDINGS_TAX_EXCLUDED:
          wait_for_label ("Taxes en sus");
          break;
        case FINDINGS_TAX_UNSTATED:
          wait_for_label ("Le devis n’indique pas si les taxes sont comprises");
          break;
        default:
          g_assert_not_reached ();
        }
    }
  else
    wait_for_label ("Sans frais");

  if (findings_option_has_savings (option))
    {
      g_autofree char *amount = findings_money_format (findings_option_get_annual_savings (option),
                                                       currency);
      g_autofree char *savings = g_strdup_printf ("Environ %s d’économies par an", amount);

      wait_for_label (savings);
    }

  findings_payback_compute (findings_option_get_price (option),
                            findings_option_get_annual_savings (option),
                            findings_option_get_expected_life_years (option),
                            &payback);
  wording = findings_payback_describe (&payback);
  if (wording != NULL)
    {
      g_assert_true (g_str_has_prefix (wording, "Se rentabilise") ||
                     g_str_has_prefix (wording, "Rentable") ||
                     g_str_has_prefix (wording, "Ne se rentabilise"));
      wait_for_label (wording);
    }
}

static void
test_recommendation_page (void)
{
  FindingsVisit *visit = NULL;
  FindingsRecommendation *rec = find_recommendation (is_rich_recommendation, &visit);
  GListModel *options;
  g_autofree char *date = NULL;

  g_assert_nonnull (rec);
  findings_window_show_visit (window, visit);
  findings_window_show_recommendation (window, rec);
  findings_test_settle ();

  wait_for_label (findings_recommendation_get_title (rec));
  wait_for_label ("Ce que nous avons constaté");
  wait_for_label ("Pourquoi c’est important");
  wait_for_label ("Si vous attendez");
  wait_for_label ("De la part de votre technicien");
  wait_for_label ("Vos options");
  wait_for_label ("À propos de ce devis");
  assert_no_label ("What We Found");

  options = findings_recommendation_get_options (rec);
  for (guint i = 0; i < g_list_model_get_n_items (options); i++)
    {
      g_autoptr(FindingsOption) option = g_list_model_get_item (options, i);

      assert_option_shown (option, findings_visit_get_currency (visit));
    }

  /* The quote's last day, in French. */
  date = findings_format_calendar_date (findings_recommendation_get_quote_valid_until (rec));
  g_assert_nonnull (date);
  g_assert_true (has_french_month (date));
  wait_for_label (date);

  /* The three decisions, with their mnemonics. */
  g_assert_nonnull (findings_test_find_button (GTK_WIDGET (window), "_Accepter…"));
  g_assert_nonnull (findings_test_find_button (GTK_WIDGET (window), "_Refuser…"));
  g_assert_nonnull (findings_test_find_button (GTK_WIDGET (window), "_Demander un appel…"));
  g_assert_null (findings_test_find_button (GTK_WIDGET (window), "_Accept…"));
  shoot ("recommendation");
}


/* Decisions, through the real dialogs, in French. */

static void
wait_for_dialog_label (const char *text)
{
  if (!findings_test_wait_for (findings_test_label_in_dialog, (gpointer) text))
    findings_test_assert_label (findings_test_dialog (), text);
}

static void
close_dialog (void)
{
  findings_test_click (findings_test_dialog (), "_Terminé");
  g_assert_true (findings_test_wait_for (findings_test_dialog_gone, NULL));
}

static void
set_entry (const char *title,
           const char *text)
{
  findings_test_set_entry_row (findings_test_dialog (), title, text);
}

static gboolean
has_expired_quote (FindingsRecommendation *rec)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return findings_recommendation_get_status (rec) == FINDINGS_STATUS_OPEN &&
         findings_recommendation_is_quote_expired (rec, now);
}

static void
test_expired_offers_call (void)
{
  FindingsVisit *visit = NULL;
  FindingsRecommendation *rec = find_recommendation (has_expired_quote, &visit);
  g_autofree char *date = NULL;
  g_autofree char *expired = NULL;

  g_assert_nonnull (rec);
  date = findings_format_calendar_date (findings_recommendation_get_quote_valid_until (rec));
  g_assert_true (has_french_month (date));

  findings_window_show_visit (window, visit);
  findings_window_show_recommendation (window, rec);
  expired = g_strdup_printf ("Ce devis a expiré le %s", date);
  wait_for_label (expired);

  findings_test_open_decision (window, visit, rec, "recommendation.accept");
  if (g_list_model_get_n_items (findings_recommendation_get_options (rec)) > 1)
    {
      GtkWidget *check = findings_test_find_widget (findings_test_dialog (), GTK_TYPE_CHECK_BUTTON);

      wait_for_dialog_label ("Quelle option souhaitez-vous" NNBSP "?");
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      findings_test_click (findings_test_dialog (), "_Suivant");
    }

  wait_for_dialog_label (expired);
  wait_for_dialog_label ("il ne peut donc pas être accepté tel quel");
  findings_test_click (findings_test_dialog (), "_Demander plutôt un appel");
  wait_for_dialog_label ("Demander un appel");
  gtk_window_close (GTK_WINDOW (findings_test_dialog ()));
  g_assert_true (findings_test_wait_for (findings_test_dialog_gone, NULL));
}

static gboolean
is_open_with_choice (FindingsRecommendation *rec)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return findings_recommendation_get_status (rec) == FINDINGS_STATUS_OPEN &&
         g_list_model_get_n_items (findings_recommendation_get_options (rec)) >= 2 &&
         findings_recommendation_get_has_quote (rec) &&
         !findings_recommendation_is_quote_expired (rec, now);
}

static void
test_accept (void)
{
  FindingsVisit *visit = NULL;
  FindingsRecommendation *rec = find_recommendation (is_open_with_choice, &visit);
  g_autoptr(FindingsOption) second = NULL;
  g_autofree char *date = NULL;
  g_autofree char *valid = NULL;

  g_assert_nonnull (rec);
  second = g_list_model_get_item (findings_recommendation_get_options (rec), 1);
  date = findings_format_calendar_date (findings_recommendation_get_quote_valid_until (rec));

  findings_test_open_decision (window, visit, rec, "recommendation.accept");
  wait_for_dialog_label ("Quelle option souhaitez-vous" NNBSP "?");
  wait_for_dialog_label ("Accepter");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (
    findings_test_find_button (findings_test_dialog (), "_Suivant"))));
  g_assert_nonnull (findings_test_find_button (findings_test_dialog (), "_Annuler"));
  {
    GtkWidget *check = findings_test_find_widget (findings_test_dialog (), GTK_TYPE_CHECK_BUTTON);
    GtkWidget *row = gtk_widget_get_ancestor (check, ADW_TYPE_ACTION_ROW);
    GtkWidget *next_row = gtk_widget_get_next_sibling (row);

    check = findings_test_find_widget (next_row, GTK_TYPE_CHECK_BUTTON);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  }
  findings_test_click (findings_test_dialog (), "_Suivant");

  wait_for_dialog_label ("Avant d’accepter");
  wait_for_dialog_label (findings_option_get_label (second));
  if (date != NULL)
    {
      valid = g_strdup_printf ("Le prix est valable jusqu’au %s.", date);
      wait_for_dialog_label (valid);
    }
  wait_for_dialog_label ("vous contactera pour planifier les travaux.");
  shoot ("accept-terms");
  findings_test_click (findings_test_dialog (), "_Suivant");

  wait_for_dialog_label ("Qui accepte" NNBSP "?");
  set_entry ("Votre nom", "Camille Tremblay");
  set_entry ("Votre fonction (facultatif)", "Gestionnaire du bâtiment");
  findings_test_click (findings_test_dialog (), "_Suivant");
  wait_for_dialog_label ("Signez ici si vous le souhaitez");
  g_assert_nonnull (findings_test_find_button (findings_test_dialog (), "_Précédent"));
  findings_test_click (findings_test_dialog (), "_Accepter sans signer");
  wait_for_dialog_label ("C’est accepté. Merci.");
  close_dialog ();

  wait_for_label ("Le bureau de service a bien reçu votre décision.");
  wait_for_label ("Acceptée");
  shoot ("accepted");
}

static gboolean
is_open_any (FindingsRecommendation *rec)
{
  return findings_recommendation_get_status (rec) == FINDINGS_STATUS_OPEN;
}

static void
test_decline (void)
{
  FindingsVisit *visit = NULL;
  FindingsRecommendation *rec = find_recommendation (is_open_any, &visit);

  g_assert_nonnull (rec);
  findings_test_open_decision (window, visit, rec, "recommendation.decline");
  wait_for_dialog_label ("Refuser cette recommandation" NNBSP "?");
  wait_for_dialog_label ("rien ne vous oblige à en donner une.");
  g_assert_nonnull (findings_test_find_button (findings_test_dialog (), "_Annuler"));
  findings_test_click (findings_test_dialog (), "_Refuser");
  wait_for_dialog_label ("Merci, c’est noté");
  close_dialog ();
  wait_for_label ("Le bureau de service a bien reçu votre décision.");
  wait_for_label ("Refusée");

  /* Accepting stays open after a refusal. */
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (
    findings_test_find_button (GTK_WIDGET (window), "_Accepter…"))));
}

static gboolean
is_open_single (FindingsRecommendation *rec)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return findings_recommendation_get_status (rec) == FINDINGS_STATUS_OPEN &&
         !findings_recommendation_is_quote_expired (rec, now);
}

static void
test_request_call (void)
{
  FindingsVisit *visit = NULL;
  FindingsRecommendation *rec = find_recommendation (is_open_single, &visit);

  g_assert_nonnull (rec);
  findings_test_open_decision (window, visit, rec, "recommendation.request-call");
  wait_for_dialog_label ("Demander un appel");
  wait_for_dialog_label ("Demander un appel ne vous engage à rien.");

  set_entry ("Numéro de téléphone", "12");
  findings_test_click (findings_test_dialog (), "_Demander un appel");
  wait_for_dialog_label ("Veuillez vérifier le numéro de téléphone" NBSP ": il doit comporter "
                         "de 7 à 15 chiffres.");

  set_entry ("Numéro de téléphone", "+1 514 555 0100");
  findings_test_click (findings_test_dialog (), "_Demander un appel");
  wait_for_dialog_label ("Appel demandé");
  wait_for_dialog_label ("Vous recevrez un appel de la part de");
  wait_for_dialog_label ("au +1 514 555 0100.");
  close_dialog ();

  wait_for_label ("Le bureau de service a bien reçu votre décision.");
  wait_for_label ("vous appellera au plus tard le");
  shoot ("call-requested");
}

static void
run_tests (void)
{
  window = FINDINGS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);

  test_status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
}

static void
loading_changed_cb (FindingsApplication *application)
{
  if (!findings_session_get_loading (findings_application_get_session (application)))
    run_tests ();
}

static void
activate_cb (FindingsApplication *application)
{
  GtkWindow *win = gtk_application_get_active_window (GTK_APPLICATION (application));

  gtk_widget_set_visible (GTK_WIDGET (win), FALSE);
  gtk_window_set_default_size (win, 1280, 800);
  gtk_window_present (win);

  if (findings_session_get_loading (findings_application_get_session (application)))
    g_signal_connect_swapped (findings_application_get_session (application), "notify::loading",
                              G_CALLBACK (loading_changed_cb), application);
  else
    run_tests ();
}

int
main (int   argc,
      char *argv[])
{
  const char *app_argv[] = { "findings", "--demo", NULL };
  const char *localedir = g_getenv ("FINDINGS_LOCALEDIR");
  g_autofree char *catalogue = NULL;

  g_test_init (&argc, &argv, NULL);

  /* GTK sets the locale again from the environment when it starts: say French there
   * too, so the whole run is in one language. */
  g_setenv ("LANGUAGE", "fr", TRUE);
  g_setenv ("LC_ALL", LOCALE, TRUE);
  if (setlocale (LC_ALL, LOCALE) == NULL)
    {
      /* With the TAP protocol a whole-file skip is a plan of 0; the exit status
       * stays 0 because meson counts any other status as an error. */
      g_print ("1..0 # SKIP the %s locale is not installed (build-aux/install-deps "
               "generates it)\n", LOCALE);
      return 0;
    }

  if (localedir == NULL)
    {
      g_print ("Bail out! FINDINGS_LOCALEDIR is not set: run this test through meson\n");
      return 1;
    }
  catalogue = g_build_filename (localedir, "fr", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (catalogue, G_FILE_TEST_IS_REGULAR))
    {
      g_print ("Bail out! No French catalogue at %s: build the tree first "
               "(ninja -C <builddir>) so po/fr.po is compiled\n", catalogue);
      return 1;
    }

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  findings_test_start_xvfb (1280, 800);

  g_test_add_func ("/ui-fr/catalogue", test_catalogue);
  g_test_add_func ("/ui-fr/visit-list", test_visit_list);
  g_test_add_func ("/ui-fr/visit-page", test_visit_page);
  g_test_add_func ("/ui-fr/recommendation-page", test_recommendation_page);
  g_test_add_func ("/ui-fr/decide/expired-offers-call", test_expired_offers_call);
  g_test_add_func ("/ui-fr/decide/accept", test_accept);
  g_test_add_func ("/ui-fr/decide/decline", test_decline);
  g_test_add_func ("/ui-fr/decide/request-call", test_request_call);

  app = findings_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_application_run (G_APPLICATION (app), 2, (char **) app_argv);
  g_clear_object (&app);

  findings_test_stop_xvfb ();

  return test_status;
}
