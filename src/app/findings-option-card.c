/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-option-card"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-format.h"
#include "findings-money.h"
#include "findings-option-card.h"
#include "findings-ui.h"

/* One option of a recommendation, with every figure a customer needs to weigh it:
 * price and tax, savings and their basis, payback, net over its life. */
struct _FindingsOptionCard
{
  GtkWidget       parent_instance;

  FindingsOption *option;

  GtkLabel       *label_label;
  GtkLabel       *description_label;
  GtkLabel       *price_label;
  GtkLabel       *tax_label;
  GtkLabel       *payback_label;
  GtkLabel       *savings_label;
  GtkLabel       *basis_label;
  GtkLabel       *net_label;
  GtkLabel       *life_label;
  GtkLabel       *duration_label;
};

G_DEFINE_FINAL_TYPE (FindingsOptionCard, findings_option_card, GTK_TYPE_WIDGET)

static void
fill (FindingsOptionCard *self,
      const char         *currency)
{
  FindingsOption *option = self->option;
  gint64 price = findings_option_get_price (option);
  gboolean beyond_life = FALSE;
  g_autofree char *price_text = NULL;
  g_autofree char *payback_text = NULL;
  g_autofree char *savings_text = NULL;
  g_autofree char *basis_text = NULL;
  g_autofree char *net_text = NULL;
  g_autofree char *life_text = NULL;
  g_autofree char *duration_text = NULL;

  /* The wording is the core's, so the printed report says exactly the same. */
  price_text = price == 0 ? g_strdup (_("No charge")) : findings_money_format (price, currency);
  payback_text = findings_format_option_payback (option, currency, &net_text, &beyond_life);
  savings_text = findings_format_option_savings (option, currency, &basis_text);
  life_text = findings_format_life_years (findings_option_get_expected_life_years (option));
  duration_text = findings_format_duration_hours (findings_option_get_duration_hours (option));

  gtk_label_set_text (self->label_label, findings_option_get_label (option));
  findings_ui_set_optional_text (self->description_label,
                                 findings_option_get_description (option));
  gtk_label_set_text (self->price_label, price_text);
  findings_ui_set_optional_text (self->tax_label, findings_format_option_tax (option));
  findings_ui_set_optional_text (self->payback_label, payback_text);
  findings_ui_set_optional_text (self->savings_label, savings_text);
  findings_ui_set_optional_text (self->basis_label, basis_text);
  findings_ui_set_optional_text (self->net_label, net_text);
  findings_ui_set_optional_text (self->life_label, life_text);
  findings_ui_set_optional_text (self->duration_label, duration_text);

  if (beyond_life)
    gtk_widget_add_css_class (GTK_WIDGET (self->payback_label), "no-payback");
}

static void
findings_option_card_dispose (GObject *object)
{
  FindingsOptionCard *self = FINDINGS_OPTION_CARD (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FINDINGS_TYPE_OPTION_CARD);
  findings_ui_remove_children (GTK_WIDGET (self));
  g_clear_object (&self->option);

  G_OBJECT_CLASS (findings_option_card_parent_class)->dispose (object);
}

static void
findings_option_card_class_init (FindingsOptionCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = findings_option_card_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/findings/Findings/findings-option-card.ui");
  gtk_widget_class_bind_template_child (widget_class, FindingsOptionCard, label_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsOptionCard, description_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsOptionCard, price_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsOptionCard, tax_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsOptionCard, payback_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsOptionCard, savings_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsOptionCard, basis_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsOptionCard, net_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsOptionCard, life_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsOptionCard, duration_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "optioncard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
findings_option_card_init (FindingsOptionCard *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
}

FindingsOptionCard *
findings_option_card_new (FindingsOption *option,
                          const char     *currency)
{
  FindingsOptionCard *self;

  g_return_val_if_fail (FINDINGS_IS_OPTION (option), NULL);

  self = g_object_new (FINDINGS_TYPE_OPTION_CARD, NULL);
  self->option = g_object_ref (option);
  fill (self, currency);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  findings_option_get_label (option),
                                  -1);

  return self;
}
