/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-signature-pad"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-signature-pad.h"

/* A place to sign with a finger, a stylus or a mouse. Strokes are kept as points and
 * handed on as an SVG path ("M x y L x y …"), the format the office API names. */
struct _FindingsSignaturePad
{
  GtkWidget  parent_instance;

  /* Each stroke is a GArray of graphene_point_t. */
  GPtrArray *strokes;
  double     start_x;
  double     start_y;
};

G_DEFINE_FINAL_TYPE (FindingsSignaturePad, findings_signature_pad, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EMPTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The API bounds signature data to 65,536 characters; stop well before. */
#define MAX_POINTS 6000

static guint
count_points (FindingsSignaturePad *self)
{
  guint n = 0;

  for (guint i = 0; i < self->strokes->len; i++)
    n += ((GArray *) g_ptr_array_index (self->strokes, i))->len;

  return n;
}

static void
add_point (FindingsSignaturePad *self,
           double                x,
           double                y)
{
  GArray *stroke;
  graphene_point_t point = GRAPHENE_POINT_INIT (x, y);

  if (self->strokes->len == 0 || count_points (self) >= MAX_POINTS)
    return;

  stroke = g_ptr_array_index (self->strokes, self->strokes->len - 1);
  g_array_append_val (stroke, point);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_begin_cb (GtkGestureDrag       *gesture,
               double                x,
               double                y,
               FindingsSignaturePad *self)
{
  gboolean was_empty = findings_signature_pad_get_empty (self);

  self->start_x = x;
  self->start_y = y;
  g_ptr_array_add (self->strokes, g_array_new (FALSE, FALSE, sizeof (graphene_point_t)));
  add_point (self, x, y);

  if (was_empty)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
}

static void
drag_update_cb (GtkGestureDrag       *gesture,
                double                offset_x,
                double                offset_y,
                FindingsSignaturePad *self)
{
  add_point (self, self->start_x + offset_x, self->start_y + offset_y);
}

static void
findings_signature_pad_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  FindingsSignaturePad *self = FINDINGS_SIGNATURE_PAD (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA color;
  cairo_t *cr;

  /* gtk_widget_get_color() is GTK 4.10; this is the 4.8 way. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* The line to sign on. */
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.3);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, 24, height * 0.75);
  cairo_line_to (cr, width - 24, height * 0.75);
  cairo_stroke (cr);

  gdk_cairo_set_source_rgba (cr, &color);
  cairo_set_line_width (cr, 3);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (guint i = 0; i < self->strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (self->strokes, i);

      for (guint j = 0; j < stroke->len; j++)
        {
          graphene_point_t *p = &g_array_index (stroke, graphene_point_t, j);

          if (j == 0)
            cairo_move_to (cr, p->x, p->y);
          else
            cairo_line_to (cr, p->x, p->y);
        }
      if (stroke->len == 1)
        cairo_rel_line_to (cr, 0.1, 0);
      cairo_stroke (cr);
    }

  cairo_destroy (cr);
}

static void
findings_signature_pad_finalize (GObject *object)
{
  FindingsSignaturePad *self = FINDINGS_SIGNATURE_PAD (object);

  g_clear_pointer (&self->strokes, g_ptr_array_unref);

  G_OBJECT_CLASS (findings_signature_pad_parent_class)->finalize (object);
}

static void
findings_signature_pad_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  FindingsSignaturePad *self = FINDINGS_SIGNATURE_PAD (object);

  switch (prop_id)
    {
    case PROP_EMPTY:
      g_value_set_boolean (value, findings_signature_pad_get_empty (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_signature_pad_class_init (FindingsSignaturePadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = findings_signature_pad_finalize;
  object_class->get_property = findings_signature_pad_get_property;
  widget_class->snapshot = findings_signature_pad_snapshot;

  properties[PROP_EMPTY] =
    g_param_spec_boolean ("empty", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "signaturepad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
findings_signature_pad_init (FindingsSignaturePad *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  /* Touch, stylus and mouse all arrive as drags. */
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (drag), FALSE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Signature area"),
                                  -1);
}

gboolean
findings_signature_pad_get_empty (FindingsSignaturePad *self)
{
  g_return_val_if_fail (FINDINGS_IS_SIGNATURE_PAD (self), TRUE);

  return self->strokes->len == 0;
}

void
findings_signature_pad_clear (FindingsSignaturePad *self)
{
  g_return_if_fail (FINDINGS_IS_SIGNATURE_PAD (self));

  if (self->strokes->len == 0)
    return;

  g_ptr_array_set_size (self->strokes, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
}

char *
findings_signature_pad_dup_svg_path (FindingsSignaturePad *self)
{
  GString *path;

  g_return_val_if_fail (FINDINGS_IS_SIGNATURE_PAD (self), NULL);

  if (self->strokes->len == 0)
    return NULL;

  path = g_string_new (NULL);
  for (guint i = 0; i < self->strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (self->strokes, i);

      for (guint j = 0; j < stroke->len; j++)
        {
          graphene_point_t *p = &g_array_index (stroke, graphene_point_t, j);

          g_string_append_printf (path, "%s%s %d %d", path->len > 0 ? " " : "",
                                  j == 0 ? "M" : "L", (int) p->x, (int) p->y);
        }
    }

  return g_string_free (path, FALSE);
}
