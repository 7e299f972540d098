/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-window"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-pin-pad.h"
#include "findings-recommendation.h"
#include "findings-recommendation-page.h"
#include "findings-site.h"
#include "findings-technician-lock.h"
#include "findings-technician-page.h"
#include "findings-visit.h"
#include "findings-visit-page.h"
#include "findings-ui.h"
#include "findings-visit-row.h"
#include "findings-welcome-page.h"
#include "findings-window.h"

struct _FindingsWindow
{
  AdwApplicationWindow        parent_instance;

  /* Template widgets */
  AdwToastOverlay            *toast_overlay;
  GtkStack                   *main_stack;
  AdwStatusPage              *empty_page;
  GtkLabel                   *empty_status_label;
  GtkSpinner                 *loading_spinner;
  AdwLeaflet                 *leaflet;
  GtkWidget                  *sidebar;
  GtkWidget                  *content;
  GtkListView                *visit_list;
  GtkMenuButton              *menu_button;
  AdwHeaderBar               *empty_header;
  AdwHeaderBar               *sidebar_header;
  AdwHeaderBar               *content_header;
  GtkLabel                   *sync_status_label;
  GtkButton                  *back_button;
  AdwWindowTitle             *content_title;
  GtkStack                   *content_stack;
  FindingsVisitPage          *visit_page;
  FindingsRecommendationPage *recommendation_page;

  GSettings                  *settings;
  guint                       idle_source;

  /* Kiosk only: the start, the PIN and technician mode, over the visits. */
  gboolean                    kiosk;
  FindingsTechnicianLock     *lock;
  GtkWidget                  *welcome_page;
  GtkWidget                  *pin_pad;
  GtkWidget                  *technician_page;
  /* "welcome", "pin", "technician", or NULL for the visits. */
  const char                 *kiosk_page;

  /* Visits sorted by site, newest first, with a site header before each group. */
  GListStore                 *sidebar_items;
  GtkSingleSelection         *selection;
};

G_DEFINE_FINAL_TYPE (FindingsWindow, findings_window, ADW_TYPE_APPLICATION_WINDOW)

static FindingsSession *
get_session (FindingsWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return findings_application_get_session (FINDINGS_APPLICATION (app));
}

static gboolean
same_site (FindingsVisit *a,
           FindingsVisit *b)
{
  return g_strcmp0 (findings_site_get_id (findings_visit_get_site (a)),
                    findings_site_get_id (findings_visit_get_site (b))) == 0;
}

static int
compare_visits (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  return findings_visit_compare_newest_first (*(gpointer const *) a, *(gpointer const *) b, NULL);
}

static void
rebuild_sidebar (FindingsWindow *self,
                 GListModel     *visits)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (visits);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (sorted, g_list_model_get_item (visits, i));

  g_ptr_array_sort_with_data (sorted, compare_visits, NULL);

  for (guint i = 0; i < sorted->len; i++)
    {
      FindingsVisit *visit = g_ptr_array_index (sorted, i);

      if (i == 0 || !same_site (visit, g_ptr_array_index (sorted, i - 1)))
        g_ptr_array_add (items, findings_visit_get_site (visit));
      g_ptr_array_add (items, visit);
    }

  g_list_store_splice (self->sidebar_items, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->sidebar_items)),
                       items->pdata, items->len);
}

static void
update_main_page (FindingsWindow *self)
{
  FindingsSession *session = get_session (self);
  GListModel *visits = findings_session_get_visits (session);
  const char *page;

  if (findings_session_get_loading (session))
    page = "loading";
  else if (g_list_model_get_n_items (visits) == 0)
    page = "empty";
  else
    page = "browse";

  /* Once the cache is read the app knows whether an office is set up at all. */
  if (g_str_equal (page, "empty"))
    adw_status_page_set_description (self->empty_page,
                                     findings_session_has_office (session) ?
                                     _("After each service visit, the technician’s findings "
                                       "appear here.") :
                                     _("This device is not connected to a service office yet. "
                                       "Ask your installer to connect it, or start it with "
                                       "“findings --demo” to look around."));

  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (page, "loading"));
  if (self->kiosk_page != NULL)
    page = self->kiosk_page;
  gtk_stack_set_visible_child_name (self->main_stack, page);
}

