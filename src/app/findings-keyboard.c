/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-keyboard"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-keyboard.h"
#include "findings-keyboard-private.h"

/* A kiosk under cage has no on-screen keyboard of its own, so the few fields a
 * customer fills in (a name, a phone number, a reason) get this one. It types into
 * whichever text field of its window has the focus, and shows a phone keypad when
 * that field is for a phone number. Its keys never take the focus themselves. */

struct _FindingsKeyboard
{
  GtkWidget    parent_instance;

  GtkStack        *stack;
  GtkToggleButton *shift_button;
  GPtrArray       *letter_keys;
  GtkEditable     *target;
  GtkRoot         *root;
  gboolean         shift;
};

G_DEFINE_FINAL_TYPE (FindingsKeyboard, findings_keyboard, GTK_TYPE_WIDGET)

typedef enum
{
  KEY_TEXT,
  KEY_BACKSPACE,
  KEY_SHIFT,
  KEY_ACCENTS,
  KEY_LETTERS,
} KeyKind;

static const char * const text_rows[] = {
  "1 2 3 4 5 6 7 8 9 0",
  "q w e r t y u i o p",
  "a s d f g h j k l '",
  "z x c v b n m - /",
};

/* The letters French and Spanish names and reasons need. */
static const char * const accent_rows[] = {
  "é è ê ë à â ä ç î ï",
  "ô ö û ù ü ñ á í ó ú",
  "œ æ ß ÿ « » ¿ ¡ ( )",
  "& # : ; ! ? \" + * _",
};

static const char * const phone_rows[] = {
  "1 2 3",
  "4 5 6",
  "7 8 9",
  "+ 0 -",
};

static void
set_target (FindingsKeyboard *self,
            GtkEditable      *target)
{
  if (self->target == target)
    return;

  if (self->target != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->target), (gpointer *) &self->target);
  self->target = target;
  if (self->target != NULL)
    g_object_add_weak_pointer (G_OBJECT (self->target), (gpointer *) &self->target);
}

static gboolean
target_is_phone (FindingsKeyboard *self)
{
  GtkInputPurpose purpose = GTK_INPUT_PURPOSE_FREE_FORM;

  if (self->target == NULL ||
      g_object_class_find_property (G_OBJECT_GET_CLASS (self->target), "input-purpose") == NULL)
    return FALSE;

  g_object_get (self->target, "input-purpose", &purpose, NULL);

  return purpose == GTK_INPUT_PURPOSE_PHONE;
}

static void
set_shift (FindingsKeyboard *self,
           gboolean          shift)
{
  self->shift = shift;
  gtk_toggle_button_set_active (self->shift_button, shift);

  for (guint i = 0; i < self->letter_keys->len; i++)
    {
      GtkButton *key = g_ptr_array_index (self->letter_keys, i);
      const char *text = g_object_get_data (G_OBJECT (key), "text");
      g_autofree char *shown = shift ? g_utf8_strup (text, -1) : g_strdup (text);

      gtk_button_set_label (key, shown);
    }
}

/* A name starts with a capital: the first letter of an empty field is one. */
static void
update_for_target (FindingsKeyboard *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (target_is_phone (self))
    gtk_stack_set_visible_child_name (self->stack, "phone");
  else if (g_strcmp0 (page, "phone") == 0)
    gtk_stack_set_visible_child_name (self->stack, "letters");

  set_shift (self, self->target != NULL && *gtk_editable_get_text (self->target) == '\0');
}

static void
focus_changed_cb (FindingsKeyboard *self)
{
  GtkWidget *focus = gtk_root_get_focus (self->root);

  /* Keep the last field when the focus goes to a button: that is where typing goes. */
  if (focus != NULL && GTK_IS_EDITABLE (focus))
    {
      set_target (self, GTK_EDITABLE (focus));
      update_for_target (self);
    }
}

static void
type_text (FindingsKeyboard *self,
           const char       *text)
{
  int start, end, position;

  if (gtk_editable_get_selection_bounds (self->target, &start, &end))
    {
      gtk_editable_delete_text (self->target, start, end);
      position = start;
    }
  else
    position = gtk_editable_get_position (self->target);

  gtk_editable_insert_text (self->target, text, -1, &position);
  gtk_editable_set_position (self->target, position);
}

