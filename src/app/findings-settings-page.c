/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-settings-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "findings-application.h"
#include "findings-keyboard.h"
#include "findings-office-check.h"
#include "findings-office-config.h"
#include "findings-session.h"
#include "findings-settings-page.h"
#include "findings-sync.h"

/* The installer's settings, inside technician mode: the office's address (the sync's
 * own rule decides what is usable), the kiosk's name, its idle timeout, the tokens
 * (saved in private files, never shown again), the office's private certificate
 * authority, the PIN, and a test of the connection. Nothing is kept until "Save";
 * a reset (the idle timeout, leaving technician mode) drops what was typed. */

struct _FindingsSettingsPage
{
  GtkWidget               parent_instance;

  GSettings              *settings;
  FindingsTechnicianLock *lock;
  GCancellable           *cancellable;
  /* The save under way, if any: not cancelled by a reset. */
  gpointer                save_task;

  GtkWidget              *box;
  GtkScrolledWindow      *scroller;
  AdwEntryRow            *url_row;
  GtkLabel               *url_label;
  AdwPasswordEntryRow    *token_row;
  AdwEntryRow            *ca_row;
  AdwEntryRow            *kiosk_id_row;
  GtkLabel               *token_status_label;
  GtkWidget              *test_button;
  GtkLabel               *test_label;
  AdwPasswordEntryRow    *technician_token_row;
  GtkLabel               *technician_token_label;
  GtkSpinButton          *idle_spin;
  AdwPasswordEntryRow    *pin_row;
  AdwPasswordEntryRow    *pin_again_row;
  GtkWidget              *pin_button;
  GtkLabel               *pin_label;
  GtkWidget              *save_button;
  GtkLabel               *save_label;
  GtkWidget              *restart_button;
};

G_DEFINE_FINAL_TYPE (FindingsSettingsPage, findings_settings_page, GTK_TYPE_WIDGET)

static char *
dup_text (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

typedef enum
{
  NOTE_PLAIN,
  NOTE_GOOD,
  NOTE_WARNING,
  NOTE_ERROR,
} NoteStyle;

static void
show_note (GtkLabel   *label,
           const char *text,
           NoteStyle   style)
{
  static const char * const classes[] = { NULL, "success", "warning", "error" };

  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
  for (guint i = 1; i < G_N_ELEMENTS (classes); i++)
    if (i == style)
      gtk_widget_add_css_class (GTK_WIDGET (label), classes[i]);
    else
      gtk_widget_remove_css_class (GTK_WIDGET (label), classes[i]);
}

static void
show (GtkLabel   *label,
      const char *text,
      gboolean    is_error)
{
  show_note (label, text, is_error ? NOTE_ERROR : NOTE_GOOD);
}

/* Whether a secret is saved, or why the saved one is not used. */
static void
show_secret (GtkLabel   *label,
             const char *name,
             const char *saved,
             const char *missing)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = findings_office_config_read_secret (name, &error);

  if (secret != NULL)
    show_note (label, saved, NOTE_PLAIN);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    show_note (label, missing, NOTE_WARNING);
  else
    show_note (label, error->message, NOTE_ERROR);
}

static void
show_secrets (FindingsSettingsPage *self)
{
  show_secret (self->token_status_label, "office-token",
               _("A kiosk token is saved. Type a new one to replace it."),
               _("No kiosk token is saved yet."));
  show_secret (self->technician_token_label, "technician-token",
               _("A technician token is saved. Type a new one to replace it."),
               _("No technician token is saved. “Your Recommendations” needs one."));
}

static void
set_busy (FindingsSettingsPage *self,
          gboolean              busy)
{
  gtk_widget_set_sensitive (self->save_button, !busy);
  gtk_widget_set_sensitive (self->test_button, !busy);
  gtk_widget_set_sensitive (self->pin_button, !busy);
}

static gboolean
check_url (FindingsSettingsPage  *self,
           const char            *url,
           GError               **error)
{
  g_autoptr(GError) local_error = NULL;

  if (*url == '\0' || findings_sync_check_url (url, &local_error))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
      show (self->url_label, NULL, FALSE);
      return TRUE;
    }

  /* Said beside the field, where the installer will mend it. */
  gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
  show (self->url_label, local_error->message, TRUE);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Saving. A save, once started, is finished even if the page is reset meanwhile (the
 * idle timeout): what was confirmed with "Save" is kept whole, never half. */

