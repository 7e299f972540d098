/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-recommendation-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "findings-application.h"
#include "findings-decision-dialog.h"
#include "findings-format.h"
#include "findings-option-card.h"
#include "findings-photo.h"
#include "findings-photo-viewer.h"
#include "findings-recommendation-page.h"
#include "findings-ui.h"
#include "findings-visit.h"

struct _FindingsRecommendationPage
{
  GtkWidget               parent_instance;

  FindingsRecommendation *recommendation;
  GCancellable           *cancellable;

  GtkScrolledWindow      *scroller;
  GtkWidget              *safety_box;
  GtkLabel               *safety_level_label;
  GtkLabel               *safety_note_label;
  GtkLabel               *urgency_label;
  GtkLabel               *category_label;
  GtkLabel               *title_label;
  GtkLabel               *equipment_label;
  GtkLabel               *urgency_explanation_label;
  GtkLabel               *status_label;
  GtkLabel               *delivery_label;
  GtkLabel               *follow_up_label;
  GtkLabel               *follow_up_message_label;
  GtkLabel               *finding_label;
  GtkLabel               *why_label;
  GtkLabel               *deferred_label;
  GtkLabel               *note_heading;
  GtkLabel               *note_label;
  GtkFlowBox             *photo_box;
  GtkLabel               *options_heading;
  GtkFlowBox             *option_box;
  GtkWidget              *quote_box;
  GtkLabel               *validity_label;
  GtkLabel               *conditions_label;
  GtkWidget              *decision_bar;
  GtkWidget              *accept_button;
  GtkWidget              *decline_button;
  GtkWidget              *call_button;

  /* The sign-off walkthrough shows the page with its own buttons instead. */
  gboolean                hide_decisions;
};

G_DEFINE_FINAL_TYPE (FindingsRecommendationPage, findings_recommendation_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RECOMMENDATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static FindingsPhotoLoader *
get_photo_loader (void)
{
  return findings_application_get_photo_loader (FINDINGS_APPLICATION (g_application_get_default ()));
}

static void
thumbnail_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = findings_photo_loader_load_finish (FINDINGS_PHOTO_LOADER (object), result, &error);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Photo not shown: %s", error->message);
      return;
    }

  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

static void
photo_clicked_cb (GtkButton                  *button,
                  FindingsRecommendationPage *self)
{
  FindingsPhoto *photo = g_object_get_data (G_OBJECT (button), "photo");
  FindingsPhotoViewer *viewer;

  viewer = findings_photo_viewer_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                      photo);
  gtk_window_present (GTK_WINDOW (viewer));
}

static GtkWidget *
create_photo_button (FindingsRecommendationPage *self,
                     FindingsPhoto              *photo)
{
  const char *caption = findings_photo_get_caption (photo);
  GApplication *app = g_application_get_default ();
  GtkWidget *button, *box, *frame, *picture, *label;

  picture = gtk_picture_new ();
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
  gtk_widget_set_size_request (picture, 240, 180);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  caption != NULL ? caption : _("Photo"),
                                  -1);

  /* A thumbnail, not the photo's own size: the clamp holds it to a fixed width. */
  frame = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (frame), 240);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (frame), 240);
  adw_clamp_set_child (ADW_CLAMP (frame), picture);
  gtk_widget_add_css_class (picture, "thumbnail");

  label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption");
  findings_ui_set_optional_text (GTK_LABEL (label), caption);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), frame);
  gtk_box_append (GTK_BOX (box), label);

  button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "photo-button");
  gtk_widget_set_tooltip_text (button, _("Show full size"));
  /* Translators: %s is the photo's caption */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  caption != NULL ? caption : _("Photo"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Opens the photo full size"),
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "photo", g_object_ref (photo), g_object_unref);
  g_object_set_data (G_OBJECT (button), "picture", picture);
  g_signal_connect_object (button, "clicked", G_CALLBACK (photo_clicked_cb), self, 0);

  if (FINDINGS_IS_APPLICATION (app))
    findings_photo_loader_load_async (get_photo_loader (), photo, self->cancellable,
                                      thumbnail_loaded_cb, g_object_ref (picture));

  return button;
}

