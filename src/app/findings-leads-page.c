/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "findings-enums.h"
#include "findings-format.h"
#include "findings-lead.h"
#include "findings-leads-fetch.h"
#include "findings-leads-page.h"
#include "findings-office-config.h"

/* "Your recommendations", for technician mode: every lead the technician raised, what
 * became of it, and the office's note to them (API 1.1). The office's texts go to
 * labels with gtk_label_set_text() only. */

#define MIN_TOUCH_PX 48

struct _FindingsLeadsPage
{
  AdwBin           parent_instance;

  FindingsSession *session;
  GCancellable    *cancellable;

  GtkStack        *stack;
  GtkListBox      *list;
  GtkLabel        *error_label;
  GtkLabel        *summary;
};

G_DEFINE_FINAL_TYPE (FindingsLeadsPage, findings_leads_page, ADW_TYPE_BIN)

/* What the office and the technician token say, read off the main thread. */
typedef struct
{
  char         *url;
  char         *token;
  GTlsDatabase *tls_database;
} Setup;

static void
setup_free (gpointer data)
{
  Setup *setup = data;

  g_free (setup->url);
  if (setup->token != NULL)
    memset (setup->token, 0, strlen (setup->token));
  g_free (setup->token);
  g_clear_object (&setup->tls_database);
  g_free (setup);
}

static void
read_setup_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  g_autoptr(FindingsOfficeConfig) office = findings_office_config_load ();
  g_autoptr(GError) error = NULL;
  Setup *setup = g_new0 (Setup, 1);

  setup->url = g_strdup (findings_office_config_get_url (office));
  setup->tls_database = findings_office_config_dup_tls_database (office, &error);
  if (error == NULL)
    setup->token = findings_office_config_read_secret ("technician-token", &error);

  if (setup->url == NULL || *setup->url == '\0')
    {
      setup_free (setup);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "%s",
                               _("This kiosk has no office set up. The installer sets one up."));
      return;
    }

  if (setup->token == NULL)
    {
      setup_free (setup);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "%s",
                                 _("This kiosk has no technician token. The installer sets "
                                   "one up."));
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, setup, setup_free);
}