typedef struct
{
  char  *url;
  char  *kiosk_id;
  char  *ca_file;
  guint  idle_timeout;
  char  *token;
  char  *technician_token;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *save = data;

  g_free (save->url);
  g_free (save->kiosk_id);
  g_free (save->ca_file);
  g_free (save->token);
  g_free (save->technician_token);
  g_free (save);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *save = task_data;
  GError *error = NULL;

  if (*save->ca_file != '\0')
    {
      g_autoptr(FindingsOfficeConfig) office = findings_office_config_new ("", NULL);
      g_autoptr(GTlsDatabase) database = NULL;

      findings_office_config_set_ca_file (office, save->ca_file);
      database = findings_office_config_dup_tls_database (office, &error);
      if (database == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  if ((save->token != NULL &&
       !findings_office_config_write_secret ("office-token", save->token, &error)) ||
      (save->technician_token != NULL &&
       !findings_office_config_write_secret ("technician-token", save->technician_token,
                                             &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* systemd sets INVOCATION_ID for a service: the unit's Restart=always then brings the
 * kiosk straight back. Started any other way, quitting would leave the screen empty. */
static gboolean
runs_as_service (void)
{
  const char *id = g_getenv ("INVOCATION_ID");

  return id != NULL && *id != '\0';
}

/* The session stops syncing with the office it had and starts with the one just saved;
 * the outbox stays as it is, and what was on its way is sent again under its key. */
static gboolean
apply_office (void)
{
  GApplication *app = g_application_get_default ();
  g_autoptr(FindingsOfficeConfig) office = NULL;
  FindingsSession *session;

  if (!FINDINGS_IS_APPLICATION (app) ||
      (session = findings_application_get_session (FINDINGS_APPLICATION (app))) == NULL)
    return FALSE;

  office = findings_office_config_load ();
  findings_session_reconnect (session, office);
  return TRUE;
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  FindingsSettingsPage *self = FINDINGS_SETTINGS_PAGE (object);
  SaveData *save = g_task_get_task_data (G_TASK (result));
  gboolean current = self->save_task == (gpointer) result;
  g_autoptr(GError) error = NULL;

  if (current)
    {
      self->save_task = NULL;
      set_busy (self, FALSE);
    }

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (current)
        show (self->save_label, error->message, TRUE);
      return;
    }

  g_settings_set_string (self->settings, "office-url", save->url);
  g_settings_set_string (self->settings, "kiosk-id", save->kiosk_id);
  g_settings_set_string (self->settings, "ca-file", save->ca_file);
  g_settings_set_uint (self->settings, "idle-timeout", save->idle_timeout);

  if (!current)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->technician_token_row), "");
  show_secrets (self);
  if (apply_office ())
    {
      show (self->save_label,
            _("Saved. The kiosk now uses this office, token and certificate authority."),
            FALSE);
    }
  else
    {
      show (self->save_label,
            _("Saved. A new office address, token or certificate authority is used from the "
              "kiosk’s next start."),
            FALSE);
      gtk_widget_set_visible (self->restart_button, runs_as_service ());
    }
}

static void
restart_clicked_cb (FindingsSettingsPage *self)
{
  g_message ("Restarting at the installer's request, for the new settings");
  g_application_quit (g_application_get_default ());
}

static void
save_clicked_cb (FindingsSettingsPage *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = dup_text (self->url_row);
  g_autofree char *token = dup_text (self->token_row);
  g_autofree char *technician_token = dup_text (self->technician_token_row);
  SaveData *save;

  if (self->cancellable != NULL || self->save_task != NULL)
    return;

  /* Nothing is kept when the address is not usable: the kiosk would not sync. */
  if (!check_url (self, url, &error))
    {
      show (self->save_label, error->message, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
      return;
    }

  save = g_new0 (SaveData, 1);
  save->url = g_steal_pointer (&url);
  save->kiosk_id = dup_text (self->kiosk_id_row);
  save->ca_file = dup_text (self->ca_row);
  save->idle_timeout = (guint) gtk_spin_button_get_value_as_int (self->idle_spin);
  save->token = *token != '\0' ? g_steal_pointer (&token) : NULL;
  save->technician_token = *technician_token != '\0' ? g_steal_pointer (&technician_token) :
                           NULL;

  set_busy (self, TRUE);
  show (self->save_label, _("Saving…"), FALSE);
  task = g_task_new (self, NULL, saved_cb, NULL);
  g_task_set_task_data (task, save, save_data_free);
  self->save_task = task;
  g_task_run_in_thread (task, save_thread);
}

/* Testing the connection */

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  FindingsSettingsPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!findings_office_check_finish (result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (error != NULL)
    show (self->test_label, error->message, TRUE);
  else
    show (self->test_label, _("Connected: the office answered and accepted the kiosk token."),
          FALSE);
  g_object_unref (self);
}

static void
test_clicked_cb (FindingsSettingsPage *self)
{
  g_autofree char *url = dup_text (self->url_row);
  g_autofree char *token = dup_text (self->token_row);
  g_autofree char *ca_file = dup_text (self->ca_row);
  g_autoptr(FindingsOfficeConfig) office = NULL;
  g_autoptr(GError) error = NULL;

  if (self->cancellable != NULL || self->save_task != NULL)
    return;

  if (*url == '\0')
    {
      show (self->test_label, _("Enter the office address first."), TRUE);
      return;
    }
  check_url (self, url, NULL);

  /* What was typed, else what is saved. */
  if (*token == '\0')
    {
      g_clear_pointer (&token, g_free);
      token = findings_office_config_read_secret ("office-token", &error);
      if (token == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          show (self->test_label, error->message, TRUE);
          return;
        }
    }

  office = findings_office_config_new (url, token);
  findings_office_config_set_ca_file (office, ca_file);

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  show (self->test_label, _("Testing the connection…"), FALSE);
  findings_office_check_async (office, self->cancellable, checked_cb, g_object_ref (self));
}

/* The PIN */

static void
pin_saved_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FindingsSettingsPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!findings_technician_lock_set_pin_finish (FINDINGS_TECHNICIAN_LOCK (object), result,
                                                &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (error != NULL)
    show (self->pin_label, error->message, TRUE);
  else
    show (self->pin_label, _("The new PIN is saved."), FALSE);
  g_object_unref (self);
}

static void
pin_clicked_cb (FindingsSettingsPage *self)
{
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));
  const char *again = gtk_editable_get_text (GTK_EDITABLE (self->pin_again_row));
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = NULL;

  if (self->cancellable != NULL || self->save_task != NULL)
    return;

  if (!findings_technician_lock_check_new_pin (pin, &error))
    {
      show (self->pin_label, error->message, TRUE);
      return;
    }
  if (!g_str_equal (pin, again))
    {
      show (self->pin_label, _("The two PINs differ. Type the same PIN twice."), TRUE);
      return;
    }

  copy = g_strdup (pin);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_again_row), "");

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  show (self->pin_label, _("Saving the PIN…"), FALSE);
  findings_technician_lock_set_pin_async (self->lock, copy, self->cancellable, pin_saved_cb,
                                          g_object_ref (self));
}

