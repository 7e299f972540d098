/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-decision-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-application.h"
#include "findings-decision.h"
#include "findings-decision-dialog.h"
#include "findings-format.h"
#include "findings-keyboard.h"
#include "findings-money.h"
#include "findings-signature-pad.h"
#include "findings-ui.h"
#include "findings-visit.h"

/* Accept, decline or ask for a call. Nothing is stored until the last button, so
 * closing the dialog at any step (or the kiosk timing out) leaves nothing behind. */
struct _FindingsDecisionDialog
{
  AdwWindow               parent_instance;

  FindingsRecommendation *recommendation;
  FindingsVisit          *visit;
  FindingsAction          action;
  FindingsOption         *option;
  GCancellable           *cancellable;
  GtkCheckButton         *first_option;
  GtkCheckButton         *first_reason;

  AdwWindowTitle         *window_title;
  GtkStack               *stack;
  GtkListBox             *option_list;
  GtkLabel               *terms_option_label;
  GtkLabel               *terms_price_label;
  GtkLabel               *terms_validity_label;
  GtkLabel               *terms_conditions_label;
  GtkLabel               *terms_next_label;
  AdwEntryRow            *name_row;
  AdwEntryRow            *role_row;
  AdwEntryRow            *po_row;
  FindingsSignaturePad   *signature_pad;
  GtkListBox             *reason_list;
  AdwEntryRow            *reason_row;
  GtkLabel               *call_intro_label;
  AdwEntryRow            *phone_row;
  AdwComboRow            *best_time_row;
  AdwEntryRow            *note_row;
  GtkLabel               *phone_error_label;
  GtkSpinner             *saving_spinner;
  AdwStatusPage          *done_page;
  AdwStatusPage          *failed_page;
  GtkWidget              *button_bar;
  GtkButton              *back_button;
  GtkButton              *next_button;
  GtkWidget              *clear_button;
  GtkWidget              *keyboard;
  gboolean                kiosk;
};

G_DEFINE_FINAL_TYPE (FindingsDecisionDialog, findings_decision_dialog, ADW_TYPE_WINDOW)

static const char *
currency (FindingsDecisionDialog *self)
{
  return self->visit != NULL ? findings_visit_get_currency (self->visit) : NULL;
}

static const char *
company (FindingsDecisionDialog *self)
{
  const char *name = self->visit != NULL ? findings_visit_get_company_name (self->visit) : NULL;

  return name != NULL ? name : _("the office");
}

static gboolean
quote_expired (FindingsDecisionDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return findings_recommendation_check_decision (self->recommendation, FINDINGS_ACTION_ACCEPT,
                                                 now) == FINDINGS_PROBLEM_QUOTE_EXPIRED;
}

static char *
entry_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static guint
n_options (FindingsDecisionDialog *self)
{
  return g_list_model_get_n_items (findings_recommendation_get_options (self->recommendation));
}

static void
set_buttons (FindingsDecisionDialog *self,
             const char             *back,
             const char             *next,
             gboolean                next_sensitive)
{
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), back != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), next != NULL);
  if (back != NULL)
    gtk_button_set_label (self->back_button, back);
  if (next != NULL)
    gtk_button_set_label (self->next_button, next);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), next_sensitive);

  /* GTK 4.8 names a button with a mnemonic twice, by its label property with the
   * underline and by the label inside: "_Decline Decline". The one inside is enough. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->back_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->next_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
fill_terms (FindingsDecisionDialog *self)
{
  const char *valid_until = findings_recommendation_get_quote_valid_until (self->recommendation);
  const char *conditions = findings_recommendation_get_quote_conditions (self->recommendation);
  g_autofree char *price = findings_format_option_price (self->option, currency (self));
  g_autofree char *date = findings_format_calendar_date (valid_until);
  g_autofree char *validity = NULL;
  g_autofree char *conditions_text = NULL;
  g_autofree char *next = NULL;

  gtk_label_set_text (self->terms_option_label, findings_option_get_label (self->option));
  gtk_label_set_text (self->terms_price_label, price);

  if (date == NULL)
    validity = g_strdup (_("The quote has no end date."));
  else if (quote_expired (self))
    validity = g_strdup_printf (_("This quote expired on %s, so it cannot be accepted as it "
                                  "stands. Ask for a call and the office will give you a "
                                  "fresh price."), date);
  else
    validity = g_strdup_printf (_("The price is valid until %s."), date);
  gtk_label_set_text (self->terms_validity_label, validity);

  if (conditions != NULL)
    conditions_text = g_strdup_printf (_("Conditions: %s"), conditions);
  else
    conditions_text = g_strdup (_("The quote has no further conditions."));
  gtk_label_set_text (self->terms_conditions_label, conditions_text);

  /* Translators: %s is the service company */
  next = g_strdup_printf (_("When you accept, %s will contact you to schedule the work."),
                          company (self));
  gtk_label_set_text (self->terms_next_label, next);
}

