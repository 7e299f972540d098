/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-ui"

#include "config.h"

#include <glib/gi18n.h>

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

static char *
describe_refusal (const char *type)
{
  FindingsProblem problem = findings_problem_from_type (type);

  /* A refusal is explained in plain words, with what the customer can do next. */
  if (problem == FINDINGS_PROBLEM_QUOTE_EXPIRED)
    return g_strdup (_("The office could not accept this because the quote had expired. Ask "
                       "for a call and they will give you a fresh price."));
  if (problem == FINDINGS_PROBLEM_ALREADY_ACCEPTED)
    return g_strdup (_("The office already has this work accepted, so nothing more was "
                       "needed."));
  if (problem == FINDINGS_PROBLEM_WITHDRAWN)
    return g_strdup (_("The office has withdrawn this recommendation, so it can no longer be "
                       "decided here. Call them if you have questions."));

  return g_strdup (_("The office could not take this decision. Please call them so nothing "
                     "is missed."));
}

/**
 * findings_ui_describe_delivery:
 * @style: (out): the label's style class (`delivery-waiting`, `delivery-refused`), or
 *   %NULL
 *
 * Returns: (transfer full) (nullable): where the latest decision on @recommendation
 *   stands, in the customer's words; %NULL when nothing was decided here
 */
char *
findings_ui_describe_delivery (FindingsSession         *session,
                               FindingsRecommendation  *recommendation,
                               const char             **style)
{
  g_autofree char *problem_type = NULL;
  FindingsDelivery delivery;

  g_return_val_if_fail (FINDINGS_IS_SESSION (session), NULL);
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION (recommendation), NULL);

  *style = NULL;
  delivery = findings_session_get_delivery (session,
                                            findings_recommendation_get_id (recommendation),
                                            &problem_type, NULL, NULL);
  switch (delivery)
    {
    case FINDINGS_DELIVERY_NONE:
      return NULL;

    case FINDINGS_DELIVERY_SAVED:
      *style = "delivery-waiting";
      return g_strdup (_("Saved on this device. It will be sent once this device is "
                         "connected to the office."));

    case FINDINGS_DELIVERY_WAITING_FOR_NETWORK:
      *style = "delivery-waiting";
      return g_strdup (_("Saved on this device. It will be sent when the network is back."));

    case FINDINGS_DELIVERY_SENDING:
      *style = "delivery-waiting";
      return g_strdup (_("Saved on this device and being sent to the office."));

    case FINDINGS_DELIVERY_SENT:
      return g_strdup (_("The office has received your decision."));

    case FINDINGS_DELIVERY_REFUSED:
      *style = "delivery-refused";
      return describe_refusal (problem_type);

    default:
      g_return_val_if_reached (NULL);
    }
}