/* A page opened before its photos came in (the first start, a slow office) fills
 * in each thumbnail as its photo arrives, without rebuilding what has the focus. */
static void
photo_arrived_cb (FindingsRecommendationPage *self,
                  const char                 *photo_id)
{
  FindingsPhotoLoader *loader = get_photo_loader ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->photo_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      FindingsPhoto *photo = g_object_get_data (G_OBJECT (button), "photo");
      GtkPicture *picture = g_object_get_data (G_OBJECT (button), "picture");

      if (g_strcmp0 (findings_photo_get_id (photo), photo_id) == 0 &&
          gtk_picture_get_paintable (picture) == NULL)
        findings_photo_loader_load_async (loader, photo, self->cancellable, thumbnail_loaded_cb,
                                          g_object_ref (picture));
    }
}

static void
remove_all (GtkFlowBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_flow_box_remove (box, child);
}

static void
update_photos (FindingsRecommendationPage *self)
{
  GListModel *photos = findings_recommendation_get_photos (self->recommendation);
  guint n = g_list_model_get_n_items (photos);

  remove_all (self->photo_box);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FindingsPhoto) photo = g_list_model_get_item (photos, i);
      GtkWidget *button = create_photo_button (self, photo);

      gtk_flow_box_append (self->photo_box, button);
      /* The button takes the focus: the unnamed child the flow box wraps it in would
       * only be a second, silent stop for Tab. */
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->photo_box), n > 0);
}

static void
update_options (FindingsRecommendationPage *self,
                const char                 *currency)
{
  GListModel *options = findings_recommendation_get_options (self->recommendation);
  guint n = g_list_model_get_n_items (options);

  remove_all (self->option_box);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FindingsOption) option = g_list_model_get_item (options, i);
      GtkWidget *card = GTK_WIDGET (findings_option_card_new (option, currency));

      gtk_flow_box_append (self->option_box, card);
      /* The flow box wraps each card in a child that takes the focus and has no name
       * (a screen reader would say "GtkFlowBoxChild"): the card names it. */
      gtk_accessible_update_relation (GTK_ACCESSIBLE (gtk_widget_get_parent (card)),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, card, NULL,
                                      -1);
    }

  gtk_label_set_text (self->options_heading,
                      n == 1 ? _("What We Suggest") : _("Your Options"));
  gtk_flow_box_set_max_children_per_line (self->option_box, MAX (1, MIN (n, 3)));
}

static void
update_quote (FindingsRecommendationPage *self)
{
  FindingsRecommendation *rec = self->recommendation;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *validity = NULL;
  g_autofree char *conditions = NULL;
  const char *conditions_text = findings_recommendation_get_quote_conditions (rec);
  FindingsStatus status = findings_recommendation_get_status (rec);
  gboolean expired = findings_recommendation_is_quote_expired (rec, now);

  gtk_widget_set_visible (self->quote_box, findings_recommendation_get_has_quote (rec));

  validity = findings_format_quote_validity (rec, status, now);

  gtk_label_set_text (self->validity_label, validity);
  if (expired && findings_status_is_undecided (status))
    gtk_widget_add_css_class (GTK_WIDGET (self->validity_label), "expired");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->validity_label), "expired");

  if (conditions_text != NULL)
    /* Translators: %s is the quote's conditions, written by the office */
    conditions = g_strdup_printf (_("Conditions: %s"), conditions_text);
  findings_ui_set_optional_text (self->conditions_label, conditions);
}

static void
update_delivery (FindingsRecommendationPage *self)
{
  GApplication *app = g_application_get_default ();
  g_autofree char *text = NULL;
  const char *style = NULL;

  if (FINDINGS_IS_APPLICATION (app))
    {
      FindingsSession *session = findings_application_get_session (FINDINGS_APPLICATION (app));

      text = findings_ui_describe_delivery (session, self->recommendation, &style);
    }

  findings_ui_set_optional_text (self->delivery_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->delivery_label), "delivery-waiting");
  gtk_widget_remove_css_class (GTK_WIDGET (self->delivery_label), "delivery-refused");
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->delivery_label), style);
}