/* The kiosk's own screens. Each leaves nothing of the one before on screen. */
static void
show_kiosk_page (FindingsWindow *self,
                 const char     *page)
{
  if (!self->kiosk)
    return;

  /* Coming to the pad, it reads the lock afresh: a PIN set meanwhile, a wait over. */
  findings_pin_pad_reset (FINDINGS_PIN_PAD (self->pin_pad));
  if (g_strcmp0 (page, "technician") != 0)
    findings_technician_page_reset (FINDINGS_TECHNICIAN_PAGE (self->technician_page));

  self->kiosk_page = page;
  update_main_page (self);

  if (g_strcmp0 (page, "pin") == 0)
    gtk_widget_grab_focus (self->pin_pad);
}

/* The kiosk test under cage watches for this line: the welcome screen is on screen. */
static void
welcome_mapped_cb (FindingsWindow *self)
{
  g_debug ("Showing the welcome screen");
}

static void
update_navigation (FindingsWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->content_stack);
  gboolean in_recommendation = g_strcmp0 (page, "recommendation") == 0;
  gboolean can_go_back = in_recommendation || adw_leaflet_get_folded (self->leaflet);

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), can_go_back);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", can_go_back);
}

static void
show_problems_cb (FindingsWindow *self)
{
  const char * const *problems = findings_session_get_problems (get_session (self));
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (problems == NULL || problems[0] == NULL)
    return;

  body = g_strjoinv ("\n\n", (char **) problems);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                        _("Some Visits Could Not Be Shown"),
                                                        NULL));
  /* The reasons come from documents: show them as text, never as markup. */
  adw_message_dialog_set_body (dialog, body);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
problems_changed_cb (FindingsWindow *self)
{
  const char * const *problems = findings_session_get_problems (get_session (self));
  guint n = problems != NULL ? g_strv_length ((char **) problems) : 0;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (n == 0)
    return;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u visit could not be shown",
                                        "%u visits could not be shown", n),
                           n);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Details"));
  adw_toast_set_timeout (toast, 0);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (show_problems_cb), self,
                           G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
sync_status_changed_cb (FindingsWindow *self)
{
  FindingsSession *session = get_session (self);
  const char *status = findings_session_get_sync_status (session);

  findings_ui_set_optional_text (self->sync_status_label, status);
  /* With no office at all, the page itself says so and what to do. */
  findings_ui_set_optional_text (self->empty_status_label,
                                 findings_session_has_office (session) ? status : NULL);
  update_main_page (self);
}

/* The visit's page, title and place in the sidebar, without moving to it. */
static void
fill_visit (FindingsWindow *self,
            FindingsVisit  *visit)
{
  FindingsSite *site = findings_visit_get_site (visit);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sidebar_items));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->sidebar_items), i);

      if (item == (GObject *) visit)
        gtk_single_selection_set_selected (self->selection, i);
    }

  findings_visit_page_set_visit (self->visit_page, visit);
  adw_window_title_set_title (self->content_title, findings_site_get_name (site));
  adw_window_title_set_subtitle (self->content_title, findings_visit_get_technician_name (visit));
}

/* A visit updated by the office replaces the old object: keep showing the same
 * visit and recommendation, now from the new one. */