static void
backspace (FindingsKeyboard *self)
{
  int start, end, position;

  if (gtk_editable_get_selection_bounds (self->target, &start, &end))
    {
      gtk_editable_delete_text (self->target, start, end);
      return;
    }

  position = gtk_editable_get_position (self->target);
  if (position > 0)
    gtk_editable_delete_text (self->target, position - 1, position);
}

static void
key_clicked_cb (GtkButton        *key,
                FindingsKeyboard *self)
{
  KeyKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (key), "kind"));
  const char *text = g_object_get_data (G_OBJECT (key), "text");

  switch (kind)
    {
    case KEY_SHIFT:
      set_shift (self, gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (key)));
      return;

    case KEY_ACCENTS:
      gtk_stack_set_visible_child_name (self->stack, "accents");
      return;

    case KEY_LETTERS:
      gtk_stack_set_visible_child_name (self->stack, "letters");
      return;

    case KEY_TEXT:
    case KEY_BACKSPACE:
    default:
      break;
    }

  if (self->target == NULL)
    return;

  /* Typing goes back to the field, so a physical keyboard carries on from there. */
  if (!gtk_widget_has_focus (GTK_WIDGET (self->target)))
    gtk_widget_grab_focus (GTK_WIDGET (self->target));

  if (kind == KEY_BACKSPACE)
    {
      backspace (self);
      return;
    }

  if (self->shift)
    {
      g_autofree char *upper = g_utf8_strup (text, -1);

      type_text (self, upper);
      set_shift (self, FALSE);
    }
  else
    type_text (self, text);

  /* One accented letter at a time, as on a phone: then the plain letters are back. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "accents") == 0)
    gtk_stack_set_visible_child_name (self->stack, "letters");
}

static GtkWidget *
add_key (FindingsKeyboard *self,
         GtkBox           *row,
         KeyKind           kind,
         const char       *text,
         const char       *label,
         const char       *icon_name,
         const char       *accessible_name)
{
  GtkWidget *key = kind == KEY_SHIFT ? gtk_toggle_button_new () : gtk_button_new ();

  if (icon_name != NULL)
    gtk_button_set_icon_name (GTK_BUTTON (key), icon_name);
  else
    gtk_button_set_label (GTK_BUTTON (key), label != NULL ? label : text);

  if (accessible_name != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (key),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name,
                                    -1);

  /* The field keeps the focus, and its text cursor, while keys are tapped. */
  gtk_widget_set_focusable (key, FALSE);
  gtk_widget_set_focus_on_click (key, FALSE);
  gtk_widget_set_hexpand (key, TRUE);
  gtk_widget_add_css_class (key, "key");

  g_object_set_data (G_OBJECT (key), "kind", GINT_TO_POINTER (kind));
  g_object_set_data_full (G_OBJECT (key), "text", g_strdup (text), g_free);
  g_signal_connect (key, kind == KEY_SHIFT ? "toggled" : "clicked",
                    G_CALLBACK (key_clicked_cb), self);

  gtk_box_append (row, key);

  return key;
}

static GtkBox *
new_row (GtkBox *page)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_set_homogeneous (GTK_BOX (row), FALSE);
  gtk_box_append (page, row);

  return GTK_BOX (row);
}

static GtkBox *
new_page (FindingsKeyboard *self,
          const char       *name)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_stack_add_named (self->stack, page, name);

  return GTK_BOX (page);
}

static void
add_keys (FindingsKeyboard *self,
          GtkBox           *row,
          const char       *keys,
          gboolean          letters)
{
  g_auto(GStrv) texts = g_strsplit (keys, " ", -1);

  for (guint i = 0; texts[i] != NULL; i++)
    {
      GtkWidget *key = add_key (self, row, KEY_TEXT, texts[i], NULL, NULL, NULL);

      if (letters && g_unichar_isalpha (g_utf8_get_char (texts[i])))
        g_ptr_array_add (self->letter_keys, key);
    }
}

static void
add_bottom_row (FindingsKeyboard *self,
                GtkBox           *page,
                gboolean          accents)
{
  GtkBox *row = new_row (page);
  GtkWidget *space;

  if (accents)
    /* Translators: the key that goes back from accented letters to the plain ones */
    add_key (self, row, KEY_LETTERS, NULL, C_("keyboard", "abc"), NULL,
             _("Plain letters"));
  else
    /* Translators: the key that shows accented letters; keep it short */
    add_key (self, row, KEY_ACCENTS, NULL, C_("keyboard", "àé"), NULL,
             _("Accented letters"));
  add_key (self, row, KEY_TEXT, ",", NULL, NULL, NULL);
  space = add_key (self, row, KEY_TEXT, " ", _("Space"), NULL, _("Space"));
  gtk_widget_add_css_class (space, "space");
  add_key (self, row, KEY_TEXT, ".", NULL, NULL, NULL);
  add_key (self, row, KEY_TEXT, "@", NULL, NULL, NULL);
}