static void
delivery_changed_cb (FindingsRecommendationPage *self,
                     const char                 *recommendation_id)
{
  if (self->recommendation != NULL &&
      g_strcmp0 (recommendation_id, findings_recommendation_get_id (self->recommendation)) == 0)
    update_delivery (self);
}

static void
decide_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FindingsRecommendationPage *self = FINDINGS_RECOMMENDATION_PAGE (widget);
  FindingsAction action;
  FindingsDecisionDialog *dialog;

  if (self->recommendation == NULL)
    return;

  if (g_str_equal (action_name, "recommendation.accept"))
    action = FINDINGS_ACTION_ACCEPT;
  else if (g_str_equal (action_name, "recommendation.decline"))
    action = FINDINGS_ACTION_DECLINE;
  else
    action = FINDINGS_ACTION_REQUEST_CALL;

  dialog = findings_decision_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                         self->recommendation, action);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_status (FindingsRecommendationPage *self)
{
  FindingsRecommendation *rec = self->recommendation;
  FindingsFollowUp *follow_up = findings_recommendation_get_follow_up (rec);
  FindingsStatus status = findings_recommendation_get_status (rec);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *follow_up_text = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean decidable;

  if (focus != NULL && !gtk_widget_is_ancestor (focus, self->decision_bar))
    focus = NULL;

  gtk_label_set_text (self->status_label, findings_status_get_label (status));
  findings_ui_set_status_style (GTK_WIDGET (self->status_label), status);

  /* The core's rules, as the office applies them: the customer can always say no, and
   * can change their mind after declining. An expired quote keeps "Accept…": the
   * dialog explains it and offers a call instead. */
  decidable = findings_recommendation_check_decision (rec, FINDINGS_ACTION_DECLINE, now) ==
              FINDINGS_PROBLEM_NONE;
  gtk_widget_set_visible (self->decision_bar, decidable && !self->hide_decisions);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recommendation.accept", decidable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recommendation.decline",
                                 status != FINDINGS_STATUS_DECLINED && decidable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recommendation.request-call", decidable);

  /* A decision can take away the button that has the keyboard focus (all of them once
   * decided, "Decline…" once declined). The focus then moves to the new status, rather
   * than being dropped back to the top of the window. */
  if (focus != NULL && !(gtk_widget_is_visible (focus) && gtk_widget_is_sensitive (focus)))
    gtk_widget_grab_focus (GTK_WIDGET (self->status_label));

  update_delivery (self);

  if (follow_up != NULL)
    follow_up_text = findings_format_follow_up (follow_up, now);
  findings_ui_set_optional_text (self->follow_up_label, follow_up_text);
  findings_ui_set_optional_text (self->follow_up_message_label,
                                 follow_up != NULL ? findings_follow_up_get_message (follow_up) : NULL);

  if (follow_up != NULL && findings_follow_up_is_overdue (follow_up, now))
    gtk_widget_add_css_class (GTK_WIDGET (self->follow_up_label), "overdue");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->follow_up_label), "overdue");
}

