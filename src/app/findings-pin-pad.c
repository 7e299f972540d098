/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-pin-pad"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "findings-pin-pad.h"
#include "findings-pin-pad-private.h"

/* The technician's PIN, typed on the kiosk's own keypad: cage gives no on-screen
 * keyboard. The digits live here only, never in a text field (no selection, no
 * clipboard), and are wiped on each reset. While a wait after wrong tries runs, the
 * keys are off and the pad counts down. With no PIN set it says how to set one. */

struct _FindingsPinPad
{
  GtkWidget               parent_instance;

  FindingsTechnicianLock *lock;
  GCancellable           *cancellable;
  GString                *digits;
  guint                   tick_source;

  GtkWidget              *box;
  GtkLabel               *description_label;
  GtkLabel               *dots_label;
  GtkLabel               *message_label;
  GtkWidget              *keypad;
  GtkWidget              *unlock_button;
};

G_DEFINE_FINAL_TYPE (FindingsPinPad, findings_pin_pad, GTK_TYPE_WIDGET)

enum
{
  UNLOCKED,
  CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update (FindingsPinPad *self);

static void
set_message (FindingsPinPad *self,
             const char     *message,
             gboolean        is_error)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

static void
clear_digits (FindingsPinPad *self)
{
  memset (self->digits->str, 0, self->digits->len);
  g_string_truncate (self->digits, 0);
}

static void
update_dots (FindingsPinPad *self)
{
  g_autoptr(GString) dots = g_string_new (NULL);
  g_autofree char *description = NULL;

  for (gsize i = 0; i < self->digits->len; i++)
    g_string_append (dots, i == 0 ? "●" : " ●");

  gtk_label_set_text (self->dots_label, self->digits->len > 0 ? dots->str : "–");
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u digit typed",
                                              "%u digits typed", self->digits->len),
                                 (guint) self->digits->len);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dots_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
  gtk_widget_set_sensitive (self->unlock_button,
                            self->digits->len >= FINDINGS_TECHNICIAN_PIN_MIN_LENGTH &&
                            self->cancellable == NULL);
}

static gboolean
tick_cb (gpointer user_data)
{
  FindingsPinPad *self = user_data;

  update (self);
  if (findings_technician_lock_get_wait (self->lock) > 0)
    return G_SOURCE_CONTINUE;

  self->tick_source = 0;
  return G_SOURCE_REMOVE;
}

/* What the pad can do now: no PIN at all, a wait, or typing. */
static void
update (FindingsPinPad *self)
{
  g_autoptr(GError) error = NULL;
  gboolean has_pin = findings_technician_lock_has_pin (self->lock, &error);
  guint wait = has_pin ? findings_technician_lock_get_wait (self->lock) : 0;

  gtk_widget_set_visible (self->keypad, has_pin);
  gtk_widget_set_visible (self->unlock_button, has_pin);
  gtk_widget_set_visible (GTK_WIDGET (self->dots_label), has_pin);

  if (!has_pin)
    {
      if (error != NULL)
        gtk_label_set_text (self->description_label, error->message);
      else
        gtk_label_set_text (self->description_label,
                            _("No technician PIN is set on this kiosk, so technician mode "
                              "is closed. The installer sets one from the kiosk’s user "
                              "account with “findings --set-technician-pin”."));
      set_message (self, NULL, FALSE);
      return;
    }

  gtk_label_set_text (self->description_label, _("Enter the technician PIN."));
  gtk_widget_set_sensitive (self->keypad, wait == 0 && self->cancellable == NULL);

  if (wait > 0)
    {
      g_autofree char *message = findings_technician_lock_describe_wait (wait);

      set_message (self, message, TRUE);
      if (self->tick_source == 0)
        self->tick_source = g_timeout_add_seconds (1, tick_cb, self);
    }
  else if (gtk_widget_has_css_class (GTK_WIDGET (self->message_label), "waiting"))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "waiting");
      set_message (self, NULL, FALSE);
    }

  if (wait > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "waiting");

  update_dots (self);
}

