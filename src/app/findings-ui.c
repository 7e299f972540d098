/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-ui"

#include "config.h"

#include "findings-ui.h"

/* A widget that lays out its own children must unparent them before it goes. */
void
findings_ui_remove_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

/* Text from a document is always set as plain text: never markup, so a stray "&"
 * cannot blank a label and "<a href>" cannot become a link out of the kiosk. */
void
findings_ui_set_optional_text (GtkLabel   *label,
                               const char *text)
{
  gboolean has_text = text != NULL && *text != '\0';

  gtk_label_set_use_markup (label, FALSE);
  gtk_label_set_text (label, has_text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), has_text);
}

static void
set_one_class (GtkWidget           *widget,
               const char * const  *classes,
               guint                n_classes,
               guint                chosen)
{
  for (guint i = 0; i < n_classes; i++)
    {
      if (i == chosen)
        gtk_widget_add_css_class (widget, classes[i]);
      else
        gtk_widget_remove_css_class (widget, classes[i]);
    }
}

void
findings_ui_set_safety_style (GtkWidget           *widget,
                              FindingsSafetyLevel  level)
{
  static const char * const classes[] = {
    "safety-none", "safety-caution", "safety-warning", "safety-danger",
  };

  set_one_class (widget, classes, G_N_ELEMENTS (classes), level);
}

void
findings_ui_set_status_style (GtkWidget      *widget,
                              FindingsStatus  status)
{
  static const char * const classes[] = {
    "status-open", "status-accepted", "status-declined", "status-call-requested",
    "status-scheduled", "status-completed", "status-withdrawn",
  };

  set_one_class (widget, classes, G_N_ELEMENTS (classes), status);
}

void
findings_ui_set_urgency_style (GtkWidget       *widget,
                               FindingsUrgency  urgency)
{
  static const char * const classes[] = {
    "urgency-immediate", "urgency-soon", "urgency-plan", "urgency-monitor",
  };

  set_one_class (widget, classes, G_N_ELEMENTS (classes), urgency);
}