static void
update_buttons (FindingsDecisionDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  AdwStatusPage *result = NULL;
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;

  gtk_widget_set_visible (self->button_bar, !g_str_equal (page, "saving"));
  gtk_widget_set_visible (self->keyboard,
                          self->kiosk && (g_str_equal (page, "who") ||
                                          g_str_equal (page, "decline") ||
                                          g_str_equal (page, "call")));

  if (g_str_equal (page, "option"))
    set_buttons (self, _("_Cancel"), _("_Next"), self->option != NULL);
  else if (g_str_equal (page, "terms"))
    set_buttons (self, n_options (self) > 1 ? _("_Back") : _("_Cancel"),
                 quote_expired (self) ? _("Ask for a _Call Instead") : _("_Next"), TRUE);
  else if (g_str_equal (page, "who"))
    {
      name = entry_text (self->name_row);
      set_buttons (self, _("_Back"), _("_Next"), name != NULL);
    }
  else if (g_str_equal (page, "sign"))
    set_buttons (self, _("_Back"),
                 findings_signature_pad_get_empty (self->signature_pad) ?
                 _("_Accept Without Signing") : _("_Accept"), TRUE);
  else if (g_str_equal (page, "decline"))
    set_buttons (self, _("_Cancel"), _("_Decline"), TRUE);
  else if (g_str_equal (page, "call"))
    {
      phone = entry_text (self->phone_row);
      set_buttons (self, _("_Cancel"), _("Ask for a _Call"), phone != NULL);
    }
  else if (g_str_equal (page, "done"))
    set_buttons (self, NULL, _("_Done"), TRUE);
  else if (g_str_equal (page, "failed"))
    set_buttons (self, _("_Cancel"), _("_Try Again"), TRUE);

  /* The focus lands on "Done" or "Try Again", and GTK 4.8 has no way to announce the
   * page: the button's description tells a screen reader what happened. */
  if (g_str_equal (page, "done"))
    result = self->done_page;
  else if (g_str_equal (page, "failed"))
    result = self->failed_page;
  if (result != NULL)
    {
      const char *title = adw_status_page_get_title (result);
      const char *details = adw_status_page_get_description (result);
      gboolean stops = g_str_has_suffix (title, ".") || g_str_has_suffix (title, "!") ||
                       g_str_has_suffix (title, "?");
      g_autofree char *outcome = NULL;

      /* "Accepted. Thank You." is a sentence already: no second full stop. */
      if (details != NULL)
        outcome = g_strdup_printf (stops ? "%s %s" : "%s. %s", title, details);
      else
        outcome = g_strdup (title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, outcome,
                                      -1);
    }
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->next_button),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
show_page (FindingsDecisionDialog *self,
           const char             *page)
{
  const char *title = NULL;

  if (g_str_equal (page, "terms"))
    fill_terms (self);

  if (g_str_equal (page, "option") || g_str_equal (page, "terms") ||
      g_str_equal (page, "who") || g_str_equal (page, "sign"))
    title = _("Accept");
  else if (g_str_equal (page, "decline"))
    title = _("Decline");
  else if (g_str_equal (page, "call"))
    title = _("Ask for a Call");

  if (title != NULL)
    {
      adw_window_title_set_title (self->window_title, title);
      /* The title widget is only drawn: the window's own title is what a screen
       * reader announces when the dialog opens. */
      gtk_window_set_title (GTK_WINDOW (self), title);
    }
  adw_window_title_set_subtitle (self->window_title,
                                 findings_recommendation_get_title (self->recommendation));

  gtk_stack_set_visible_child_name (self->stack, page);
  update_buttons (self);

  /* A page that asks for words opens in its first field, for the keyboard (and the
   * kiosk's own keyboard) to type into at once. A dialog that opens on such a page
   * starts there anyway: it is the first thing that takes the focus. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      if (g_str_equal (page, "who"))
        gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      else if (g_str_equal (page, "call"))
        gtk_widget_grab_focus (GTK_WIDGET (self->phone_row));
    }
}

static void
page_changed_cb (FindingsDecisionDialog *self)
{
  update_buttons (self);
}

static void
form_changed_cb (FindingsDecisionDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->phone_error_label), FALSE);
  update_buttons (self);
}

static void
clear_signature_cb (FindingsDecisionDialog *self)
{
  findings_signature_pad_clear (self->signature_pad);
}

static void
option_toggled_cb (GtkCheckButton         *button,
                   FindingsDecisionDialog *self)
{
  if (gtk_check_button_get_active (button))
    self->option = g_object_get_data (G_OBJECT (button), "option");
  update_buttons (self);
}

static GtkCheckButton *
add_choice (GtkListBox     *list,
            GtkCheckButton *group,
            const char     *title,
            const char     *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  /* Only one can be chosen: a screen reader should say "radio button", which GTK 4.8
   * does not work out from the group by itself. */
  GtkWidget *check = g_object_new (GTK_TYPE_CHECK_BUTTON,
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_RADIO,
                                   NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* Titles come from documents: plain text only. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  /* The row also names the check button after its title (labelled-by), so the check
   * needs no label of its own: with one, screen readers hear the title twice. */
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
  gtk_list_box_append (list, row);

  return GTK_CHECK_BUTTON (check);
}

static void
fill_options (FindingsDecisionDialog *self)
{
  GListModel *options = findings_recommendation_get_options (self->recommendation);

  for (guint i = 0; i < g_list_model_get_n_items (options); i++)
    {
      g_autoptr(FindingsOption) option = g_list_model_get_item (options, i);
      g_autofree char *price = findings_format_option_price (option, currency (self));
      GtkCheckButton *check;

      /* No option is chosen in advance: the customer picks, we never pre-select. */
      check = add_choice (self->option_list, self->first_option,
                          findings_option_get_label (option), price);
      g_object_set_data_full (G_OBJECT (check), "option", g_object_ref (option), g_object_unref);
      g_signal_connect (check, "toggled", G_CALLBACK (option_toggled_cb), self);
      if (self->first_option == NULL)
        self->first_option = check;
    }
}

static const char *
decline_reasons[] = {
  N_("It is not in the budget right now"),
  N_("We would like to wait and see"),
  N_("We will get another quote"),
  N_("We will take care of it ourselves"),
};

static void
fill_reasons (FindingsDecisionDialog *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (decline_reasons); i++)
    {
      GtkCheckButton *check = add_choice (self->reason_list, self->first_reason,
                                          _(decline_reasons[i]), NULL);

      g_object_set_data (G_OBJECT (check), "reason", (gpointer) decline_reasons[i]);
      if (self->first_reason == NULL)
        self->first_reason = check;
    }
}

