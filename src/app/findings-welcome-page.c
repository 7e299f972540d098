/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-welcome-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "findings-site.h"
#include "findings-ui.h"
#include "findings-visit.h"
#include "findings-welcome-page.h"

/* The kiosk's start: whose kiosk this is (the service company, the site), one large
 * way in for the customer, and a small, plain way to technician mode. The idle reset
 * comes back here. */

struct _FindingsWelcomePage
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkLabel  *company_label;
  GtkLabel  *site_label;
  GtkWidget *see_button;
  GtkLabel  *empty_label;
};

G_DEFINE_FINAL_TYPE (FindingsWelcomePage, findings_welcome_page, GTK_TYPE_WIDGET)

enum
{
  SEE_VISIT,
  TECHNICIAN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
see_clicked_cb (FindingsWelcomePage *self)
{
  g_signal_emit (self, signals[SEE_VISIT], 0);
}

static void
technician_clicked_cb (FindingsWelcomePage *self)
{
  g_signal_emit (self, signals[TECHNICIAN], 0);
}

/**
 * findings_welcome_page_set_visits:
 * @visits: the session's visits
 *
 * Names the company and the site of the newest visit: a kiosk stands at one site.
 */
void
findings_welcome_page_set_visits (FindingsWelcomePage *self,
                                  GListModel          *visits)
{
  g_autoptr(FindingsVisit) newest = NULL;
  guint n;

  g_return_if_fail (FINDINGS_IS_WELCOME_PAGE (self));
  g_return_if_fail (G_IS_LIST_MODEL (visits));

  n = g_list_model_get_n_items (visits);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FindingsVisit) visit = g_list_model_get_item (visits, i);

      if (newest == NULL || findings_visit_compare_newest_first (visit, newest, NULL) < 0)
        g_set_object (&newest, visit);
    }

  /* Names come from the office: text, never markup. */
  if (newest != NULL)
    {
      findings_ui_set_optional_text (self->company_label,
                                     findings_visit_get_company_name (newest));
      findings_ui_set_optional_text (self->site_label,
                                     findings_site_get_name (findings_visit_get_site (newest)));
    }
  else
    {
      gtk_label_set_text (self->company_label, _("Welcome"));
      findings_ui_set_optional_text (self->site_label, NULL);
    }

  gtk_widget_set_visible (self->see_button, newest != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), newest == NULL);
}

static void
findings_welcome_page_dispose (GObject *object)
{
  FindingsWelcomePage *self = FINDINGS_WELCOME_PAGE (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (findings_welcome_page_parent_class)->dispose (object);
}

static void
findings_welcome_page_class_init (FindingsWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = findings_welcome_page_dispose;

  /**
   * FindingsWelcomePage::see-visit:
   *
   * The customer wants to see their visit.
   */
  signals[SEE_VISIT] = g_signal_new ("see-visit", G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 0);
  /**
   * FindingsWelcomePage::technician:
   *
   * Someone asks for technician mode (the PIN comes next).
   */
  signals[TECHNICIAN] = g_signal_new ("technician", G_TYPE_FROM_CLASS (klass),
                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "welcomepage");
}

static void
findings_welcome_page_init (FindingsWelcomePage *self)
{
  GtkWidget *centre, *label, *technician, *content;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  centre = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_vexpand (centre, TRUE);
  gtk_widget_set_valign (centre, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (centre, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (centre, 36);
  gtk_widget_set_margin_end (centre, 36);
  gtk_box_append (GTK_BOX (self->box), centre);

  self->company_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->company_label, TRUE);
  gtk_label_set_justify (self->company_label, GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->company_label), "welcome-company");
  gtk_widget_add_css_class (GTK_WIDGET (self->company_label), "title-1");
  gtk_box_append (GTK_BOX (centre), GTK_WIDGET (self->company_label));

  self->site_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->site_label, TRUE);
  gtk_label_set_justify (self->site_label, GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->site_label), "title-2");
  gtk_widget_add_css_class (GTK_WIDGET (self->site_label), "dim-label");
  gtk_box_append (GTK_BOX (centre), GTK_WIDGET (self->site_label));

  self->see_button = gtk_button_new_with_mnemonic (_("_See Your Visit"));
  gtk_widget_add_css_class (self->see_button, "suggested-action");
  gtk_widget_add_css_class (self->see_button, "welcome-button");
  gtk_widget_set_halign (self->see_button, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (self->see_button, 24);
  g_signal_connect_swapped (self->see_button, "clicked", G_CALLBACK (see_clicked_cb), self);
  gtk_box_append (GTK_BOX (centre), self->see_button);

  label = gtk_label_new (_("What the technician found, and your choices. Nothing is "
                           "decided until you say so."));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (centre), label);

  self->empty_label = GTK_LABEL (gtk_label_new (_("After each service visit, the "
                                                  "technician’s findings appear here.")));
  gtk_label_set_wrap (self->empty_label, TRUE);
  gtk_label_set_justify (self->empty_label, GTK_JUSTIFY_CENTER);
  gtk_box_append (GTK_BOX (centre), GTK_WIDGET (self->empty_label));

  /* Plain and out of the way, but a finger's size: only the technician needs it. */
  technician = gtk_button_new ();
  content = adw_button_content_new ();
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "system-lock-screen-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("_Technician"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (technician), content);
  gtk_widget_add_css_class (technician, "flat");
  gtk_widget_add_css_class (technician, "technician-button");
  gtk_widget_set_halign (technician, GTK_ALIGN_END);
  gtk_widget_set_margin_end (technician, 12);
  gtk_widget_set_margin_bottom (technician, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (technician),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Technician Mode"),
                                  -1);
  g_signal_connect_swapped (technician, "clicked", G_CALLBACK (technician_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->box), technician);

  gtk_label_set_text (self->company_label, _("Welcome"));
  gtk_widget_set_visible (GTK_WIDGET (self->site_label), FALSE);
  gtk_widget_set_visible (self->see_button, FALSE);
}

GtkWidget *
findings_welcome_page_new (void)
{
  return g_object_new (FINDINGS_TYPE_WELCOME_PAGE, NULL);
}