static void
build_text_page (FindingsKeyboard *self,
                 const char       *name,
                 const char * const *rows,
                 gboolean          accents)
{
  GtkBox *page = new_page (self, name);

  for (guint i = 0; i < 4; i++)
    {
      GtkBox *row = new_row (page);

      if (i == 3)
        {
          GtkWidget *shift = add_key (self, row, KEY_SHIFT, NULL, NULL,
                                      "go-up-symbolic", _("Capital letter"));

          /* Both pages share one shift state; the letters page owns its button. */
          if (!accents)
            self->shift_button = GTK_TOGGLE_BUTTON (shift);
          else
            g_object_bind_property (self->shift_button, "active", shift, "active",
                                    G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
        }

      add_keys (self, row, rows[i], TRUE);

      if (i == 3)
        add_key (self, row, KEY_BACKSPACE, NULL, NULL, "edit-clear-symbolic",
                 _("Delete"));
    }

  add_bottom_row (self, page, accents);
}

static void
build_phone_page (FindingsKeyboard *self)
{
  GtkBox *page = new_page (self, "phone");
  GtkBox *row = NULL;

  gtk_widget_add_css_class (GTK_WIDGET (page), "keypad");

  for (guint i = 0; i < G_N_ELEMENTS (phone_rows); i++)
    {
      row = new_row (page);
      gtk_box_set_homogeneous (row, TRUE);
      add_keys (self, row, phone_rows[i], FALSE);
    }

  row = new_row (page);
  gtk_box_set_homogeneous (row, TRUE);
  add_key (self, row, KEY_TEXT, " ", _("Space"), NULL, _("Space"));
  add_key (self, row, KEY_BACKSPACE, NULL, NULL, "edit-clear-symbolic", _("Delete"));
}

static void
findings_keyboard_root (GtkWidget *widget)
{
  FindingsKeyboard *self = FINDINGS_KEYBOARD (widget);

  GTK_WIDGET_CLASS (findings_keyboard_parent_class)->root (widget);

  self->root = gtk_widget_get_root (widget);
  g_signal_connect_object (self->root, "notify::focus-widget",
                           G_CALLBACK (focus_changed_cb), self, G_CONNECT_SWAPPED);
  focus_changed_cb (self);
}

static void
findings_keyboard_unroot (GtkWidget *widget)
{
  FindingsKeyboard *self = FINDINGS_KEYBOARD (widget);

  g_signal_handlers_disconnect_by_func (self->root, focus_changed_cb, self);
  self->root = NULL;
  set_target (self, NULL);

  GTK_WIDGET_CLASS (findings_keyboard_parent_class)->unroot (widget);
}

static void
findings_keyboard_dispose (GObject *object)
{
  FindingsKeyboard *self = FINDINGS_KEYBOARD (object);
  GtkWidget *child;

  set_target (self, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->letter_keys, g_ptr_array_unref);

  G_OBJECT_CLASS (findings_keyboard_parent_class)->dispose (object);
}

static void
findings_keyboard_class_init (FindingsKeyboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = findings_keyboard_dispose;
  widget_class->root = findings_keyboard_root;
  widget_class->unroot = findings_keyboard_unroot;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "keyboard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
findings_keyboard_init (FindingsKeyboard *self)
{
  self->letter_keys = g_ptr_array_new ();
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));

  build_text_page (self, "letters", text_rows, FALSE);
  build_text_page (self, "accents", accent_rows, TRUE);
  build_phone_page (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("On-screen keyboard"),
                                  -1);
}

/* Whether it shows the phone keypad (the field with the focus is for a number). */
gboolean
_findings_keyboard_get_phone (FindingsKeyboard *self)
{
  g_return_val_if_fail (FINDINGS_IS_KEYBOARD (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "phone") == 0;
}

/* The field its keys type into: the last text field of its window to have the focus. */
GtkEditable *
_findings_keyboard_get_target (FindingsKeyboard *self)
{
  g_return_val_if_fail (FINDINGS_IS_KEYBOARD (self), NULL);

  return self->target;
}
