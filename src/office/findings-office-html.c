/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-office"

#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "findings-office-html.h"

/**
 * findings_office_html_escape:
 * @out: where the escaped text is appended
 * @text: (nullable): any text; %NULL appends nothing
 *
 * The one escaping function of the desk. It escapes the five characters that
 * matter in element content and in quoted attribute values (& < > " '), and
 * drops what is not valid UTF-8, so that no text can open a tag, end an
 * attribute or start a character reference.
 */
void
findings_office_html_escape (GString    *out,
                             const char *text)
{
  const char *end;

  g_return_if_fail (out != NULL);

  if (text == NULL)
    return;

  if (!g_utf8_validate (text, -1, &end))
    {
      g_autofree char *valid = g_utf8_make_valid (text, -1);

      findings_office_html_escape (out, valid);
      return;
    }

  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, "&quot;");
          break;
        case '\'':
          g_string_append (out, "&#39;");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

char *
findings_office_html_escape_dup (const char *text)
{
  GString *out = g_string_new (NULL);

  findings_office_html_escape (out, text);
  return g_string_free (out, FALSE);
}

/**
 * findings_office_html_append_va:
 * @format: trusted HTML with conversions: `%s` text, escaped (%NULL is empty);
 *   `%r` an HTML fragment the desk built itself, as it is; `%d` an int; `%D` a
 *   gint64; `%u` a guint; `%%` a percent sign
 *
 * Builds markup so that the escaping cannot be forgotten: any string argument is
 * escaped unless the format says, with `%r`, that it is markup already.
 */
void
findings_office_html_append_va (GString    *out,
                                const char *format,
                                va_list     args)
{
  for (const char *p = format; *p != '\0'; p++)
    {
      if (*p != '%')
        {
          g_string_append_c (out, *p);
          continue;
        }

      switch (*++p)
        {
        case 's':
          findings_office_html_escape (out, va_arg (args, const char *));
          break;
        case 'r':
          {
            const char *fragment = va_arg (args, const char *);

            if (fragment != NULL)
              g_string_append (out, fragment);
          }
          break;
        case 'd':
          g_string_append_printf (out, "%d", va_arg (args, int));
          break;
        case 'u':
          g_string_append_printf (out, "%u", va_arg (args, guint));
          break;
        case 'D':
          g_string_append_printf (out, "%" G_GINT64_FORMAT, va_arg (args, gint64));
          break;
        case '%':
          g_string_append_c (out, '%');
          break;
        default:
          g_critical ("findings_office_html_append: unknown conversion in “%s”", format);
          return;
        }
    }
}

void
findings_office_html_append (GString    *out,
                             const char *format,
                             ...)
{
  va_list args;

  va_start (args, format);
  findings_office_html_append_va (out, format, args);
  va_end (args);
}

static gboolean
is_path_command (char c)
{
  return strchr ("MmLlHhVvCcSsQqTtAaZz", c) != NULL;
}

typedef struct
{
  double   min_x, min_y, max_x, max_y;
  gboolean any;
} Box;

static void
box_add (Box    *box,
         double  value,
         char    axis)
{
  if (axis == 'x')
    {
      box->min_x = box->any ? MIN (box->min_x, value) : value;
      box->max_x = box->any ? MAX (box->max_x, value) : value;
      if (!box->any)
        box->min_y = box->max_y = G_MAXDOUBLE;
    }
  else if (box->any)
    {
      box->min_y = box->min_y == G_MAXDOUBLE ? value : MIN (box->min_y, value);
      box->max_y = box->max_y == G_MAXDOUBLE ? value : MAX (box->max_y, value);
    }
  box->any = TRUE;
}

/* Which axis the @index-th number after @command is on, for the drawing's bounds:
 * only absolute commands count; 0 when the number is no coordinate. */
static char
number_axis (char  command,
             guint index)
{
  switch (command)
    {
    case 'M': case 'L': case 'T': case 'C': case 'S': case 'Q':
      return index % 2 == 0 ? 'x' : 'y';
    case 'H':
      return 'x';
    case 'V':
      return 'y';
    default:
      return 0;
    }
}

/**
 * findings_office_html_signature_path:
 * @data: (nullable): a signature's `svg-path` data, as the kiosk sent it
 * @out_box: (out caller-allocates) (array fixed-size=4): the drawing's bounds, as an
 *   SVG viewBox (x, y, width, height) with a margin
 *
 * Reads the path data as SVG path commands and numbers only, and writes it
 * again from what was read. Anything else (a quote, a bracket, a letter that is
 * no command) refuses the whole signature, so that it can go into a `d`
 * attribute without relying on escaping alone.
 *
 * Returns: (transfer full) (nullable): the path data, rewritten, or %NULL
 */
char *
findings_office_html_signature_path (const char *data,
                                     double     *out_box)
{
  g_autoptr(GString) path = NULL;
  const char *p = data;
  guint commands = 0;
  guint index = 0;
  char command = 0;
  Box box = { 0 };

  if (data == NULL)
    return NULL;

  path = g_string_new (NULL);
  while (*p != '\0')
    {
      if (g_ascii_isspace (*p) || *p == ',')
        {
          p++;
          continue;
        }

      if (is_path_command (*p))
        {
          if (path->len > 0)
            g_string_append_c (path, ' ');
          command = *p;
          index = 0;
          g_string_append_c (path, *p++);
          commands++;
          continue;
        }

      if (g_ascii_isdigit (*p) || *p == '-' || *p == '+' || *p == '.')
        {
          char *end = NULL;
          double value = g_ascii_strtod (p, &end);
          char number[G_ASCII_DTOSTR_BUF_SIZE];
          char axis;

          if (end == p || !isfinite (value) || commands == 0)
            return NULL;

          axis = number_axis (command, index++);
          if (axis != 0)
            box_add (&box, value, axis);

          g_string_append_c (path, ' ');
          g_string_append (path, g_ascii_formatd (number, sizeof number, "%.6g", value));
          p = end;
          continue;
        }

      return NULL;
    }

  if (commands == 0)
    return NULL;

  if (box.any && box.min_y != G_MAXDOUBLE)
    {
      double margin = 8;

      out_box[0] = box.min_x - margin;
      out_box[1] = box.min_y - margin;
      out_box[2] = MAX (box.max_x - box.min_x, 1) + 2 * margin;
      out_box[3] = MAX (box.max_y - box.min_y, 1) + 2 * margin;
    }
  else
    {
      out_box[0] = 0;
      out_box[1] = 0;
      out_box[2] = 600;
      out_box[3] = 200;
    }

  return g_string_free (g_steal_pointer (&path), FALSE);
}
