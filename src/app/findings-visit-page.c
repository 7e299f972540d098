/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-visit-page"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-recommendation.h"
#include "findings-recommendation-row.h"
#include "findings-visit-header.h"
#include "findings-visit-page.h"
#include "findings-ui.h"

/* A visit is one list: its summary first, then the recommendations, safety first and
 * then by urgency. A visit may hold thousands of items, so rows are recycled, and a
 * newly opened visit shows its first screenful at once: the list view would build
 * a couple of hundred rows before its first frame, so the rest of the items join it
 * in the frame after. */
#define FIRST_ROWS 24

struct _FindingsVisitPage
{
  GtkWidget           parent_instance;

  FindingsVisit      *visit;
  GListStore         *header_store;
  GtkSortListModel   *sorted;
  GtkSliceListModel  *slice;
  GtkNoSelection     *selection;
  guint               grow_tick;
  guint               ticks_seen;

  GtkScrolledWindow  *scroller;
  GtkListView        *list_view;
};

G_DEFINE_FINAL_TYPE (FindingsVisitPage, findings_visit_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VISIT,
  N_PROPS
};

enum {
  RECOMMENDATION_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static int
compare_recommendations_cb (gconstpointer a,
                            gconstpointer b,
                            gpointer      user_data)
{
  return findings_recommendation_compare ((FindingsRecommendation *) a,
                                          (FindingsRecommendation *) b);
}

static void
list_activate_cb (FindingsVisitPage *self,
                  guint              position)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (FINDINGS_IS_RECOMMENDATION (item))
    g_signal_emit (self, signals[RECOMMENDATION_ACTIVATED], 0, item);
}

static void
bind_item_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GObject *object = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);

  if (FINDINGS_IS_VISIT (object))
    {
      if (!FINDINGS_IS_VISIT_HEADER (child))
        {
          child = GTK_WIDGET (findings_visit_header_new ());
          gtk_list_item_set_child (item, child);
        }
      gtk_list_item_set_activatable (item, FALSE);
      findings_visit_header_set_visit (FINDINGS_VISIT_HEADER (child), FINDINGS_VISIT (object));
    }
  else
    {
      if (!FINDINGS_IS_RECOMMENDATION_ROW (child))
        {
          child = GTK_WIDGET (findings_recommendation_row_new ());
          gtk_list_item_set_child (item, child);
        }
      gtk_list_item_set_activatable (item, TRUE);
      findings_recommendation_row_set_recommendation (FINDINGS_RECOMMENDATION_ROW (child),
                                                      FINDINGS_RECOMMENDATION (object));
    }

  /* GTK 4.8 gives a list item no name (4.12 adds gtk_list_item_set_accessible_label):
   * the row names and describes it, so a screen reader says which item has the focus. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (gtk_widget_get_parent (child)),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, child, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, child, NULL,
                                  -1);
}

static void
unbind_item_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *child = gtk_list_item_get_child (item);

  if (FINDINGS_IS_VISIT_HEADER (child))
    findings_visit_header_set_visit (FINDINGS_VISIT_HEADER (child), NULL);
  else if (FINDINGS_IS_RECOMMENDATION_ROW (child))
    findings_recommendation_row_set_recommendation (FINDINGS_RECOMMENDATION_ROW (child), NULL);
}

static gboolean
grow_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  FindingsVisitPage *self = FINDINGS_VISIT_PAGE (widget);

  /* A tick comes before its frame is drawn: the second one follows the first frame. */
  if (++self->ticks_seen < 2)
    return G_SOURCE_CONTINUE;

  self->grow_tick = 0;
  gtk_slice_list_model_set_size (self->slice, G_MAXUINT);
  return G_SOURCE_REMOVE;
}

static void
schedule_growth (FindingsVisitPage *self)
{
  if (self->grow_tick != 0 || gtk_slice_list_model_get_size (self->slice) == G_MAXUINT ||
      !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  self->ticks_seen = 0;
  self->grow_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), grow_tick_cb, NULL, NULL);
}

static void
findings_visit_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (findings_visit_page_parent_class)->map (widget);
  schedule_growth (FINDINGS_VISIT_PAGE (widget));
}