static void
reshow_current (FindingsWindow *self,
                GListModel     *visits)
{
  FindingsVisit *shown = findings_visit_page_get_visit (self->visit_page);
  FindingsRecommendation *rec = findings_recommendation_page_get_recommendation (
    self->recommendation_page);
  g_autofree char *visit_id = NULL;
  g_autofree char *rec_id = NULL;
  gboolean on_recommendation;

  if (shown == NULL)
    return;

  visit_id = g_strdup (findings_visit_get_id (shown));
  rec_id = rec != NULL ? g_strdup (findings_recommendation_get_id (rec)) : NULL;
  on_recommendation = g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack),
                                 "recommendation") == 0;

  for (guint i = 0; i < g_list_model_get_n_items (visits); i++)
    {
      g_autoptr(FindingsVisit) visit = g_list_model_get_item (visits, i);
      FindingsRecommendation *new_rec;

      if (visit == shown || g_strcmp0 (findings_visit_get_id (visit), visit_id) != 0)
        continue;

      new_rec = rec_id != NULL ? findings_visit_find_recommendation (visit, rec_id) : NULL;
      if (on_recommendation && new_rec == NULL)
        {
          /* The item is gone from the visit: show the visit. */
          findings_window_show_visit (self, visit);
          return;
        }

      /* Refresh in place. Going through the visit page, as opening a visit does, would
       * move the keyboard focus away from where the customer is, just when the office
       * answers the decision they made. */
      fill_visit (self, visit);
      if (new_rec != NULL)
        findings_recommendation_page_set_recommendation (self->recommendation_page, new_rec);
      return;
    }
}

static void
visits_changed_cb (FindingsWindow *self,
                   guint           position,
                   guint           removed,
                   guint           added,
                   GListModel     *visits)
{
  rebuild_sidebar (self, visits);
  if (self->welcome_page != NULL)
    findings_welcome_page_set_visits (FINDINGS_WELCOME_PAGE (self->welcome_page), visits);
  update_main_page (self);
  reshow_current (self, visits);
}

void
findings_window_show_visit (FindingsWindow *self,
                            FindingsVisit  *visit)
{
  g_return_if_fail (FINDINGS_IS_WINDOW (self));
  g_return_if_fail (FINDINGS_IS_VISIT (visit));

  fill_visit (self, visit);
  gtk_stack_set_visible_child_name (self->content_stack, "visit");
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  if (self->kiosk_page != NULL)
    show_kiosk_page (self, NULL);
}

static void
visit_list_activate_cb (FindingsWindow *self,
                        guint           position)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (FINDINGS_IS_VISIT (item))
    findings_window_show_visit (self, FINDINGS_VISIT (item));
}

void
findings_window_show_recommendation (FindingsWindow         *self,
                                     FindingsRecommendation *recommendation)
{
  g_return_if_fail (FINDINGS_IS_WINDOW (self));
  g_return_if_fail (FINDINGS_IS_RECOMMENDATION (recommendation));

  findings_recommendation_page_set_recommendation (self->recommendation_page, recommendation);
  gtk_stack_set_visible_child_name (self->content_stack, "recommendation");
}

static void
recommendation_activated_cb (FindingsWindow         *self,
                             FindingsRecommendation *recommendation)
{
  findings_window_show_recommendation (self, recommendation);
}

static void
content_changed_cb (FindingsWindow *self)
{
  update_navigation (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FindingsWindow *self = FINDINGS_WINDOW (widget);
  const char *page = gtk_stack_get_visible_child_name (self->content_stack);

  if (g_strcmp0 (page, "recommendation") == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "visit");
  else if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
return_to_start (FindingsWindow *self)
{
  GtkWidget *scroller;

  findings_recommendation_page_set_recommendation (self->recommendation_page, NULL);
  findings_visit_page_set_visit (self->visit_page, NULL);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_stack_set_visible_child_name (self->content_stack, "none");
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  scroller = gtk_widget_get_ancestor (GTK_WIDGET (self->visit_list), GTK_TYPE_SCROLLED_WINDOW);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)),
                            0);
  show_kiosk_page (self, "welcome");
}

/* A public kiosk forgets: after a while untouched, every dialog closes (nothing in
 * them was stored yet) and the screen returns to the start for the next person. */
static gboolean
idle_timeout_cb (gpointer user_data)
{
  FindingsWindow *self = user_data;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  self->idle_source = 0;

  for (GList *l = windows; l != NULL; l = l->next)
    if (l->data != (gpointer) self)
      gtk_window_destroy (GTK_WINDOW (l->data));
  g_list_free (windows);

  return_to_start (self);

  return G_SOURCE_REMOVE;
}

static void
restart_idle_timer (FindingsWindow *self)
{
  guint seconds;

  if (self->settings == NULL)
    return;

  g_clear_handle_id (&self->idle_source, g_source_remove);
  seconds = g_settings_get_uint (self->settings, "idle-timeout");
  self->idle_source = g_timeout_add_seconds (seconds, idle_timeout_cb, self);
}