static char *
chosen_reason (FindingsDecisionDialog *self)
{
  g_autofree char *own_words = entry_text (self->reason_row);
  const char *picked = NULL;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->reason_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));

      if (check != NULL && gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        picked = _(g_object_get_data (G_OBJECT (check), "reason"));
    }

  if (picked != NULL && own_words != NULL)
    return g_strdup_printf ("%s. %s", picked, own_words);
  if (picked != NULL)
    return g_strdup (picked);
  return g_steal_pointer (&own_words);
}

static const char *
best_time (FindingsDecisionDialog *self)
{
  static const char *times[] = { NULL, "morning", "afternoon", "end of day" };
  guint selected = adw_combo_row_get_selected (self->best_time_row);

  return selected < G_N_ELEMENTS (times) ? times[selected] : NULL;
}

static FindingsDecision *
build_decision (FindingsDecisionDialog *self)
{
  g_autoptr(FindingsDecision) decision = findings_decision_new (self->action);
  g_autoptr(FindingsVisit) visit = findings_recommendation_dup_visit (self->recommendation);
  g_autofree char *name = entry_text (self->name_row);
  g_autofree char *role = entry_text (self->role_row);
  g_autofree char *po = entry_text (self->po_row);
  g_autofree char *signature = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *note = NULL;

  findings_decision_set_visit_id (decision, visit != NULL ? findings_visit_get_id (visit) : NULL);
  findings_decision_set_recommendation_id (decision,
                                           findings_recommendation_get_id (self->recommendation));

  switch (self->action)
    {
    case FINDINGS_ACTION_ACCEPT:
      signature = findings_signature_pad_dup_svg_path (self->signature_pad);
      findings_decision_set_option_id (decision, findings_option_get_id (self->option));
      findings_decision_set_decided_by_name (decision, name);
      findings_decision_set_decided_by_role (decision, role);
      findings_decision_set_po_number (decision, po);
      if (signature != NULL)
        {
          findings_decision_set_signature_format (decision, "svg-path");
          findings_decision_set_signature_data (decision, signature);
        }
      break;

    case FINDINGS_ACTION_DECLINE:
      reason = chosen_reason (self);
      findings_decision_set_reason (decision, reason);
      break;

    case FINDINGS_ACTION_REQUEST_CALL:
      phone = entry_text (self->phone_row);
      note = entry_text (self->note_row);
      findings_decision_set_call_phone (decision, phone);
      findings_decision_set_call_best_time (decision, best_time (self));
      findings_decision_set_call_note (decision, note);
      break;

    default:
      g_assert_not_reached ();
    }

  return g_steal_pointer (&decision);
}

