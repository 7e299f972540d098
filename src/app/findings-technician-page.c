/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-technician-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "findings-leads-page.h"
#include "findings-settings-page.h"
#include "findings-signoff.h"
#include "findings-technician-page.h"

/* Technician mode, once the PIN is right: what the technician and the installer do on
 * the kiosk, each a page of its own, and one plain way out. It ends by itself on idle,
 * as every kiosk screen does. */

struct _FindingsTechnicianPage
{
  GtkWidget        parent_instance;

  FindingsSession *session;

  GtkWidget       *box;
  AdwWindowTitle  *title;
  GtkWidget       *back_button;
  GtkStack        *stack;
  GtkWidget       *settings_page;
  GtkWidget       *hosted;
};

G_DEFINE_FINAL_TYPE (FindingsTechnicianPage, findings_technician_page, GTK_TYPE_WIDGET)

enum
{
  LEAVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_page (FindingsTechnicianPage *self,
           const char             *name,
           const char             *title)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  adw_window_title_set_title (self->title, title);
  gtk_widget_set_visible (self->back_button, !g_str_equal (name, "home"));
}

static void
drop_hosted (FindingsTechnicianPage *self)
{
  if (self->hosted == NULL)
    return;

  gtk_stack_remove (self->stack, self->hosted);
  self->hosted = NULL;
}

static void
home_cb (FindingsTechnicianPage *self)
{
  show_page (self, "home", _("Technician Mode"));
  findings_settings_page_reset (FINDINGS_SETTINGS_PAGE (self->settings_page));
  drop_hosted (self);
}

static void
settings_cb (FindingsTechnicianPage *self)
{
  findings_settings_page_reset (FINDINGS_SETTINGS_PAGE (self->settings_page));
  show_page (self, "settings", _("Installer Settings"));
}

static void
leave_cb (FindingsTechnicianPage *self)
{
  g_signal_emit (self, signals[LEAVE], 0);
}

/* The walkthrough is made afresh each time and dropped after, so nothing of one
 * customer's sign-off is left for the next. When it is over, the kiosk goes back to its
 * start, as the customer is done. */
static void
signoff_cb (FindingsTechnicianPage *self)
{
  drop_hosted (self);
  self->hosted = findings_signoff_new (self->session);
  g_signal_connect_object (self->hosted, "finished", G_CALLBACK (leave_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->stack, self->hosted, "signoff");
  /* The walkthrough names its own steps below. */
  show_page (self, "signoff", _("Technician Mode"));
}

static GtkWidget *
add_choice (GtkWidget  *list,
            const char *title,
            const char *subtitle,
            const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon_name);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_add_css_class (row, "technician-choice");
  gtk_list_box_append (GTK_LIST_BOX (list), row);

  return row;
}

/* The office's answer for this technician, asked afresh each time it is shown. */
static void
leads_cb (FindingsTechnicianPage *self)
{
  drop_hosted (self);
  self->hosted = findings_leads_page_new (self->session);
  gtk_stack_add_named (self->stack, self->hosted, "leads");
  show_page (self, "leads", _("Your Recommendations"));
}