static gboolean
activity_cb (GtkEventControllerLegacy *controller,
             GdkEvent                 *event,
             FindingsWindow           *self)
{
  restart_idle_timer (self);
  return GDK_EVENT_PROPAGATE;
}

static void
see_visit_cb (FindingsWindow *self)
{
  show_kiosk_page (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->visit_list));
}

static void
technician_cb (FindingsWindow *self)
{
  show_kiosk_page (self, "pin");
}

static void
unlocked_cb (FindingsWindow *self)
{
  show_kiosk_page (self, "technician");
}

static void
start_over_cb (FindingsWindow *self)
{
  return_to_start (self);
}

/* A kiosk is not closed: not by a close button (there is none), not by the compositor
 * (xdg_toplevel.close, a window manager's Alt+F4), not by a keyboard shortcut. */
static gboolean
close_request_cb (FindingsWindow *self)
{
  if (!self->kiosk)
    return FALSE;

  g_debug ("Refusing a request to close the kiosk");
  return TRUE;
}

/* Nor made small or left windowed. */
static void
fullscreened_cb (FindingsWindow *self)
{
  if (self->kiosk && !gtk_window_is_fullscreen (GTK_WINDOW (self)))
    gtk_window_fullscreen (GTK_WINDOW (self));
}

static void
surface_state_cb (GdkToplevel    *toplevel,
                  GParamSpec     *pspec,
                  FindingsWindow *self)
{
  if ((gdk_toplevel_get_state (toplevel) & GDK_TOPLEVEL_STATE_MINIMIZED) != 0)
    {
      g_debug ("Coming back from being minimised");
      gtk_window_present (GTK_WINDOW (self));
    }
}

static void
realize_cb (FindingsWindow *self)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (self));

  if (GDK_IS_TOPLEVEL (surface))
    g_signal_connect_object (surface, "notify::state", G_CALLBACK (surface_state_cb), self, 0);
}

/* No window buttons in any header bar: none would be deletable anyway, but a
 * minimise button still shows, and some header bars bind their buttons to the
 * leaflet's folding. An empty layout leaves nothing to show. */
static void
remove_window_buttons (GtkWidget *widget)
{
  if (ADW_IS_HEADER_BAR (widget))
    {
      adw_header_bar_set_decoration_layout (ADW_HEADER_BAR (widget), ":");
      adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (widget), FALSE);
      adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (widget), FALSE);
    }
  else if (GTK_IS_HEADER_BAR (widget))
    {
      gtk_header_bar_set_decoration_layout (GTK_HEADER_BAR (widget), ":");
      gtk_header_bar_set_show_title_buttons (GTK_HEADER_BAR (widget), FALSE);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    remove_window_buttons (child);
}

static GtkWidget *
new_start_over_button (FindingsWindow *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("go-home-symbolic");

  gtk_widget_set_tooltip_text (button, _("Start Over"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Start Over"),
                                  -1);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (start_over_cb), self);

  return button;
}

static void
add_stack_page (FindingsWindow *self,
                GtkWidget      *child,
                const char     *name)
{
  gtk_stack_add_named (self->main_stack, child, name);
}