static void
update (FindingsRecommendationPage *self)
{
  FindingsRecommendation *rec = self->recommendation;
  g_autoptr(FindingsVisit) visit = findings_recommendation_dup_visit (rec);
  FindingsSafetyLevel level = findings_recommendation_get_safety_level (rec);
  FindingsUrgency urgency = findings_recommendation_get_urgency (rec);
  gboolean safety = findings_recommendation_is_safety_concern (rec);
  gboolean resolved;
  const char *equipment_parts[4] = { NULL };
  g_autofree char *equipment = NULL;
  g_autofree char *level_text = NULL;
  g_autofree char *note_heading = NULL;
  guint n_parts = 0;

  /* Once the work is done the hazard is gone: keep the note, drop the alarm. */
  resolved = findings_recommendation_get_status (rec) == FINDINGS_STATUS_COMPLETED;
  gtk_widget_set_visible (self->safety_box, safety);
  findings_ui_set_safety_style (self->safety_box, resolved ? FINDINGS_SAFETY_LEVEL_NONE : level);
  if (safety)
    {
      if (resolved)
        level_text = g_strdup (_("Safety issue, now fixed"));
      else if (level == FINDINGS_SAFETY_LEVEL_NONE)
        level_text = g_strdup (_("Safety"));
      else
        level_text = g_strdup_printf (_("Safety: %s"), findings_safety_level_get_label (level));
      gtk_label_set_text (self->safety_level_label, level_text);
      findings_ui_set_optional_text (self->safety_note_label,
                                     findings_recommendation_get_safety_note (rec));
    }

  gtk_label_set_text (self->urgency_label, findings_urgency_get_label (urgency));
  findings_ui_set_urgency_style (GTK_WIDGET (self->urgency_label), urgency);
  gtk_label_set_text (self->category_label,
                      findings_category_get_label (findings_recommendation_get_category (rec)));
  gtk_label_set_text (self->title_label, findings_recommendation_get_title (rec));
  /* How soon to act only matters while there is still a decision to make. */
  findings_ui_set_optional_text (self->urgency_explanation_label,
                                 findings_status_is_undecided (findings_recommendation_get_status (rec)) ?
                                 findings_urgency_get_explanation (urgency) : NULL);

  if (findings_recommendation_get_equipment_name (rec) != NULL)
    equipment_parts[n_parts++] = findings_recommendation_get_equipment_name (rec);
  if (findings_recommendation_get_equipment_tag (rec) != NULL)
    equipment_parts[n_parts++] = findings_recommendation_get_equipment_tag (rec);
  if (findings_recommendation_get_equipment_location (rec) != NULL)
    equipment_parts[n_parts++] = findings_recommendation_get_equipment_location (rec);
  equipment = g_strjoinv (" · ", (char **) equipment_parts);
  findings_ui_set_optional_text (self->equipment_label, equipment);

  findings_ui_set_optional_text (self->finding_label, findings_recommendation_get_finding (rec));
  findings_ui_set_optional_text (self->why_label, findings_recommendation_get_why_it_matters (rec));
  findings_ui_set_optional_text (self->deferred_label,
                                 findings_recommendation_get_if_deferred (rec));
  findings_ui_set_optional_text (self->note_label,
                                 findings_recommendation_get_technician_note (rec));
  if (visit != NULL && findings_visit_get_technician_name (visit) != NULL)
    /* Translators: %s is the technician's name */
    note_heading = g_strdup_printf (_("From Your Technician, %s"),
                                    findings_visit_get_technician_name (visit));
  else
    note_heading = g_strdup (_("From Your Technician"));
  gtk_label_set_text (self->note_heading, note_heading);

  update_status (self);
  update_photos (self);
  update_options (self, visit != NULL ? findings_visit_get_currency (visit) : NULL);
  update_quote (self);
}

static void
findings_recommendation_page_dispose (GObject *object)
{
  FindingsRecommendationPage *self = FINDINGS_RECOMMENDATION_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  findings_recommendation_page_set_recommendation (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FINDINGS_TYPE_RECOMMENDATION_PAGE);
  findings_ui_remove_children (GTK_WIDGET (self));
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (findings_recommendation_page_parent_class)->dispose (object);
}