static void
show_done (FindingsDecisionDialog *self)
{
  g_autofree char *description = NULL;
  g_autofree char *phone = NULL;

  switch (self->action)
    {
    case FINDINGS_ACTION_ACCEPT:
      adw_status_page_set_title (self->done_page, _("Accepted. Thank You."));
      /* Translators: first %s is an option, second the service company */
      description = g_strdup_printf (_("Your choice, “%s”, is saved on this device and goes "
                                       "to %s. They will contact you to schedule the work."),
                                     findings_option_get_label (self->option), company (self));
      break;

    case FINDINGS_ACTION_DECLINE:
      adw_status_page_set_title (self->done_page, _("Thanks, We Have Noted It"));
      description = g_strdup (_("Nothing will be done about this item. It stays listed here, "
                                "and you can change your mind at any time."));
      break;

    case FINDINGS_ACTION_REQUEST_CALL:
      phone = entry_text (self->phone_row);
      adw_status_page_set_title (self->done_page, _("Call Requested"));
      /* Translators: first %s is the service company, second a phone number */
      description = g_strdup_printf (_("%s will call you at %s. Your request is saved on this "
                                       "device, and who will call and by when will appear on "
                                       "this item once the office has answered."),
                                     company (self), phone);
      break;

    default:
      g_assert_not_reached ();
    }

  adw_status_page_set_description (self->done_page, description);
  show_page (self, "done");
}

static void
recorded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FindingsDecisionDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_spinner_set_spinning (self->saving_spinner, FALSE);

  if (!findings_session_record_decision_finish (FINDINGS_SESSION (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Nothing was stored: say so plainly and keep what the customer entered. */
      adw_status_page_set_description (self->failed_page, error->message);
      show_page (self, "failed");
      return;
    }

  show_done (self);
}

static void
submit (FindingsDecisionDialog *self)
{
  g_autoptr(FindingsDecision) decision = build_decision (self);
  GApplication *app = g_application_get_default ();
  FindingsSession *session = findings_application_get_session (FINDINGS_APPLICATION (app));

  show_page (self, "saving");
  gtk_spinner_set_spinning (self->saving_spinner, TRUE);
  findings_session_record_decision_async (session, decision, self->recommendation,
                                          self->cancellable, recorded_cb, g_object_ref (self));
}

static void
switch_to_call (FindingsDecisionDialog *self)
{
  self->action = FINDINGS_ACTION_REQUEST_CALL;
  show_page (self, "call");
}

static void
next_clicked_cb (FindingsDecisionDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  g_autofree char *phone = NULL;

  if (g_str_equal (page, "option"))
    show_page (self, "terms");
  else if (g_str_equal (page, "terms"))
    {
      if (quote_expired (self))
        switch_to_call (self);
      else
        show_page (self, "who");
    }
  else if (g_str_equal (page, "who"))
    show_page (self, "sign");
  else if (g_str_equal (page, "sign") || g_str_equal (page, "decline") ||
           g_str_equal (page, "failed"))
    submit (self);
  else if (g_str_equal (page, "call"))
    {
      phone = entry_text (self->phone_row);
      if (!findings_phone_is_valid (phone))
        {
          gtk_widget_set_visible (GTK_WIDGET (self->phone_error_label), TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (self->phone_row));
          return;
        }
      submit (self);
    }
  else if (g_str_equal (page, "done"))
    gtk_window_close (GTK_WINDOW (self));
}

static void
back_clicked_cb (FindingsDecisionDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_str_equal (page, "terms") && n_options (self) > 1)
    show_page (self, "option");
  else if (g_str_equal (page, "who"))
    show_page (self, "terms");
  else if (g_str_equal (page, "sign"))
    show_page (self, "who");
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
findings_decision_dialog_dispose (GObject *object)
{
  FindingsDecisionDialog *self = FINDINGS_DECISION_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FINDINGS_TYPE_DECISION_DIALOG);
  g_clear_object (&self->recommendation);
  g_clear_object (&self->visit);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (findings_decision_dialog_parent_class)->dispose (object);
}