static void
setup_kiosk (FindingsWindow  *self,
             FindingsSession *session)
{
  GtkSettings *gtk_settings = gtk_widget_get_settings (GTK_WIDGET (self));

  self->kiosk = TRUE;
  self->lock = findings_technician_lock_new ();

  self->welcome_page = findings_welcome_page_new ();
  g_signal_connect_object (self->welcome_page, "see-visit", G_CALLBACK (see_visit_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->welcome_page, "technician", G_CALLBACK (technician_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->welcome_page, "map", G_CALLBACK (welcome_mapped_cb), self,
                           G_CONNECT_SWAPPED);
  add_stack_page (self, self->welcome_page, "welcome");

  self->pin_pad = findings_pin_pad_new (self->lock);
  g_signal_connect_object (self->pin_pad, "unlocked", G_CALLBACK (unlocked_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pin_pad, "cancelled", G_CALLBACK (start_over_cb), self,
                           G_CONNECT_SWAPPED);
  add_stack_page (self, self->pin_pad, "pin");

  self->technician_page = findings_technician_page_new (session, self->settings, self->lock);
  g_signal_connect_object (self->technician_page, "leave", G_CALLBACK (start_over_cb), self,
                           G_CONNECT_SWAPPED);
  add_stack_page (self, self->technician_page, "technician");

  adw_header_bar_pack_start (self->sidebar_header, new_start_over_button (self));
  adw_header_bar_pack_start (self->empty_header, new_start_over_button (self));
  adw_header_bar_pack_end (self->content_header, new_start_over_button (self));

  /* Lockdown: no button, shortcut or compositor request takes the kiosk away. */
  gtk_window_set_deletable (GTK_WINDOW (self), FALSE);
  gtk_window_set_decorated (GTK_WINDOW (self), FALSE);
  g_object_set (gtk_settings, "gtk-decoration-layout", ":", NULL);
  remove_window_buttons (GTK_WIDGET (self));
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
  g_signal_connect (self, "notify::fullscreened", G_CALLBACK (fullscreened_cb), NULL);
  g_signal_connect (self, "realize", G_CALLBACK (realize_cb), NULL);

  findings_welcome_page_set_visits (FINDINGS_WELCOME_PAGE (self->welcome_page),
                                    findings_session_get_visits (session));
  show_kiosk_page (self, "welcome");
}

static void
setup_sidebar_item_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  user_data)
{
  gtk_list_item_set_child (item, GTK_WIDGET (findings_visit_row_new ()));
}

static void
bind_sidebar_item_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  FindingsVisitRow *row = FINDINGS_VISIT_ROW (gtk_list_item_get_child (item));
  GObject *object = gtk_list_item_get_item (item);
  gboolean is_visit = FINDINGS_IS_VISIT (object);

  /* Site headers group the visits; only visits can be opened. */
  gtk_list_item_set_activatable (item, is_visit);
  gtk_list_item_set_selectable (item, is_visit);
  findings_visit_row_set_item (row, object);

  /* GTK 4.8 gives a list item no name (4.12 adds gtk_list_item_set_accessible_label):
   * the row names it, so a screen reader says which visit has the focus. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (row))),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL,
                                  -1);
}

static void
unbind_sidebar_item_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        gpointer                  user_data)
{
  findings_visit_row_set_item (FINDINGS_VISIT_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
add_activity_watch (GtkWindow      *window,
                    FindingsWindow *self)
{
  GtkEventController *controller = gtk_event_controller_legacy_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "event", G_CALLBACK (activity_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 FindingsWindow *self)
{
  /* Touches in dialogs count as activity too. */
  if (self->settings != NULL && window != GTK_WINDOW (self))
    add_activity_watch (window, self);

  /* A dialog is no way out either: it closes with its own buttons only. */
  if (self->kiosk && window != GTK_WINDOW (self))
    {
      gtk_window_set_deletable (window, FALSE);
      remove_window_buttons (GTK_WIDGET (window));
    }
}

/* "application" is not a construct property, so this runs once it is set. */
static void
setup_for_application (FindingsWindow      *self,
                       FindingsApplication *app)
{
  FindingsSession *session = findings_application_get_session (app);
  GListModel *visits = findings_session_get_visits (session);

  if (findings_application_get_kiosk (app))
    {
      self->settings = g_settings_new (APP_ID);
      /* An installer's new timeout counts from now, not from the next touch. */
      g_signal_connect_object (self->settings, "changed::idle-timeout",
                               G_CALLBACK (restart_idle_timer), self, G_CONNECT_SWAPPED);
      add_activity_watch (GTK_WINDOW (self), self);
      g_signal_connect_object (app, "window-added", G_CALLBACK (window_added_cb), self, 0);
      restart_idle_timer (self);
      gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk");
      gtk_window_set_decorated (GTK_WINDOW (self), FALSE);
      gtk_window_fullscreen (GTK_WINDOW (self));
      gtk_widget_set_visible (GTK_WIDGET (self->menu_button), FALSE);
      /* It lists the desktop's shortcuts, Quit among them: not for a public screen. */
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-help-overlay", FALSE);
      setup_kiosk (self, session);
    }

  g_signal_connect_object (visits, "items-changed", G_CALLBACK (visits_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::loading", G_CALLBACK (update_main_page), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::problems", G_CALLBACK (problems_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::sync-status", G_CALLBACK (sync_status_changed_cb),
                           self, G_CONNECT_SWAPPED);
  sync_status_changed_cb (self);

  rebuild_sidebar (self, visits);
  update_main_page (self);
  update_navigation (self);
  problems_changed_cb (self);
}

/* The shortcuts window is built when asked for and destroyed when closed, rather
 * than kept hidden as GtkApplication's automatic help overlay would be: GTK 4.8
 * answers a screen reader that asks for a window past the last with the last one,
 * and a hidden one has no accessible path, which cuts the reader off the app. */
static void
show_shortcuts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *shortcuts;

  builder = gtk_builder_new_from_resource ("/app/findings/Findings/findings-shortcuts.ui");
  shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  gtk_window_set_hide_on_close (shortcuts, FALSE);
  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (widget));
  gtk_window_set_destroy_with_parent (shortcuts, TRUE);
  gtk_window_set_application (shortcuts, gtk_window_get_application (GTK_WINDOW (widget)));
  gtk_window_present (shortcuts);
}

static void
findings_window_dispose (GObject *object)
{
  FindingsWindow *self = FINDINGS_WINDOW (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), FINDINGS_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->lock);
  g_clear_object (&self->selection);
  g_clear_object (&self->sidebar_items);

  G_OBJECT_CLASS (findings_window_parent_class)->dispose (object);
}

