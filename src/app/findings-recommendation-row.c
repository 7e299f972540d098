/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-recommendation-row"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-format.h"
#include "findings-recommendation-row.h"
#include "findings-ui.h"

/* A compact row, built in code: a visit may hold thousands of recommendations and
 * the list builds a couple of hundred rows at once, so each is a few single-line
 * labels (the title, how urgent, the price, where it stands) and the safety strip
 * only where there is a safety concern. The full text is on the recommendation's
 * own page. */
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
  GtkLabel               *price_label;
  GtkLabel               *status_label;
};

G_DEFINE_FINAL_TYPE (FindingsRecommendationRow, findings_recommendation_row, GTK_TYPE_WIDGET)

static gboolean
shown_in_row (FindingsRecommendationRow *self,
              GtkWidget                 *widget)
{
  if (widget == NULL)
    return FALSE;

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
      const char *part;

      if (!shown_in_row (self, GTK_WIDGET (parts[i])))
        continue;
      part = gtk_label_get_text (parts[i]);
      if (*part == '\0')
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

static GtkLabel *
new_label (const char *css_class,
           gboolean    single_line)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (single_line)
    {
      gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    }
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return GTK_LABEL (label);
}

/* The strip above the card, made the first time the row shows a safety concern. */
static void
ensure_safety_box (FindingsRecommendationRow *self)
{
  GtkWidget *icon;
  GtkWidget *texts;

  if (self->safety_box != NULL)
    return;

  self->safety_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->safety_box, "safety-strip");

  icon = g_object_new (GTK_TYPE_IMAGE,
                       "icon-name", "dialog-warning-symbolic",
                       "pixel-size", 20,
                       "valign", GTK_ALIGN_START,
                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                       NULL);
  gtk_box_append (GTK_BOX (self->safety_box), icon);

  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (texts, TRUE);
  self->safety_level_label = new_label ("heading", FALSE);
  /* A safety note is never hidden behind a tap: it keeps its whole text. */
  self->safety_note_label = new_label (NULL, FALSE);
  gtk_label_set_wrap (self->safety_note_label, TRUE);
  gtk_label_set_wrap_mode (self->safety_note_label, PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (self->safety_level_label));
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (self->safety_note_label));
  gtk_box_append (GTK_BOX (self->safety_box), texts);

  gtk_widget_insert_after (self->safety_box, GTK_WIDGET (self), NULL);
}

static void
update (FindingsRecommendationRow *self)
{
  FindingsRecommendation *rec = self->recommendation;
  FindingsSafetyLevel level = findings_recommendation_get_safety_level (rec);
  gboolean safety = findings_recommendation_is_safety_concern (rec);
  gboolean resolved = findings_recommendation_get_status (rec) == FINDINGS_STATUS_COMPLETED;
  g_autofree char *price = findings_format_price_summary (rec);
  g_autofree char *level_text = NULL;

  /* A safety note is never hidden behind a tap: it shows in the list itself. */
  if (safety)
    ensure_safety_box (self);
  if (self->safety_box != NULL)
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
  /* The title is on one line; the whole of it is on the page, and said by a reader. */
  gtk_label_set_text (self->title_label, findings_recommendation_get_title (rec));
  findings_ui_set_optional_text (self->price_label, price);
  update_status (self);
}

static void
findings_recommendation_row_dispose (GObject *object)
{
  FindingsRecommendationRow *self = FINDINGS_RECOMMENDATION_ROW (object);

  findings_recommendation_row_set_recommendation (self, NULL);
  findings_ui_remove_children (GTK_WIDGET (self));
  self->safety_box = NULL;

  G_OBJECT_CLASS (findings_recommendation_row_parent_class)->dispose (object);
}

static void
findings_recommendation_row_class_init (FindingsRecommendationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = findings_recommendation_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "recommendationrow");
}

static void
findings_recommendation_row_init (FindingsRecommendationRow *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *facts = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *chevron = g_object_new (GTK_TYPE_IMAGE,
                                     "icon-name", "go-next-symbolic",
                                     "valign", GTK_ALIGN_CENTER,
                                     "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                     NULL);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");

  gtk_widget_add_css_class (body, "recommendation-body");
  gtk_widget_set_hexpand (texts, TRUE);

  /* The title on one line; the whole of it is on the page, and said by a reader. */
  self->title_label = new_label ("title-4", TRUE);
  gtk_box_append (GTK_BOX (texts), GTK_WIDGET (self->title_label));

  self->urgency_label = new_label ("pill", FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->urgency_label), "urgency");
  self->category_label = new_label ("pill", FALSE);
  self->price_label = new_label ("heading", TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->price_label), TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (self->price_label), 6);
  /* At the end of the line even when there is no price. */
  self->status_label = new_label ("status", FALSE);
  gtk_label_set_xalign (self->status_label, 1);
  gtk_widget_set_hexpand (GTK_WIDGET (self->status_label), TRUE);
  gtk_box_append (GTK_BOX (facts), GTK_WIDGET (self->urgency_label));
  gtk_box_append (GTK_BOX (facts), GTK_WIDGET (self->category_label));
  gtk_box_append (GTK_BOX (facts), GTK_WIDGET (self->price_label));
  gtk_box_append (GTK_BOX (facts), GTK_WIDGET (self->status_label));
  gtk_box_append (GTK_BOX (texts), facts);


  gtk_box_append (GTK_BOX (body), texts);
  gtk_box_append (GTK_BOX (body), chevron);
  gtk_widget_set_parent (body, GTK_WIDGET (self));
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