static void
unlocked_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FindingsPinPad) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = findings_technician_lock_unlock_finish (FINDINGS_TECHNICIAN_LOCK (object),
                                                        result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  clear_digits (self);

  if (ok)
    {
      set_message (self, NULL, FALSE);
      update (self);
      g_signal_emit (self, signals[UNLOCKED], 0);
      return;
    }

  set_message (self, error->message, TRUE);
  update (self);
}

static void
submit (FindingsPinPad *self)
{
  if (self->cancellable != NULL || self->digits->len < FINDINGS_TECHNICIAN_PIN_MIN_LENGTH)
    return;

  self->cancellable = g_cancellable_new ();
  set_message (self, _("Checking…"), FALSE);
  gtk_widget_set_sensitive (self->keypad, FALSE);
  gtk_widget_set_sensitive (self->unlock_button, FALSE);
  findings_technician_lock_unlock_async (self->lock, self->digits->str, self->cancellable,
                                         unlocked_cb, g_object_ref (self));
}

static void
type_digit (FindingsPinPad *self,
            char            digit)
{
  if (self->cancellable != NULL || !gtk_widget_get_sensitive (self->keypad) ||
      self->digits->len >= FINDINGS_TECHNICIAN_PIN_MAX_LENGTH)
    return;

  g_string_append_c (self->digits, digit);
  if (!gtk_widget_has_css_class (GTK_WIDGET (self->message_label), "waiting"))
    set_message (self, NULL, FALSE);
  update_dots (self);
}

static void
backspace (FindingsPinPad *self)
{
  if (self->cancellable != NULL || self->digits->len == 0)
    return;

  self->digits->str[self->digits->len - 1] = '\0';
  g_string_truncate (self->digits, self->digits->len - 1);
  update_dots (self);
}

static void
digit_clicked_cb (GtkButton      *button,
                  FindingsPinPad *self)
{
  type_digit (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "digit")));
}

static void
cancel_clicked_cb (FindingsPinPad *self)
{
  findings_pin_pad_reset (self);
  g_signal_emit (self, signals[CANCELLED], 0);
}

/* A keyboard plugged in for the installer works too. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                FindingsPinPad        *self)
{
  guint32 c = gdk_keyval_to_unicode (keyval);

  if (c >= '0' && c <= '9')
    {
      type_digit (self, (char) c);
      return GDK_EVENT_STOP;
    }

  switch (keyval)
    {
    case GDK_KEY_BackSpace:
      backspace (self);
      return GDK_EVENT_STOP;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      submit (self);
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static GtkWidget *
new_key (const char *label,
         const char *accessible_name)
{
  GtkWidget *key = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (key, "pin-key");
  gtk_widget_set_focus_on_click (key, FALSE);
  if (accessible_name != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (key),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name,
                                    -1);
  return key;
}

static void
findings_pin_pad_dispose (GObject *object)
{
  FindingsPinPad *self = FINDINGS_PIN_PAD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->lock);

  G_OBJECT_CLASS (findings_pin_pad_parent_class)->dispose (object);
}

static void
findings_pin_pad_finalize (GObject *object)
{
  FindingsPinPad *self = FINDINGS_PIN_PAD (object);

  clear_digits (self);
  g_string_free (self->digits, TRUE);

  G_OBJECT_CLASS (findings_pin_pad_parent_class)->finalize (object);
}

static void
findings_pin_pad_class_init (FindingsPinPadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = findings_pin_pad_dispose;
  object_class->finalize = findings_pin_pad_finalize;

  /**
   * FindingsPinPad::unlocked:
   *
   * The PIN was right: technician mode may open.
   */
  signals[UNLOCKED] = g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);
  /**
   * FindingsPinPad::cancelled:
   *
   * Back to the start, without technician mode.
   */
  signals[CANCELLED] = g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pinpad");
}

