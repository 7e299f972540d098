/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-visit-row"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-format.h"
#include "findings-site.h"
#include "findings-visit.h"
#include "findings-visit-row.h"
#include "findings-ui.h"

/* One row of the visits list: either a site heading or a visit of that site. Both
 * share a widget so that the list view can recycle rows freely. */
struct _FindingsVisitRow
{
  GtkWidget      parent_instance;

  GObject       *item;

  GtkWidget     *site_box;
  GtkLabel      *site_name_label;
  GtkLabel      *site_address_label;
  GtkWidget     *visit_box;
  GtkLabel      *date_label;
  GtkLabel      *technician_label;
  GtkLabel      *open_label;
  GtkWidget     *safety_flag;
};

G_DEFINE_FINAL_TYPE (FindingsVisitRow, findings_visit_row, GTK_TYPE_WIDGET)

static void
update_visit (FindingsVisitRow *self)
{
  FindingsVisit *visit = FINDINGS_VISIT (self->item);
  FindingsSite *site = findings_visit_get_site (visit);
  const char *company = findings_visit_get_company_name (visit);
  guint n_open = findings_visit_get_n_open (visit);
  gboolean safety = findings_visit_get_has_safety_concern (visit);
  g_autofree char *date = NULL;
  g_autofree char *who = NULL;
  g_autofree char *open = NULL;
  g_autofree char *description = NULL;

  date = findings_format_date (findings_visit_get_completed_at (visit),
                               findings_site_get_timezone (site));
  /* Translators: first %s is the technician, second the service company */
  who = g_strdup_printf (_("%s, %s"), findings_visit_get_technician_name (visit), company);

  if (n_open == 0)
    open = g_strdup (_("Nothing waiting for you"));
  else
    open = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item waiting for your decision",
                                         "%u items waiting for your decision", n_open),
                            n_open);

  gtk_label_set_text (self->date_label, date);
  gtk_label_set_text (self->technician_label, who);
  gtk_label_set_text (self->open_label, open);
  gtk_widget_set_visible (self->safety_flag, safety);

  description = g_strdup_printf ("%s. %s. %s.%s", date, who, open,
                                 safety ? _(" Includes a safety issue.") : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

static void
update_site (FindingsVisitRow *self)
{
  FindingsSite *site = FINDINGS_SITE (self->item);
  const char *address = findings_site_get_address (site);

  gtk_label_set_text (self->site_name_label, findings_site_get_name (site));
  gtk_label_set_text (self->site_address_label, address != NULL ? address : "");
  gtk_widget_set_visible (GTK_WIDGET (self->site_address_label), address != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, findings_site_get_name (site),
                                  -1);
}

static void
visit_changed_cb (FindingsVisitRow *self)
{
  if (FINDINGS_IS_VISIT (self->item))
    update_visit (self);
}

static void
findings_visit_row_dispose (GObject *object)
{
  FindingsVisitRow *self = FINDINGS_VISIT_ROW (object);

  findings_visit_row_set_item (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FINDINGS_TYPE_VISIT_ROW);
  findings_ui_remove_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (findings_visit_row_parent_class)->dispose (object);
}

static void
findings_visit_row_class_init (FindingsVisitRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = findings_visit_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/findings/Findings/findings-visit-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FindingsVisitRow, site_box);
  gtk_widget_class_bind_template_child (widget_class, FindingsVisitRow, site_name_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsVisitRow, site_address_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsVisitRow, visit_box);
  gtk_widget_class_bind_template_child (widget_class, FindingsVisitRow, date_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsVisitRow, technician_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsVisitRow, open_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsVisitRow, safety_flag);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "visitrow");
}

static void
findings_visit_row_init (FindingsVisitRow *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
}

FindingsVisitRow *
findings_visit_row_new (void)
{
  return g_object_new (FINDINGS_TYPE_VISIT_ROW, NULL);
}

void
findings_visit_row_set_item (FindingsVisitRow *self,
                             GObject          *item)
{
  g_return_if_fail (FINDINGS_IS_VISIT_ROW (self));
  g_return_if_fail (item == NULL || FINDINGS_IS_VISIT (item) || FINDINGS_IS_SITE (item));

  if (self->item == item)
    return;

  if (self->item != NULL)
    g_signal_handlers_disconnect_by_func (self->item, visit_changed_cb, self);
  g_set_object (&self->item, item);

  gtk_widget_set_visible (self->site_box, FINDINGS_IS_SITE (item));
  gtk_widget_set_visible (self->visit_box, FINDINGS_IS_VISIT (item));

  /* A site heading is not selectable, and GTK 4.8 will not move the focus onto an
   * item that is not: Tab would stop on the scrolled window and the arrows at the
   * first heading, leaving every visit out of reach of the keyboard. The heading row
   * itself takes the focus instead, so the arrows pass over it. */
  gtk_widget_set_focusable (GTK_WIDGET (self), FINDINGS_IS_SITE (item));

  if (FINDINGS_IS_SITE (item))
    {
      update_site (self);
    }
  else if (FINDINGS_IS_VISIT (item))
    {
      /* Open counts change when a decision is made elsewhere. */
      g_signal_connect_object (item, "notify::n-open", G_CALLBACK (visit_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (item, "notify::has-safety-concern",
                               G_CALLBACK (visit_changed_cb), self, G_CONNECT_SWAPPED);
      update_visit (self);
    }
}