static void
show_error (FindingsLeadsPage *self,
            const char        *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static const char *
outcome_label (FindingsStatus status)
{
  switch (status)
    {
    case FINDINGS_STATUS_OPEN:
      return _("The customer has not decided yet");
    case FINDINGS_STATUS_ACCEPTED:
    case FINDINGS_STATUS_DECLINED:
    case FINDINGS_STATUS_CALL_REQUESTED:
    case FINDINGS_STATUS_SCHEDULED:
    case FINDINGS_STATUS_COMPLETED:
    case FINDINGS_STATUS_WITHDRAWN:
    default:
      return findings_status_get_label (status);
    }
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static char *
describe_follow_up (FindingsFollowUp *follow_up)
{
  const char *owner = findings_follow_up_get_owner (follow_up);
  g_autofree char *due = findings_format_calendar_date (findings_follow_up_get_due_by (follow_up));
  const char *state = findings_follow_up_state_get_label (findings_follow_up_get_state (follow_up));

  if (owner != NULL && due != NULL)
    /* Translators: the office's follow-up: its state, who has it, by when */
    return g_strdup_printf (_("Office follow-up: %s, by %s, due %s"), state, owner, due);
  if (owner != NULL)
    /* Translators: the office's follow-up: its state, then who has it */
    return g_strdup_printf (_("Office follow-up: %s, by %s"), state, owner);
  if (due != NULL)
    /* Translators: the office's follow-up: its state, then by when */
    return g_strdup_printf (_("Office follow-up: %s, due %s"), state, due);
  /* Translators: the office's follow-up state */
  return g_strdup_printf (_("Office follow-up: %s"), state);
}

static GtkWidget *
new_lead_row (FindingsLead *lead)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  const char *site = findings_lead_get_site_name (lead);
  const char *note = findings_lead_get_office_note (lead);
  FindingsFollowUp *follow_up = findings_lead_get_follow_up (lead);
  GDateTime *decided_at = findings_lead_get_decided_at (lead);
  g_autofree char *outcome = NULL;

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_box_append (GTK_BOX (box), new_label (findings_lead_get_title (lead), "heading"));
  gtk_box_append (GTK_BOX (box), new_label (site != NULL ? site : findings_lead_get_site_id (lead),
                                            "dim-label"));

  if (decided_at != NULL)
    {
      g_autofree char *date = findings_format_date_short (decided_at, NULL);

      /* Translators: an outcome, then the date the customer decided */
      outcome = g_strdup_printf (_("%s (%s)"), outcome_label (findings_lead_get_status (lead)),
                                 date);
    }
  else
    {
      outcome = g_strdup (outcome_label (findings_lead_get_status (lead)));
    }
  gtk_box_append (GTK_BOX (box), new_label (outcome, NULL));

  if (follow_up != NULL)
    {
      g_autofree char *text = describe_follow_up (follow_up);

      gtk_box_append (GTK_BOX (box), new_label (text, NULL));
    }

  if (note != NULL)
    {
      GtkWidget *note_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

      gtk_widget_add_css_class (note_box, "card");
      gtk_widget_set_margin_top (note_box, 6);
      gtk_box_append (GTK_BOX (note_box), new_label (_("From the office"), "caption-heading"));
      gtk_box_append (GTK_BOX (note_box), new_label (note, NULL));
      for (GtkWidget *child = gtk_widget_get_first_child (note_box); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          gtk_widget_set_margin_start (child, 12);
          gtk_widget_set_margin_end (child, 12);
        }
      gtk_widget_set_margin_top (gtk_widget_get_first_child (note_box), 8);
      gtk_widget_set_margin_bottom (gtk_widget_get_last_child (note_box), 8);
      gtk_box_append (GTK_BOX (box), note_box);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, TRUE);
  return row;
}

static void
show_leads (FindingsLeadsPage *self,
            GListModel        *leads)
{
  guint n = g_list_model_get_n_items (leads);
  guint with_note = 0;
  GtkWidget *child;
  g_autofree char *summary = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  if (n == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FindingsLead) lead = g_list_model_get_item (leads, i);

      if (findings_lead_get_office_note (lead) != NULL)
        with_note++;
      gtk_list_box_append (self->list, new_lead_row (lead));
    }

  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u recommendation you raised, %u with a note from "
                                          "the office.",
                                          "%u recommendations you raised, %u with a note from "
                                          "the office.", n),
                             n, with_note);
  gtk_label_set_text (self->summary, summary);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FindingsLeadsPage) self = user_data;
  g_autoptr(GListModel) leads = NULL;
  g_autoptr(GError) error = NULL;

  leads = findings_leads_fetch_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (leads == NULL)
    show_error (self, error->message);
  else
    show_leads (self, leads);
}

static void
setup_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FindingsLeadsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Setup *setup;

  setup = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (setup == NULL)
    {
      show_error (self, error->message);
      return;
    }

  findings_leads_fetch_async (setup->url, setup->token, setup->tls_database, self->cancellable,
                              fetched_cb, g_object_ref (self));
  setup_free (setup);
}

/**
 * findings_leads_page_refresh:
 *
 * Asks the office again, showing that it is loading meanwhile.
 */
void
findings_leads_page_refresh (FindingsLeadsPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FINDINGS_IS_LEADS_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  gtk_stack_set_visible_child_name (self->stack, "loading");

  task = g_task_new (NULL, self->cancellable, setup_read_cb, g_object_ref (self));
  g_task_run_in_thread (task, read_setup_thread);
}

static void
refresh_clicked_cb (GtkButton         *button,
                    FindingsLeadsPage *self)
{
  findings_leads_page_refresh (self);
}

static GtkWidget *
new_refresh_button (FindingsLeadsPage *self,
                    const char        *label)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_size_request (button, -1, MIN_TOUCH_PX);
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  g_signal_connect (button, "clicked", G_CALLBACK (refresh_clicked_cb), self);
  return button;
}

static GtkWidget *
new_status (const char *icon,
            const char *title,
            GtkWidget  *child)
{
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), icon);
  adw_status_page_set_title (ADW_STATUS_PAGE (status), title);
  if (child != NULL)
    adw_status_page_set_child (ADW_STATUS_PAGE (status), child);
  return status;
}

