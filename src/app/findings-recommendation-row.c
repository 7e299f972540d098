/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-recommendation-row"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-format.h"
#include "findings-recommendation-row.h"
#include "findings-ui.h"

struct _FindingsRecommendationRow
{
  GtkWidget               parent_instance;

  FindingsRecommendation *recommendation;

  GtkWidget              *safety_box;
  GtkLabel               *safety_level_label;
  GtkLabel               *safety_note_label;
  GtkLabel               *urgency_label;
  GtkLabel               *category_label;
  GtkLabel               *title_label;
  GtkLabel               *equipment_label;
  GtkLabel               *finding_label;
  GtkLabel               *price_label;
  GtkLabel               *status_label;
};

G_DEFINE_FINAL_TYPE (FindingsRecommendationRow, findings_recommendation_row, GTK_TYPE_WIDGET)

static char *
describe_equipment (FindingsRecommendation *rec)
{
  const char *name = findings_recommendation_get_equipment_name (rec);
  const char *tag = findings_recommendation_get_equipment_tag (rec);
  const char *location = findings_recommendation_get_equipment_location (rec);
  GString *text = g_string_new (NULL);

  if (name != NULL)
    g_string_append (text, name);
  if (tag != NULL && g_strcmp0 (tag, name) != 0)
    g_string_append_printf (text, name != NULL ? " (%s)" : "%s", tag);
  if (location != NULL)
    {
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, location);
    }

  return g_string_free (text, text->len == 0);
}

static gboolean
shown_in_row (FindingsRecommendationRow *self,
              GtkWidget                 *widget)
{
  for (; widget != NULL && widget != GTK_WIDGET (self); widget = gtk_widget_get_parent (widget))
    if (!gtk_widget_get_visible (widget))
      return FALSE;

  return TRUE;
}

/* What a screen reader says for the row: everything the card shows at a glance, the
 * safety note first as on screen, not only the title. */
static void
update_accessible (FindingsRecommendationRow *self)
{
  GtkLabel *parts[] = {
    self->safety_level_label, self->safety_note_label, self->title_label,
    self->urgency_label, self->price_label, self->status_label,
  };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      const char *part = gtk_label_get_text (parts[i]);

      if (!shown_in_row (self, GTK_WIDGET (parts[i])) || *part == '\0')
        continue;
      /* Sentences from the document bring their own full stop. */
      if (text->len > 0)
        g_string_append (text, text->str[text->len - 1] == '.' ? " " : ". ");
      g_string_append (text, part);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text->str,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  findings_recommendation_get_finding (self->recommendation),
                                  -1);
  g_string_free (text, TRUE);
}

static void
update_status (FindingsRecommendationRow *self)
{
  FindingsStatus status = findings_recommendation_get_status (self->recommendation);

  gtk_label_set_text (self->status_label, findings_status_get_label (status));
  findings_ui_set_status_style (GTK_WIDGET (self->status_label), status);
  update_accessible (self);
}

static void
update (FindingsRecommendationRow *self)
{
  FindingsRecommendation *rec = self->recommendation;
  FindingsSafetyLevel level = findings_recommendation_get_safety_level (rec);
  gboolean safety = findings_recommendation_is_safety_concern (rec);
  gboolean resolved = findings_recommendation_get_status (rec) == FINDINGS_STATUS_COMPLETED;
  g_autofree char *equipment = describe_equipment (rec);
  g_autofree char *price = findings_format_price_summary (rec);
  g_autofree char *level_text = NULL;

  /* A safety note is never hidden behind a tap: it shows in the list itself. */
  gtk_widget_set_visible (self->safety_box, safety);
  findings_ui_set_safety_style (GTK_WIDGET (self),
                                safety && !resolved ? level : FINDINGS_SAFETY_LEVEL_NONE);
  if (safety)
    {
      if (resolved)
        level_text = g_strdup (_("Safety issue, now fixed"));
      else if (level == FINDINGS_SAFETY_LEVEL_NONE)
        level_text = g_strdup (_("Safety"));
      else
        /* Translators: %s is a safety level such as "Danger" */
        level_text = g_strdup_printf (_("Safety: %s"), findings_safety_level_get_label (level));
      gtk_label_set_text (self->safety_level_label, level_text);
      findings_ui_set_optional_text (self->safety_note_label,
                                     findings_recommendation_get_safety_note (rec));
    }

  gtk_label_set_text (self->urgency_label,
                      findings_urgency_get_label (findings_recommendation_get_urgency (rec)));
  findings_ui_set_urgency_style (GTK_WIDGET (self->urgency_label),
                                 findings_recommendation_get_urgency (rec));
  gtk_label_set_text (self->category_label,
                      findings_category_get_label (findings_recommendation_get_category (rec)));
  gtk_label_set_text (self->title_label, findings_recommendation_get_title (rec));
  findings_ui_set_optional_text (self->equipment_label, equipment);
  findings_ui_set_optional_text (self->finding_label, findings_recommendation_get_finding (rec));
  findings_ui_set_optional_text (self->price_label, price);
  update_status (self);
}

static void
findings_recommendation_row_dispose (GObject *object)
{
  FindingsRecommendationRow *self = FINDINGS_RECOMMENDATION_ROW (object);

  findings_recommendation_row_set_recommendation (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FINDINGS_TYPE_RECOMMENDATION_ROW);
  findings_ui_remove_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (findings_recommendation_row_parent_class)->dispose (object);
}

static void
findings_recommendation_row_class_init (FindingsRecommendationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = findings_recommendation_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/findings/Findings/findings-recommendation-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FindingsRecommendationRow, safety_box);
  gtk_widget_class_bind_template_child (widget_class, FindingsRecommendationRow, safety_level_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsRecommendationRow, safety_note_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsRecommendationRow, urgency_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsRecommendationRow, category_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsRecommendationRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsRecommendationRow, equipment_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsRecommendationRow, finding_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsRecommendationRow, price_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsRecommendationRow, status_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "recommendationrow");
}

static void
findings_recommendation_row_init (FindingsRecommendationRow *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
}

FindingsRecommendationRow *
findings_recommendation_row_new (void)
{
  return g_object_new (FINDINGS_TYPE_RECOMMENDATION_ROW, NULL);
}

void
findings_recommendation_row_set_recommendation (FindingsRecommendationRow *self,
                                                FindingsRecommendation    *recommendation)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION_ROW (self));

  if (self->recommendation == recommendation)
    return;

  if (self->recommendation != NULL)
    g_signal_handlers_disconnect_by_func (self->recommendation, update_status, self);

  g_set_object (&self->recommendation, recommendation);
  if (recommendation == NULL)
    return;

  g_signal_connect_object (recommendation, "notify::status", G_CALLBACK (update_status), self,
                           G_CONNECT_SWAPPED);
  update (self);
}