static void
findings_visit_page_unmap (GtkWidget *widget)
{
  FindingsVisitPage *self = FINDINGS_VISIT_PAGE (widget);

  if (self->grow_tick != 0)
    gtk_widget_remove_tick_callback (widget, self->grow_tick);
  self->grow_tick = 0;
  GTK_WIDGET_CLASS (findings_visit_page_parent_class)->unmap (widget);
}

static void
findings_visit_page_dispose (GObject *object)
{
  FindingsVisitPage *self = FINDINGS_VISIT_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FINDINGS_TYPE_VISIT_PAGE);
  findings_ui_remove_children (GTK_WIDGET (self));
  g_clear_object (&self->selection);
  g_clear_object (&self->visit);

  G_OBJECT_CLASS (findings_visit_page_parent_class)->dispose (object);
}

static void
findings_visit_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FindingsVisitPage *self = FINDINGS_VISIT_PAGE (object);

  switch (prop_id)
    {
    case PROP_VISIT:
      g_value_set_object (value, self->visit);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_visit_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FindingsVisitPage *self = FINDINGS_VISIT_PAGE (object);

  switch (prop_id)
    {
    case PROP_VISIT:
      findings_visit_page_set_visit (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_visit_page_class_init (FindingsVisitPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = findings_visit_page_dispose;
  object_class->get_property = findings_visit_page_get_property;
  object_class->set_property = findings_visit_page_set_property;
  widget_class->map = findings_visit_page_map;
  widget_class->unmap = findings_visit_page_unmap;

  properties[PROP_VISIT] =
    g_param_spec_object ("visit", NULL, NULL, FINDINGS_TYPE_VISIT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[RECOMMENDATION_ACTIVATED] =
    g_signal_new ("recommendation-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FINDINGS_TYPE_RECOMMENDATION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/findings/Findings/findings-visit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FindingsVisitPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, FindingsVisitPage, list_view);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
findings_visit_page_init (FindingsVisitPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GListStore *sections;
  GtkCustomSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->header_store = g_list_store_new (FINDINGS_TYPE_VISIT);
  sorter = gtk_custom_sorter_new (compare_recommendations_cb, NULL, NULL);
  self->sorted = gtk_sort_list_model_new (NULL, GTK_SORTER (sorter));
  self->slice = gtk_slice_list_model_new (G_LIST_MODEL (self->sorted), 0, G_MAXUINT);

  sections = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (sections, self->header_store);
  g_list_store_append (sections, self->slice);
  g_object_unref (self->header_store);
  g_object_unref (self->slice);

  self->selection = gtk_no_selection_new (G_LIST_MODEL (gtk_flatten_list_model_new (
    G_LIST_MODEL (sections))));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_item_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
}

FindingsVisit *
findings_visit_page_get_visit (FindingsVisitPage *self)
{
  g_return_val_if_fail (FINDINGS_IS_VISIT_PAGE (self), NULL);

  return self->visit;
}

void
findings_visit_page_set_visit (FindingsVisitPage *self,
                               FindingsVisit     *visit)
{
  gboolean same_visit;

  g_return_if_fail (FINDINGS_IS_VISIT_PAGE (self));
  g_return_if_fail (visit == NULL || FINDINGS_IS_VISIT (visit));

  same_visit = self->visit != NULL && visit != NULL &&
               g_strcmp0 (findings_visit_get_id (self->visit), findings_visit_get_id (visit)) == 0;

  if (!g_set_object (&self->visit, visit))
    return;

  /* Each part changes in one step, never through an empty list: a list view whose
   * items all go away while it is scrolled loses its anchor (GTK 4.8 then warns
   * "failed to scroll") and the focus with it. */
  g_list_store_splice (self->header_store, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->header_store)),
                       (gpointer *) &visit, visit != NULL ? 1 : 0);
  if (!same_visit)
    gtk_slice_list_model_set_size (self->slice, FIRST_ROWS);
  gtk_sort_list_model_set_model (self->sorted,
                                 visit != NULL ? findings_visit_get_recommendations (visit) : NULL);
  schedule_growth (self);

  /* A newly opened visit starts at its summary; a refreshed one stays where it was. */
  if (!same_visit)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIT]);
}
