/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-visit-header"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-format.h"
#include "findings-recommendation.h"
#include "findings-site.h"
#include "findings-visit-header.h"
#include "findings-ui.h"

struct _FindingsVisitHeader
{
  GtkWidget      parent_instance;

  FindingsVisit *visit;

  GtkLabel      *site_label;
  GtkLabel      *when_label;
  GtkLabel      *company_label;
  GtkWidget     *safety_callout;
  GtkLabel      *safety_label;
  GtkLabel      *summary_label;
  GtkLabel      *work_label;
  GtkLabel      *recommendations_label;
  GtkLabel      *recommendations_hint;
};

G_DEFINE_FINAL_TYPE (FindingsVisitHeader, findings_visit_header, GTK_TYPE_WIDGET)

static guint
count_safety_concerns (FindingsVisit *visit)
{
  GListModel *recommendations = findings_visit_get_recommendations (visit);
  guint n = g_list_model_get_n_items (recommendations);
  guint count = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FindingsRecommendation) rec = g_list_model_get_item (recommendations, i);

      if (findings_recommendation_is_safety_concern (rec) &&
          findings_status_is_undecided (findings_recommendation_get_status (rec)))
        count++;
    }

  return count;
}

static char *
join_work (const char * const *work)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; work != NULL && work[i] != NULL; i++)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: a bullet before each line of work performed */
      g_string_append_printf (text, _("• %s"), work[i]);
    }

  return g_string_free (text, FALSE);
}

static void
update (FindingsVisitHeader *self)
{
  FindingsVisit *visit = self->visit;
  FindingsSite *site = findings_visit_get_site (visit);
  GListModel *recommendations = findings_visit_get_recommendations (visit);
  guint n_recs = g_list_model_get_n_items (recommendations);
  guint n_open = findings_visit_get_n_open (visit);
  guint n_safety = count_safety_concerns (visit);
  const char *phone = findings_visit_get_company_phone (visit);
  g_autofree char *date = NULL;
  g_autofree char *when = NULL;
  g_autofree char *company = NULL;
  g_autofree char *work = NULL;
  g_autofree char *count = NULL;
  g_autofree char *hint = NULL;
  g_autofree char *safety = NULL;
  g_autofree char *label = NULL;

  date = findings_format_date (findings_visit_get_completed_at (visit),
                               findings_site_get_timezone (site));
  /* Translators: first %s is a date, second the technician's name */
  when = g_strdup_printf (_("Visit of %s by %s"), date, findings_visit_get_technician_name (visit));

  if (phone != NULL)
    /* Translators: first %s is the service company, second its phone number */
    company = g_strdup_printf (_("%s, phone %s"), findings_visit_get_company_name (visit), phone);
  else
    company = g_strdup (findings_visit_get_company_name (visit));

  gtk_label_set_text (self->site_label, findings_site_get_name (site));
  gtk_label_set_text (self->when_label, when);
  gtk_label_set_text (self->company_label, company);

  gtk_widget_set_visible (self->safety_callout, n_safety > 0);
  if (n_safety > 0)
    {
      safety = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u safety issue was found. It is listed first.",
                                             "%u safety issues were found. They are listed first.",
                                             n_safety),
                                n_safety);
      gtk_label_set_text (self->safety_label, safety);
    }

  findings_ui_set_optional_text (self->summary_label, findings_visit_get_summary (visit));
  work = join_work (findings_visit_get_work_performed (visit));
  findings_ui_set_optional_text (self->work_label, work);

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Recommendation",
                                        "%u Recommendations", n_recs),
                           n_recs);
  gtk_label_set_text (self->recommendations_label, count);

  if (n_recs == 0)
    hint = g_strdup (_("The technician had nothing to recommend this time."));
  else if (n_open == 0)
    hint = g_strdup (_("Nothing is waiting for your decision."));
  else
    hint = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u is waiting for your decision. Choose it to read "
                                         "the details, then accept, decline or ask for a call.",
                                         "%u are waiting for your decision. Choose one to read "
                                         "the details, then accept, decline or ask for a call.",
                                         n_open),
                            n_open);
  gtk_label_set_text (self->recommendations_hint, hint);

  /* What a screen reader says when the summary takes the focus: the visit, then
   * what to do next. */
  label = g_strdup_printf ("%s. %s.", findings_site_get_name (site), when);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, hint,
                                  -1);
}

static void
findings_visit_header_dispose (GObject *object)
{
  FindingsVisitHeader *self = FINDINGS_VISIT_HEADER (object);

  findings_visit_header_set_visit (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FINDINGS_TYPE_VISIT_HEADER);
  findings_ui_remove_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (findings_visit_header_parent_class)->dispose (object);
}

static void
findings_visit_header_class_init (FindingsVisitHeaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = findings_visit_header_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/findings/Findings/findings-visit-header.ui");
  gtk_widget_class_bind_template_child (widget_class, FindingsVisitHeader, site_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsVisitHeader, when_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsVisitHeader, company_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsVisitHeader, safety_callout);
  gtk_widget_class_bind_template_child (widget_class, FindingsVisitHeader, safety_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsVisitHeader, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsVisitHeader, work_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsVisitHeader, recommendations_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsVisitHeader, recommendations_hint);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "visitheader");
}

static void
findings_visit_header_init (FindingsVisitHeader *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
}

FindingsVisitHeader *
findings_visit_header_new (void)
{
  return g_object_new (FINDINGS_TYPE_VISIT_HEADER, NULL);
}

void
findings_visit_header_set_visit (FindingsVisitHeader *self,
                                 FindingsVisit       *visit)
{
  g_return_if_fail (FINDINGS_IS_VISIT_HEADER (self));

  if (self->visit == visit)
    return;

  if (self->visit != NULL)
    g_signal_handlers_disconnect_by_func (self->visit, update, self);

  g_set_object (&self->visit, visit);
  if (visit == NULL)
    return;

  g_signal_connect_object (visit, "notify::n-open", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  update (self);
}