static void
findings_window_class_init (FindingsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = findings_window_dispose;

  g_type_ensure (FINDINGS_TYPE_VISIT_PAGE);
  g_type_ensure (FINDINGS_TYPE_RECOMMENDATION_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/findings/Findings/findings-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FindingsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FindingsWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, FindingsWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FindingsWindow, empty_status_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, FindingsWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FindingsWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, FindingsWindow, content);
  gtk_widget_class_bind_template_child (widget_class, FindingsWindow, visit_list);
  gtk_widget_class_bind_template_child (widget_class, FindingsWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, FindingsWindow, empty_header);
  gtk_widget_class_bind_template_child (widget_class, FindingsWindow, sidebar_header);
  gtk_widget_class_bind_template_child (widget_class, FindingsWindow, content_header);
  gtk_widget_class_bind_template_child (widget_class, FindingsWindow, sync_status_label);
  gtk_widget_class_bind_template_child (widget_class, FindingsWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, FindingsWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, FindingsWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, FindingsWindow, visit_page);
  gtk_widget_class_bind_template_child (widget_class, FindingsWindow, recommendation_page);
  gtk_widget_class_bind_template_callback (widget_class, visit_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, recommendation_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, content_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "win.back", NULL);

  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   show_shortcuts_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question, GDK_CONTROL_MASK,
                                       "win.show-help-overlay", NULL);
}

static void
findings_window_init (FindingsWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* An icon and a tooltip give the menu button no name: a screen reader would say
   * "GtkMenuButton". The button inside it, which takes the focus, is labelled by it. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Main Menu"),
                                  -1);

  self->sidebar_items = g_list_store_new (G_TYPE_OBJECT);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sidebar_items)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_sidebar_item_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_sidebar_item_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_sidebar_item_cb), NULL);
  gtk_list_view_set_factory (self->visit_list, factory);
  gtk_list_view_set_model (self->visit_list, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (update_navigation), self,
                           G_CONNECT_SWAPPED);
}

FindingsWindow *
findings_window_new (FindingsApplication *application)
{
  FindingsWindow *self;

  g_return_val_if_fail (FINDINGS_IS_APPLICATION (application), NULL);

  self = g_object_new (FINDINGS_TYPE_WINDOW,
                       "application", application,
                       NULL);
  setup_for_application (self, application);

  return self;
}