static void
findings_technician_page_dispose (GObject *object)
{
  FindingsTechnicianPage *self = FINDINGS_TECHNICIAN_PAGE (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (findings_technician_page_parent_class)->dispose (object);
}

static void
findings_technician_page_class_init (FindingsTechnicianPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = findings_technician_page_dispose;

  /**
   * FindingsTechnicianPage::leave:
   *
   * Technician mode is over: back to the start.
   */
  signals[LEAVE] = g_signal_new ("leave", G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "technicianpage");
}

static void
row_activated_cb (GtkListBox             *list,
                  GtkListBoxRow          *row,
                  FindingsTechnicianPage *self)
{
  const char *choice = g_object_get_data (G_OBJECT (row), "choice");

  if (g_strcmp0 (choice, "settings") == 0)
    settings_cb (self);
  else if (g_strcmp0 (choice, "signoff") == 0)
    signoff_cb (self);
  else if (g_strcmp0 (choice, "leads") == 0)
    leads_cb (self);
}

static void
findings_technician_page_init (FindingsTechnicianPage *self)
{
  GtkWidget *header, *leave, *clamp, *home, *list, *row, *note;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  header = adw_header_bar_new ();
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Technician Mode"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));

  self->back_button = gtk_button_new_from_icon_name ("go-previous-symbolic");
  gtk_widget_set_tooltip_text (self->back_button, _("Back"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->back_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back"), -1);
  g_signal_connect_swapped (self->back_button, "clicked", G_CALLBACK (home_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->back_button);

  leave = gtk_button_new_with_mnemonic (_("_Leave Technician Mode"));
  gtk_widget_add_css_class (leave, "leave-technician");
  g_signal_connect_swapped (leave, "clicked", G_CALLBACK (leave_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), leave);
  gtk_box_append (GTK_BOX (self->box), header);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->stack));

  home = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (home), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  gtk_widget_set_margin_top (clamp, 36);
  gtk_widget_set_margin_bottom (clamp, 36);
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (home), clamp);

  {
    GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);

    list = gtk_list_box_new ();
    gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
    gtk_widget_add_css_class (list, "boxed-list");
    gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _("Technician Tasks"),
                                    -1);
    g_signal_connect (list, "row-activated", G_CALLBACK (row_activated_cb), self);

    row = add_choice (list, _("Sign-Off Walkthrough"),
                      _("Go through a visit with the customer, one recommendation at a time, "
                        "and sign once at the end"),
                      "document-edit-symbolic");
    g_object_set_data (G_OBJECT (row), "choice", (gpointer) "signoff");

    row = add_choice (list, _("Your Recommendations"),
                      _("What became of the recommendations you made, from the office"),
                      "view-list-symbolic");
    g_object_set_data (G_OBJECT (row), "choice", (gpointer) "leads");

    row = add_choice (list, _("Installer Settings"),
                      _("Office address, tokens, certificate authority, idle timeout, PIN"),
                      "emblem-system-symbolic");
    g_object_set_data (G_OBJECT (row), "choice", (gpointer) "settings");
    gtk_box_append (GTK_BOX (content), list);

    note = gtk_label_new (_("Technician mode ends by itself when the kiosk is left "
                            "untouched, as the customer’s screens do."));
    gtk_label_set_wrap (GTK_LABEL (note), TRUE);
    gtk_label_set_xalign (GTK_LABEL (note), 0);
    gtk_widget_add_css_class (note, "dim-label");
    gtk_box_append (GTK_BOX (content), note);
    adw_clamp_set_child (ADW_CLAMP (clamp), content);
  }
  gtk_stack_add_named (self->stack, home, "home");
}

/**
 * findings_technician_page_new:
 * @session: the visits and decisions, for the hosted pages
 * @settings: the app's settings
 * @lock: the technician lock, for changing the PIN
 */
GtkWidget *
findings_technician_page_new (FindingsSession        *session,
                              GSettings              *settings,
                              FindingsTechnicianLock *lock)
{
  FindingsTechnicianPage *self;

  g_return_val_if_fail (FINDINGS_IS_SESSION (session), NULL);

  self = g_object_new (FINDINGS_TYPE_TECHNICIAN_PAGE, NULL);
  self->session = g_object_ref (session);
  self->settings_page = findings_settings_page_new (settings, lock);
  gtk_stack_add_named (self->stack, self->settings_page, "settings");
  show_page (self, "home", _("Technician Mode"));

  return GTK_WIDGET (self);
}

/**
 * findings_technician_page_reset:
 *
 * Back to technician mode's first page, dropping what any page holds.
 */
void
findings_technician_page_reset (FindingsTechnicianPage *self)
{
  g_return_if_fail (FINDINGS_IS_TECHNICIAN_PAGE (self));

  home_cb (self);
}