static void
findings_recommendation_page_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  FindingsRecommendationPage *self = FINDINGS_RECOMMENDATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_RECOMMENDATION:
      g_value_set_object (value, self->recommendation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_recommendation_page_set_property (GObject      *object,
                                           guint         prop_id,
                                           const GValue *value,
                                           GParamSpec   *pspec)
{
  FindingsRecommendationPage *self = FINDINGS_RECOMMENDATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_RECOMMENDATION:
      findings_recommendation_page_set_recommendation (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, FindingsRecommendationPage, name)

static void
findings_recommendation_page_class_init (FindingsRecommendationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = findings_recommendation_page_dispose;
  object_class->get_property = findings_recommendation_page_get_property;
  object_class->set_property = findings_recommendation_page_set_property;

  properties[PROP_RECOMMENDATION] =
    g_param_spec_object ("recommendation", NULL, NULL, FINDINGS_TYPE_RECOMMENDATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/findings/Findings/findings-recommendation-page.ui");
  BIND (scroller);
  BIND (safety_box);
  BIND (safety_level_label);
  BIND (safety_note_label);
  BIND (urgency_label);
  BIND (category_label);
  BIND (title_label);
  BIND (equipment_label);
  BIND (urgency_explanation_label);
  BIND (status_label);
  BIND (delivery_label);
  BIND (follow_up_label);
  BIND (follow_up_message_label);
  BIND (finding_label);
  BIND (why_label);
  BIND (deferred_label);
  BIND (note_heading);
  BIND (note_label);
  BIND (photo_box);
  BIND (options_heading);
  BIND (option_box);
  BIND (quote_box);
  BIND (validity_label);
  BIND (conditions_label);
  BIND (decision_bar);
  BIND (accept_button);
  BIND (decline_button);
  BIND (call_button);

  gtk_widget_class_install_action (widget_class, "recommendation.accept", NULL, decide_action);
  gtk_widget_class_install_action (widget_class, "recommendation.decline", NULL, decide_action);
  gtk_widget_class_install_action (widget_class, "recommendation.request-call", NULL,
                                   decide_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "recommendationpage");
}

#undef BIND

static void
findings_recommendation_page_init (FindingsRecommendationPage *self)
{
  GApplication *app = g_application_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 names a button with a mnemonic twice, by its label property with the
   * underline and by the label inside: "_Accept… Accept…". The one inside is enough. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->accept_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->decline_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->call_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);

  /* The session exists from the app's start-up, before any window. */
  if (FINDINGS_IS_APPLICATION (app))
    {
      FindingsSession *session = findings_application_get_session (FINDINGS_APPLICATION (app));

      g_signal_connect_object (session, "delivery-changed", G_CALLBACK (delivery_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "photo-arrived", G_CALLBACK (photo_arrived_cb), self,
                               G_CONNECT_SWAPPED);
    }
}

FindingsRecommendation *
findings_recommendation_page_get_recommendation (FindingsRecommendationPage *self)
{
  g_return_val_if_fail (FINDINGS_IS_RECOMMENDATION_PAGE (self), NULL);

  return self->recommendation;
}

void
findings_recommendation_page_set_recommendation (FindingsRecommendationPage *self,
                                                 FindingsRecommendation     *recommendation)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION_PAGE (self));
  g_return_if_fail (recommendation == NULL || FINDINGS_IS_RECOMMENDATION (recommendation));

  if (self->recommendation == recommendation)
    return;

  if (self->recommendation != NULL)
    g_signal_handlers_disconnect_by_func (self->recommendation, update_status, self);

  /* Photos still loading for the previous item must not land on this one. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_set_object (&self->recommendation, recommendation);

  if (recommendation != NULL)
    {
      g_signal_connect_object (recommendation, "notify::status", G_CALLBACK (update_status),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (recommendation, "notify::follow-up", G_CALLBACK (update_status),
                               self, G_CONNECT_SWAPPED);
      update (self);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECOMMENDATION]);
}

/**
 * findings_recommendation_page_set_show_decisions:
 *
 * Whether the page offers its own "Accept…", "Decline…" and "Ask for a Call…"
 * (the default). The sign-off walkthrough shows the same page with its own choices.
 */
void
findings_recommendation_page_set_show_decisions (FindingsRecommendationPage *self,
                                                 gboolean                    show)
{
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION_PAGE (self));

  self->hide_decisions = !show;
  if (self->recommendation != NULL)
    update_status (self);
  else
    gtk_widget_set_visible (self->decision_bar, show);
}