/* Building */

static GtkLabel *
add_note (GtkWidget *group)
{
  /* A status: a screen reader says what a save or a test found. */
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_STATUS,
                                   NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_visible (label, FALSE);
  gtk_widget_add_css_class (label, "settings-note");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);

  return GTK_LABEL (label);
}

static GtkWidget *
new_group (GtkWidget  *box,
           const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (GTK_BOX (box), group);

  return group;
}

static gpointer
add_entry (GtkWidget  *group,
           GType       type,
           const char *title)
{
  GtkWidget *row = g_object_new (type, "title", title, NULL);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static GtkWidget *
new_button (const char *label,
            gboolean    suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_add_css_class (button, "settings-button");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_margin_top (button, 12);

  return button;
}

static void
findings_settings_page_dispose (GObject *object)
{
  FindingsSettingsPage *self = FINDINGS_SETTINGS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->settings);
  g_clear_object (&self->lock);

  G_OBJECT_CLASS (findings_settings_page_parent_class)->dispose (object);
}

static void
findings_settings_page_class_init (FindingsSettingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = findings_settings_page_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "settingspage");
}

static void
findings_settings_page_init (FindingsSettingsPage *self)
{
  GtkWidget *clamp, *content, *group, *row, *spin;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (GTK_WIDGET (self->scroller), TRUE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->scroller));

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  gtk_scrolled_window_set_child (self->scroller, clamp);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_set_margin_top (content, 24);
  gtk_widget_set_margin_bottom (content, 24);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);

  group = new_group (content, _("Office"),
                     _("Where this kiosk fetches visits and sends decisions."));
  self->url_row = add_entry (group, ADW_TYPE_ENTRY_ROW, _("Office address (https://…)"));
  self->token_row = add_entry (group, ADW_TYPE_PASSWORD_ENTRY_ROW, _("Kiosk token"));
  self->ca_row = add_entry (group, ADW_TYPE_ENTRY_ROW,
                            _("Certificate authority file (optional)"));
  self->kiosk_id_row = add_entry (group, ADW_TYPE_ENTRY_ROW, _("Kiosk name, such as lobby-1"));
  self->url_label = add_note (group);
  self->token_status_label = add_note (group);
  self->test_button = new_button (_("_Test Connection"), FALSE);
  g_signal_connect_swapped (self->test_button, "clicked", G_CALLBACK (test_clicked_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->test_button);
  self->test_label = add_note (group);

  group = new_group (content, _("Technician"), NULL);
  self->technician_token_row = add_entry (group, ADW_TYPE_PASSWORD_ENTRY_ROW,
                                          _("Technician token"));
  self->technician_token_label = add_note (group);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Back to the start after"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Seconds without a touch"));
  spin = gtk_spin_button_new_with_range (15, 3600, 15);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  self->idle_spin = GTK_SPIN_BUTTON (spin);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  group = new_group (content, _("Technician PIN"),
                     _("Digits only, 4 to 12. It opens technician mode on this kiosk."));
  self->pin_row = add_entry (group, ADW_TYPE_PASSWORD_ENTRY_ROW, _("New PIN"));
  self->pin_again_row = add_entry (group, ADW_TYPE_PASSWORD_ENTRY_ROW, _("New PIN again"));
  self->pin_button = new_button (_("_Change PIN"), FALSE);
  g_signal_connect_swapped (self->pin_button, "clicked", G_CALLBACK (pin_clicked_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->pin_button);
  self->pin_label = add_note (group);

  group = new_group (content, NULL, NULL);
  self->save_button = new_button (_("_Save Settings"), TRUE);
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->save_button);
  self->save_label = add_note (group);
  self->restart_button = new_button (_("_Restart the Kiosk Now"), FALSE);
  gtk_widget_set_visible (self->restart_button, FALSE);
  g_signal_connect_swapped (self->restart_button, "clicked", G_CALLBACK (restart_clicked_cb),
                            self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->restart_button);

  /* cage has no on-screen keyboard: this one types into the field with the focus. */
  gtk_box_append (GTK_BOX (self->box), g_object_new (FINDINGS_TYPE_KEYBOARD, NULL));
}