/* A centred text in lines a reader can follow, however wide the screen. */
static GtkWidget *
new_narrow (GtkWidget *child)
{
  GtkWidget *clamp = adw_clamp_new ();

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 480);
  adw_clamp_set_child (ADW_CLAMP (clamp), child);
  return clamp;
}

static void
build (FindingsLeadsPage *self)
{
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *error_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *empty_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *list_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *heading = new_label (_("Your recommendations"), "title-1");
  GtkWidget *empty_label;

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);

  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_stack_add_named (self->stack,
                       new_status (NULL, _("Asking the office about your recommendations…"),
                                   spinner),
                       "loading");

  self->error_label = GTK_LABEL (new_label (NULL, NULL));
  gtk_label_set_justify (self->error_label, GTK_JUSTIFY_CENTER);
  gtk_label_set_xalign (self->error_label, 0.5);
  gtk_box_append (GTK_BOX (error_box), new_narrow (GTK_WIDGET (self->error_label)));
  gtk_box_append (GTK_BOX (error_box), new_refresh_button (self, _("Try Again")));
  gtk_stack_add_named (self->stack,
                       new_status ("dialog-warning-symbolic",
                                   _("Your recommendations could not be loaded"), error_box),
                       "error");

  empty_label = new_label (_("When you raise a recommendation on a visit, it shows here with "
                             "the customer’s decision and the office’s note to you."), NULL);
  gtk_label_set_justify (GTK_LABEL (empty_label), GTK_JUSTIFY_CENTER);
  gtk_label_set_xalign (GTK_LABEL (empty_label), 0.5);
  gtk_box_append (GTK_BOX (empty_box), new_narrow (empty_label));
  gtk_box_append (GTK_BOX (empty_box), new_refresh_button (self, _("Refresh")));
  gtk_stack_add_named (self->stack,
                       new_status ("view-list-symbolic", _("No recommendations yet"), empty_box),
                       "empty");

  gtk_widget_set_margin_top (list_box, 24);
  gtk_widget_set_margin_bottom (list_box, 24);
  gtk_widget_set_margin_start (list_box, 12);
  gtk_widget_set_margin_end (list_box, 12);
  gtk_box_append (GTK_BOX (list_box), heading);
  self->summary = GTK_LABEL (new_label (NULL, "dim-label"));
  gtk_box_append (GTK_BOX (list_box), GTK_WIDGET (self->summary));
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Your recommendations"), -1);
  gtk_box_append (GTK_BOX (list_box), GTK_WIDGET (self->list));
  gtk_box_append (GTK_BOX (list_box), new_refresh_button (self, _("Refresh")));
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), list_box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_stack_add_named (self->stack, scrolled, "list");

  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));
}

static void
findings_leads_page_map (GtkWidget *widget)
{
  FindingsLeadsPage *self = FINDINGS_LEADS_PAGE (widget);

  GTK_WIDGET_CLASS (findings_leads_page_parent_class)->map (widget);

  /* Fresh each time the technician opens the page: the office may have answered. */
  findings_leads_page_refresh (self);
}

static void
findings_leads_page_dispose (GObject *object)
{
  FindingsLeadsPage *self = FINDINGS_LEADS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (findings_leads_page_parent_class)->dispose (object);
}

static void
findings_leads_page_class_init (FindingsLeadsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = findings_leads_page_dispose;
  widget_class->map = findings_leads_page_map;
}

static void
findings_leads_page_init (FindingsLeadsPage *self)
{
  build (self);
}

/**
 * findings_leads_page_new:
 * @session: the app's session
 *
 * The technician's "Your recommendations" page. It asks the office each time it is
 * shown, with the technician token the installer saved.
 *
 * Returns: (transfer floating): the page
 */
GtkWidget *
findings_leads_page_new (FindingsSession *session)
{
  FindingsLeadsPage *self;

  g_return_val_if_fail (FINDINGS_IS_SESSION (session), NULL);

  self = g_object_new (FINDINGS_TYPE_LEADS_PAGE, NULL);
  self->session = g_object_ref (session);
  return GTK_WIDGET (self);
}