static void
findings_pin_pad_init (FindingsPinPad *self)
{
  static const char * const names[] = {
    N_("One"), N_("Two"), N_("Three"), N_("Four"), N_("Five"),
    N_("Six"), N_("Seven"), N_("Eight"), N_("Nine"), N_("Zero"),
  };
  GtkEventController *keys;
  GtkWidget *title, *grid, *buttons, *cancel, *erase;

  self->digits = g_string_new (NULL);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_valign (self->box, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (self->box, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (self->box, 24);
  gtk_widget_set_margin_end (self->box, 24);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  title = gtk_label_new (_("Technician Mode"));
  gtk_widget_add_css_class (title, "title-1");
  gtk_box_append (GTK_BOX (self->box), title);

  self->description_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->description_label, TRUE);
  gtk_label_set_max_width_chars (self->description_label, 48);
  gtk_label_set_justify (self->description_label, GTK_JUSTIFY_CENTER);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->description_label));

  self->dots_label = GTK_LABEL (gtk_label_new ("–"));
  gtk_widget_add_css_class (GTK_WIDGET (self->dots_label), "pin-dots");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->dots_label));

  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_label_set_max_width_chars (self->message_label, 36);
  gtk_label_set_justify (self->message_label, GTK_JUSTIFY_CENTER);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->message_label));

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_widget_set_halign (grid, GTK_ALIGN_CENTER);
  self->keypad = grid;

  for (int i = 0; i < 10; i++)
    {
      int digit = i < 9 ? i + 1 : 0;
      char text[2] = { (char) ('0' + digit), '\0' };
      GtkWidget *key = new_key (text, _(names[i]));

      g_object_set_data (G_OBJECT (key), "digit", GINT_TO_POINTER ('0' + digit));
      g_signal_connect (key, "clicked", G_CALLBACK (digit_clicked_cb), self);
      if (i < 9)
        gtk_grid_attach (GTK_GRID (grid), key, i % 3, i / 3, 1, 1);
      else
        gtk_grid_attach (GTK_GRID (grid), key, 1, 3, 1, 1);
    }

  erase = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  gtk_widget_add_css_class (erase, "pin-key");
  gtk_widget_set_focus_on_click (erase, FALSE);
  gtk_widget_set_tooltip_text (erase, _("Erase the last digit"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (erase),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Erase the last digit"),
                                  -1);
  g_signal_connect_swapped (erase, "clicked", G_CALLBACK (backspace), self);
  gtk_grid_attach (GTK_GRID (grid), erase, 2, 3, 1, 1);
  gtk_box_append (GTK_BOX (self->box), grid);

  /* Leaving is as easy as going on: same size, side by side. */
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_set_homogeneous (GTK_BOX (buttons), TRUE);
  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (buttons, 12);

  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_widget_add_css_class (cancel, "pin-action");
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), cancel);

  self->unlock_button = gtk_button_new_with_mnemonic (_("_Unlock"));
  gtk_widget_add_css_class (self->unlock_button, "suggested-action");
  gtk_widget_add_css_class (self->unlock_button, "pin-action");
  g_signal_connect_swapped (self->unlock_button, "clicked", G_CALLBACK (submit), self);
  gtk_box_append (GTK_BOX (buttons), self->unlock_button);
  gtk_box_append (GTK_BOX (self->box), buttons);

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
}

/**
 * findings_pin_pad_new:
 * @lock: the lock the PIN opens
 */
GtkWidget *
findings_pin_pad_new (FindingsTechnicianLock *lock)
{
  FindingsPinPad *self;

  g_return_val_if_fail (FINDINGS_IS_TECHNICIAN_LOCK (lock), NULL);

  self = g_object_new (FINDINGS_TYPE_PIN_PAD, NULL);
  self->lock = g_object_ref (lock);
  update (self);

  return GTK_WIDGET (self);
}

/**
 * findings_pin_pad_reset:
 *
 * Forgets what was typed and any try in progress, and reads the lock afresh (a PIN
 * set meanwhile, a wait that is over).
 */
void
findings_pin_pad_reset (FindingsPinPad *self)
{
  g_return_if_fail (FINDINGS_IS_PIN_PAD (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_digits (self);
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "waiting");
  set_message (self, NULL, FALSE);
  update (self);
}

guint
_findings_pin_pad_get_n_digits (FindingsPinPad *self)
{
  g_return_val_if_fail (FINDINGS_IS_PIN_PAD (self), 0);

  return self->digits->len;
}

const char *
_findings_pin_pad_get_message (FindingsPinPad *self)
{
  g_return_val_if_fail (FINDINGS_IS_PIN_PAD (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->message_label)) ?
         gtk_label_get_text (self->message_label) : NULL;
}