/**
 * findings_settings_page_new:
 * @settings: the app's settings
 * @lock: the technician lock, for changing the PIN
 */
GtkWidget *
findings_settings_page_new (GSettings              *settings,
                            FindingsTechnicianLock *lock)
{
  FindingsSettingsPage *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (FINDINGS_IS_TECHNICIAN_LOCK (lock), NULL);

  self = g_object_new (FINDINGS_TYPE_SETTINGS_PAGE, NULL);
  self->settings = g_object_ref (settings);
  self->lock = g_object_ref (lock);
  findings_settings_page_reset (self);

  return GTK_WIDGET (self);
}

/**
 * findings_settings_page_reset:
 *
 * Shows the saved settings again, dropping whatever was typed and any test or save
 * under way.
 */
void
findings_settings_page_reset (FindingsSettingsPage *self)
{
  g_autofree char *url = NULL;
  g_autofree char *kiosk_id = NULL;
  g_autofree char *ca_file = NULL;

  g_return_if_fail (FINDINGS_IS_SETTINGS_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->save_task = NULL;
  set_busy (self, FALSE);

  url = g_settings_get_string (self->settings, "office-url");
  kiosk_id = g_settings_get_string (self->settings, "kiosk-id");
  ca_file = g_settings_get_string (self->settings, "ca-file");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->kiosk_id_row), kiosk_id);
  gtk_editable_set_text (GTK_EDITABLE (self->ca_row), ca_file);
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->technician_token_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_again_row), "");
  gtk_spin_button_set_value (self->idle_spin,
                             g_settings_get_uint (self->settings, "idle-timeout"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");

  gtk_widget_set_visible (self->restart_button, FALSE);
  show (self->url_label, NULL, FALSE);
  show (self->test_label, NULL, FALSE);
  show (self->pin_label, NULL, FALSE);
  show (self->save_label, NULL, FALSE);
  show_secrets (self);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}