#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, FindingsDecisionDialog, name)

static void
findings_decision_dialog_class_init (FindingsDecisionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = findings_decision_dialog_dispose;

  g_type_ensure (FINDINGS_TYPE_SIGNATURE_PAD);
  g_type_ensure (FINDINGS_TYPE_KEYBOARD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/findings/Findings/findings-decision-dialog.ui");
  BIND (window_title);
  BIND (stack);
  BIND (option_list);
  BIND (terms_option_label);
  BIND (terms_price_label);
  BIND (terms_validity_label);
  BIND (terms_conditions_label);
  BIND (terms_next_label);
  BIND (name_row);
  BIND (role_row);
  BIND (po_row);
  BIND (signature_pad);
  BIND (reason_list);
  BIND (reason_row);
  BIND (call_intro_label);
  BIND (phone_row);
  BIND (best_time_row);
  BIND (note_row);
  BIND (phone_error_label);
  BIND (saving_spinner);
  BIND (done_page);
  BIND (failed_page);
  BIND (button_bar);
  BIND (back_button);
  BIND (next_button);
  BIND (clear_button);
  BIND (keyboard);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_signature_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

#undef BIND

static void
findings_decision_dialog_init (FindingsDecisionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  /* See set_buttons(): one name for a button with a mnemonic, not two. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->clear_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);
}

FindingsDecisionDialog *
findings_decision_dialog_new (GtkWindow              *parent,
                              FindingsRecommendation *recommendation,
                              FindingsAction          action)
{
  FindingsDecisionDialog *self;
  g_autofree char *intro = NULL;

  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (recommendation), NULL);

  self = g_object_new (FINDINGS_TYPE_DECISION_DIALOG,
                       "transient-for", parent,
                       /* Part of the app, so the kiosk's idle reset can close it. */
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->recommendation = g_object_ref (recommendation);
  self->visit = findings_recommendation_dup_visit (recommendation);
  self->action = action;

  {
    GtkApplication *app = parent != NULL ? gtk_window_get_application (parent) : NULL;

    self->kiosk = FINDINGS_IS_APPLICATION (app) &&
                  findings_application_get_kiosk (FINDINGS_APPLICATION (app));
    /* On a kiosk the form and the keyboard share the screen: most of it. */
    if (self->kiosk)
      {
        int width = gtk_widget_get_width (GTK_WIDGET (parent));
        int height = gtk_widget_get_height (GTK_WIDGET (parent));

        gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk");
        if (width > 0 && height > 0)
          gtk_window_set_default_size (GTK_WINDOW (self), MIN (width * 9 / 10, 1000),
                                       height * 17 / 20);
      }
  }

  fill_options (self);
  fill_reasons (self);

  /* Translators: %s is the service company */
  intro = g_strdup_printf (_("Someone from %s will call you to talk it through. Asking for a "
                             "call does not commit you to anything."), company (self));
  gtk_label_set_text (self->call_intro_label, intro);

  switch (action)
    {
    case FINDINGS_ACTION_ACCEPT:
      if (n_options (self) == 1)
        {
          self->option = findings_recommendation_get_lowest_price_option (recommendation);
          show_page (self, "terms");
        }
      else
        show_page (self, "option");
      break;

    case FINDINGS_ACTION_DECLINE:
      show_page (self, "decline");
      break;

    case FINDINGS_ACTION_REQUEST_CALL:
      show_page (self, "call");
      break;

    default:
      g_assert_not_reached ();
    }

  return self;
}
