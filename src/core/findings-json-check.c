/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-json-check"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "findings-json-check.h"

/* json-glib 1.6 recurses once per nesting level, accepts comments and a
 * "var x =" prefix, reads 0123 as octal, wraps integers beyond 64 bits and cuts
 * strings at \u0000. Everything it is given goes through this checker first,
 * which keeps its own explicit stack so that no input can exhaust the C stack. */

typedef enum
{
  WANT_VALUE,
  WANT_VALUE_OR_CLOSE,
  WANT_KEY,
  WANT_KEY_OR_CLOSE,
  WANT_COLON,
  WANT_COMMA_OR_CLOSE,
  WANT_END,
} Want;

typedef struct
{
  const char *data;
  gsize       length;
  gsize       pos;
  guint       max_depth;
  GString    *stack;    /* one byte per open container, '[' or '{' */
  Want        want;
  guint       line;     /* filled by locate () for messages */
  guint       column;

  /* Only for findings_json_check_items(): a value rule broken inside one element of
   * the top-level @member array is that element's own problem, not the document's. */
  const char *member;
  GArray     *items;
  gint        item;         /* index in @items of the element being read, or -1 */
  gboolean    member_next;  /* the value after the colon is @member's */
  gboolean    in_member;    /* inside @member's array */
  gboolean    in_key;
  gboolean    id_next;      /* the value after the colon is the element's "id" */
  gboolean    in_id;
} Checker;

static void
locate (Checker *self,
        gsize    offset)
{
  self->line = 1;
  self->column = 1;

  for (gsize i = 0; i < offset; i++)
    {
      guchar b = (guchar) self->data[i];

      if (b == '\n')
        {
          self->line++;
          self->column = 1;
        }
      else if ((b & 0xC0) != 0x80)
        {
          /* Columns count characters, not bytes. */
          self->column++;
        }
    }
}

static gboolean
fail_truncated (Checker  *self,
                GError  **error)
{
  locate (self, self->length);
  g_set_error (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_TRUNCATED,
               _("The document ends unexpectedly at line %u, column %u."),
               self->line, self->column);
  return FALSE;
}

/* A value rule: json-glib would read the text, but not as it is written. Inside an
 * element of the member findings_json_check_items() watches, the element takes the
 * blame and the check goes on; anywhere else the document is refused. */
static gboolean
break_value_rule (Checker  *self,
                  GError   *broken,
                  GError  **error)
{
  FindingsJsonItem *item;

  if (self->item < 0)
    {
      g_propagate_error (error, broken);
      return FALSE;
    }

  item = &g_array_index (self->items, FindingsJsonItem, self->item);
  if (self->in_id || (self->in_key && self->stack->len == 3))
    item->id_broken = TRUE;

  if (item->error == NULL)
    item->error = broken;
  else
    g_error_free (broken);

  return TRUE;
}

static gboolean
fail_nul (Checker  *self,
          gsize     offset,
          GError  **error)
{
  locate (self, offset);
  g_set_error (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_INVALID_VALUE,
               _("Text at line %u, column %u contains a NUL character, which is not allowed."),
               self->line, self->column);
  return FALSE;
}

static gboolean
break_nul (Checker  *self,
           gsize     offset,
           GError  **error)
{
  GError *broken = NULL;

  fail_nul (self, offset, &broken);
  return break_value_rule (self, broken, error);
}

/* @what is a translated phrase; the position is added to it. */
static gboolean
fail_syntax (Checker    *self,
             gsize       offset,
             const char *what,
             GError    **error)
{
  locate (self, offset);
  g_set_error (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_SYNTAX,
               /* Translators: the first %s says what is wrong */
               _("%s (line %u, column %u)."), what, self->line, self->column);
  return FALSE;
}

static gboolean
fail_unexpected (Checker  *self,
                 gsize     offset,
                 GError  **error)
{
  char buf[16] = { 0 };
  g_autofree char *what = NULL;
  gunichar c;

  c = g_utf8_get_char (self->data + offset);
  if (c != 0 && g_unichar_isgraph (c))
    g_unichar_to_utf8 (c, buf);
  else
    g_snprintf (buf, sizeof buf, "U+%04X", c);

  what = g_strdup_printf (_("Unexpected character “%s”"), buf);
  return fail_syntax (self, offset, what, error);
}

/* Common mistakes get a message of their own; anything else is unexpected. */
static gboolean
fail_at_character (Checker  *self,
                   GError  **error)
{
  switch (self->data[self->pos])
    {
    case '/':
    case '#':
      return fail_syntax (self, self->pos, _("Comments are not allowed"), error);
    case '\'':
      return fail_syntax (self, self->pos,
                          _("Text must be in double quotes, not single quotes"), error);
    default:
      return fail_unexpected (self, self->pos, error);
    }
}

/* The value that just ended sits in a container now @self->stack->len deep. */
static void
after_value (Checker *self)
{
  self->want = self->stack->len == 0 ? WANT_END : WANT_COMMA_OR_CLOSE;

  if (self->member == NULL)
    return;

  if (self->in_id && self->stack->len == 3)
    self->in_id = FALSE;

  if (self->item >= 0 && self->stack->len == 2)
    {
      FindingsJsonItem *item = &g_array_index (self->items, FindingsJsonItem, self->item);

      item->length = self->pos - item->offset;
      self->item = -1;
    }

  if (self->in_member && self->stack->len == 1)
    self->in_member = FALSE;
}

static char
top (Checker *self)
{
  g_assert (self->stack->len > 0);
  return self->stack->str[self->stack->len - 1];
}

static gboolean
read_hex4 (Checker  *self,
           gsize     start,
           gunichar *out,
           GError  **error)
{
  *out = 0;

  for (gsize i = start; i < start + 4; i++)
    {
      if (i >= self->length)
        return fail_truncated (self, error);
      if (!g_ascii_isxdigit (self->data[i]))
        return fail_syntax (self, start - 2, _("Invalid escape sequence"), error);
      *out = (*out << 4) | (gunichar) g_ascii_xdigit_value (self->data[i]);
    }

  return TRUE;
}

static gboolean
fail_surrogate (Checker  *self,
                gsize     offset,
                GError  **error)
{
  return fail_syntax (self, offset, _("Unpaired surrogate in a \\u escape"), error);
}

/* A high surrogate must be followed at once by an escaped low surrogate. */
static gboolean
scan_low_surrogate (Checker  *self,
                    gsize     high_at,
                    gsize    *next,
                    GError  **error)
{
  gsize at = high_at + 6;
  gunichar low;

  if (at >= self->length)
    return fail_truncated (self, error);
  if (self->data[at] != '\\')
    return fail_surrogate (self, high_at, error);
  if (at + 1 >= self->length)
    return fail_truncated (self, error);
  if (self->data[at + 1] != 'u')
    return fail_surrogate (self, high_at, error);
  if (!read_hex4 (self, at + 2, &low, error))
    return FALSE;
  if (low < 0xDC00 || low > 0xDFFF)
    return fail_surrogate (self, high_at, error);

  *next = at + 6;
  return TRUE;
}

static gboolean
scan_escape (Checker  *self,
             gsize    *i,
             GError  **error)
{
  gsize at = *i;
  gunichar unit;

  if (at + 1 >= self->length)
    return fail_truncated (self, error);

  switch (self->data[at + 1])
    {
    case '"':
    case '\\':
    case '/':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't':
      *i = at + 2;
      return TRUE;
    case 'u':
      break;
    default:
      return fail_syntax (self, at, _("Invalid escape sequence"), error);
    }

  if (!read_hex4 (self, at + 2, &unit, error))
    return FALSE;
  /* A raw NUL byte is not JSON at all, but \u0000 is: json-glib cuts the text there. */
  if (unit == 0 && !break_nul (self, at, error))
    return FALSE;
  if (unit >= 0xDC00 && unit <= 0xDFFF)
    return fail_surrogate (self, at, error);
  if (unit >= 0xD800 && unit <= 0xDBFF)
    return scan_low_surrogate (self, at, i, error);

  *i = at + 6;
  return TRUE;
}

/* The bytes a string's scan must stop at: the quote, the backslash and the control
 * characters (NUL among them). Anything else is plain text, checked as UTF-8 once
 * for the whole document. */
static gboolean
ends_plain_text (guchar c)
{
  return c < 0x20 || c == '"' || c == '\\';
}

#define EACH_BYTE(b) (G_GUINT64_CONSTANT (0x0101010101010101) * (b))

/* Whether any of the eight bytes in @word may end plain text. The classic tests
 * (a byte below n, a zero byte) never miss one; they may flag a byte after one that
 * matched, which only sends the scan to its byte-by-byte loop a little early. */
static gboolean
may_end_plain_text (guint64 word)
{
  guint64 quote = word ^ EACH_BYTE ('"');
  guint64 backslash = word ^ EACH_BYTE ('\\');
  guint64 below = (word - EACH_BYTE (0x20)) & ~word;

  below |= (quote - EACH_BYTE (1)) & ~quote;
  below |= (backslash - EACH_BYTE (1)) & ~backslash;

  return (below & EACH_BYTE (0x80)) != 0;
}

/* The first byte at or after @i that may end plain text, or the end. */
static gsize
skip_plain_text (const char *data,
                 gsize       length,
                 gsize       i)
{
  while (length - i >= sizeof (guint64))
    {
      guint64 word;

      memcpy (&word, data + i, sizeof word);
      if (may_end_plain_text (word))
        break;
      i += sizeof word;
    }

  while (i < length && !ends_plain_text ((guchar) data[i]))
    i++;

  return i;
}

static gboolean
scan_string (Checker  *self,
             GError  **error)
{
  gsize i = self->pos + 1;

  while (i < self->length)
    {
      guchar c;

      /* Most of a document is plain text: step over it eight bytes at a time. */
      i = skip_plain_text (self->data, self->length, i);
      if (i == self->length)
        break;

      c = (guchar) self->data[i];

      if (c == '"')
        {
          self->pos = i + 1;
          return TRUE;
        }

      if (c == '\\')
        {
          if (!scan_escape (self, &i, error))
            return FALSE;
          continue;
        }

      if (c == 0)
        return fail_nul (self, i, error);
      if (c < 0x20)
        return fail_syntax (self, i, _("Unescaped control character in text"), error);
      i++;
    }

  return fail_truncated (self, error);
}

static gboolean
fits_int64 (const char *text,
            gsize       length)
{
  gboolean negative = text[0] == '-';
  const char *digits = negative ? text + 1 : text;
  gsize n = negative ? length - 1 : length;

  if (n != 19)
    return n < 19;

  return memcmp (digits, negative ? "9223372036854775808" : "9223372036854775807", 19) <= 0;
}

/* Reads one or more digits; a number cut off by the end is truncated. */
static gboolean
scan_digits (Checker  *self,
             gsize    *i,
             gsize     start,
             GError  **error)
{
  gsize first = *i;

  while (*i < self->length && g_ascii_isdigit (self->data[*i]))
    (*i)++;

  if (*i > first)
    return TRUE;
  if (*i == self->length)
    return fail_truncated (self, error);

  return fail_syntax (self, start, _("Incomplete number"), error);
}

static gboolean
scan_number (Checker  *self,
             GError  **error)
{
  gsize start = self->pos;
  gsize i = start;
  gboolean integer = TRUE;

  if (self->data[i] == '-')
    i++;

  if (i < self->length && self->data[i] == '0')
    {
      i++;
      if (i < self->length && g_ascii_isdigit (self->data[i]))
        return fail_syntax (self, start, _("A number starts with a superfluous zero"), error);
    }
  else if (!scan_digits (self, &i, start, error))
    return FALSE;

  if (i < self->length && self->data[i] == '.')
    {
      integer = FALSE;
      i++;
      if (!scan_digits (self, &i, start, error))
        return FALSE;
    }

  if (i < self->length && (self->data[i] == 'e' || self->data[i] == 'E'))
    {
      integer = FALSE;
      i++;
      if (i < self->length && (self->data[i] == '+' || self->data[i] == '-'))
        i++;
      if (!scan_digits (self, &i, start, error))
        return FALSE;
    }

  if (integer && !fits_int64 (self->data + start, i - start))
    {
      GError *broken = NULL;

      locate (self, start);
      g_set_error (&broken, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_OUT_OF_RANGE,
                   _("The number at line %u, column %u is too large."),
                   self->line, self->column);
      if (!break_value_rule (self, broken, error))
        return FALSE;
    }

  self->pos = i;
  return TRUE;
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '$';
}

static gboolean
scan_word (Checker  *self,
           GError  **error)
{
  static const char * const literals[] = { "true", "false", "null" };
  const char *word = self->data + self->pos;
  gsize i = self->pos;
  gsize n;
  g_autofree char *shown = NULL;
  g_autofree char *what = NULL;

  while (i < self->length && is_word_char (self->data[i]))
    i++;
  n = i - self->pos;

  for (guint k = 0; k < G_N_ELEMENTS (literals); k++)
    {
      gsize len = strlen (literals[k]);

      if (n == len && memcmp (word, literals[k], n) == 0)
        {
          self->pos = i;
          return TRUE;
        }
      if (i == self->length && n < len && memcmp (word, literals[k], n) == 0)
        return fail_truncated (self, error);
    }

  /* Words are ASCII, so cutting by bytes keeps the message valid UTF-8. */
  shown = g_strndup (word, MIN (n, 32));
  what = g_strdup_printf (_("Unexpected word “%s”"), shown);
  return fail_syntax (self, self->pos, what, error);
}

/* Whether the string token from @start to the current position, quotes included,
 * reads as @name once its escapes are undone, as json-glib would read it. */
static gboolean
token_equals (Checker    *self,
              gsize       start,
              const char *name)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gsize end = self->pos - 1;

  for (gsize i = start + 1; i < end; i++)
    {
      char c = self->data[i];
      gunichar unit = 0;

      if (c != '\\')
        {
          g_string_append_c (text, c);
          continue;
        }

      c = self->data[++i];
      switch (c)
        {
        case 'b': g_string_append_c (text, '\b'); break;
        case 'f': g_string_append_c (text, '\f'); break;
        case 'n': g_string_append_c (text, '\n'); break;
        case 'r': g_string_append_c (text, '\r'); break;
        case 't': g_string_append_c (text, '\t'); break;
        case 'u':
          for (guint k = 1; k <= 4; k++)
            unit = (unit << 4) | (gunichar) g_ascii_xdigit_value (self->data[i + k]);
          i += 4;
          /* The names asked about are ASCII, so a surrogate pair never matches; a
           * stand-in keeps the text from matching by accident. */
          if (unit >= 0xD800 && unit <= 0xDFFF)
            unit = 0xFFFD;
          g_string_append_unichar (text, unit);
          break;
        default:
          g_string_append_c (text, c);
          break;
        }
    }

  return text->len == strlen (name) && memcmp (text->str, name, text->len) == 0;
}

static gboolean
forget_items (Checker  *self,
              GError  **error)
{
  /* Only the last of two members with the same name counts, for json-glib too; but
   * a broken earlier one still refuses the document rather than vanish unseen. */
  for (guint i = 0; i < self->items->len; i++)
    {
      FindingsJsonItem *item = &g_array_index (self->items, FindingsJsonItem, i);

      if (item->error != NULL)
        {
          g_propagate_error (error, g_error_copy (item->error));
          return FALSE;
        }
    }

  g_array_set_size (self->items, 0);
  return TRUE;
}

static gboolean
note_key (Checker  *self,
          gsize     start,
          GError  **error)
{
  if (self->stack->len == 1)
    {
      self->member_next = token_equals (self, start, self->member);
      if (self->member_next && !forget_items (self, error))
        return FALSE;
    }
  else if (self->stack->len == 3 && self->item >= 0)
    {
      self->id_next = token_equals (self, start, "id");
    }

  return TRUE;
}

static void
note_value (Checker *self,
            char     c)
{
  if (self->stack->len == 1 && self->member_next)
    {
      self->member_next = FALSE;
      self->in_member = c == '[';
    }
  else if (self->in_member && self->stack->len == 2)
    {
      FindingsJsonItem item = { self->pos, 0, NULL, FALSE };

      g_array_append_val (self->items, item);
      self->item = (gint) self->items->len - 1;
    }
  else if (self->id_next && self->stack->len == 3)
    {
      self->id_next = FALSE;
      self->in_id = TRUE;
    }
}

static gboolean
open_container (Checker *self,
                char     kind)
{
  g_string_append_c (self->stack, kind);
  self->want = kind == '[' ? WANT_VALUE_OR_CLOSE : WANT_KEY_OR_CLOSE;
  self->pos++;
  return TRUE;
}

static gboolean
begin_value (Checker  *self,
             GError  **error)
{
  char c = self->data[self->pos];

  if (c == ']' && self->stack->len > 0 && top (self) == '[')
    return fail_syntax (self, self->pos, _("Extra comma before “]”"), error);

  /* Scalars count too: in [1], the array is level 1 and the 1 is level 2. */
  if (self->stack->len >= self->max_depth)
    {
      locate (self, self->pos);
      g_set_error (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_TOO_DEEP,
                   g_dngettext (NULL,
                                "The document is nested more than %u level deep at line %u, "
                                "column %u.",
                                "The document is nested more than %u levels deep at line %u, "
                                "column %u.",
                                self->max_depth),
                   self->max_depth, self->line, self->column);
      return FALSE;
    }

  if (self->member != NULL)
    note_value (self, c);

  if (c == '{' || c == '[')
    return open_container (self, c);

  if (c == '"')
    {
      if (!scan_string (self, error))
        return FALSE;
    }
  else if (c == '-' || g_ascii_isdigit (c))
    {
      if (!scan_number (self, error))
        return FALSE;
    }
  else if (g_ascii_isalpha (c) || c == '_' || c == '$')
    {
      if (!scan_word (self, error))
        return FALSE;
    }
  else
    {
      return fail_at_character (self, error);
    }

  after_value (self);
  return TRUE;
}

static gboolean
begin_key (Checker  *self,
           GError  **error)
{
  char c = self->data[self->pos];

  if (c == '"')
    {
      gsize start = self->pos;

      self->in_key = TRUE;
      if (!scan_string (self, error))
        return FALSE;
      self->in_key = FALSE;

      if (self->member != NULL && !note_key (self, start, error))
        return FALSE;

      self->want = WANT_COLON;
      return TRUE;
    }

  if (c == '}')
    return fail_syntax (self, self->pos, _("Extra comma before “}”"), error);
  if (c == '/' || c == '#' || c == '\'')
    return fail_at_character (self, error);

  return fail_syntax (self, self->pos, _("Expected a name in double quotes"), error);
}

static gboolean
close_container (Checker  *self,
                 GError  **error)
{
  char expected = top (self) == '[' ? ']' : '}';

  if (self->data[self->pos] != expected)
    return fail_unexpected (self, self->pos, error);

  g_string_truncate (self->stack, self->stack->len - 1);
  self->pos++;
  after_value (self);
  return TRUE;
}

static gboolean
comma_or_close (Checker  *self,
                GError  **error)
{
  char c = self->data[self->pos];

  if (c == ',')
    {
      self->want = top (self) == '[' ? WANT_VALUE : WANT_KEY;
      self->pos++;
      return TRUE;
    }

  if (c == ']' || c == '}')
    return close_container (self, error);
  if (c == '/' || c == '#')
    return fail_at_character (self, error);

  if (top (self) == '[')
    return fail_syntax (self, self->pos, _("Expected “,” or “]”"), error);

  return fail_syntax (self, self->pos, _("Expected “,” or “}”"), error);
}

static gboolean
step (Checker  *self,
      GError  **error)
{
  char c = self->data[self->pos];

  switch (self->want)
    {
    case WANT_VALUE_OR_CLOSE:
      return c == ']' ? close_container (self, error) : begin_value (self, error);

    case WANT_VALUE:
      return begin_value (self, error);

    case WANT_KEY_OR_CLOSE:
      return c == '}' ? close_container (self, error) : begin_key (self, error);

    case WANT_KEY:
      return begin_key (self, error);

    case WANT_COLON:
      if (c != ':')
        return fail_syntax (self, self->pos, _("Expected “:” after a name"), error);
      self->want = WANT_VALUE;
      self->pos++;
      return TRUE;

    case WANT_COMMA_OR_CLOSE:
      return comma_or_close (self, error);

    case WANT_END:
      if (c == '/' || c == '#')
        return fail_at_character (self, error);
      return fail_syntax (self, self->pos,
                          _("Unexpected content after the end of the document"), error);

    default:
      g_assert_not_reached ();
    }
}

static void
skip_whitespace (Checker *self)
{
  while (self->pos < self->length)
    {
      char c = self->data[self->pos];

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      self->pos++;
    }
}

static gboolean
check_end (Checker  *self,
           GError  **error)
{
  if (self->want == WANT_END)
    return TRUE;

  if (self->want == WANT_VALUE && self->stack->len == 0)
    {
      g_set_error_literal (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_TRUNCATED,
                           _("The document is empty."));
      return FALSE;
    }

  return fail_truncated (self, error);
}

/* Whether @p holds the start of a valid character that the end of the document
 * cut off: the document is then truncated rather than invalid. */
static gboolean
is_cut_character (const char *p,
                  gsize       left)
{
  guchar lead = (guchar) p[0];
  gsize needed;

  if (lead >= 0xC2 && lead <= 0xDF)
    needed = 2;
  else if (lead >= 0xE0 && lead <= 0xEF)
    needed = 3;
  else if (lead >= 0xF0 && lead <= 0xF4)
    needed = 4;
  else
    return FALSE;

  return left < needed &&
         g_utf8_get_char_validated (p, (gssize) left) == (gunichar) -2 &&
         memchr (p, '\0', left) == NULL;
}

static gboolean
check_utf8 (Checker  *self,
            GError  **error)
{
  gsize offset = 0;

  /* g_utf8_validate_len() stops at a NUL byte; step over it so that the token
   * check can report it with its position. */
  while (offset < self->length)
    {
      const char *end;

      if (g_utf8_validate_len (self->data + offset, self->length - offset, &end))
        return TRUE;

      offset = (gsize) (end - self->data);
      if (is_cut_character (self->data + offset, self->length - offset))
        return fail_truncated (self, error);

      if (self->data[offset] != '\0')
        {
          locate (self, offset);
          g_set_error (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_INVALID_UTF8,
                       _("The document is not valid UTF-8 text: bad bytes at line %u, "
                         "column %u."),
                       self->line, self->column);
          return FALSE;
        }
      offset++;
    }

  return TRUE;
}

static gboolean
run_check (const char  *data,
           gsize        length,
           gsize        max_size,
           guint        max_depth,
           const char  *member,
           GArray      *items,
           GError     **error)
{
  g_autoptr(GString) stack = NULL;
  Checker self = { 0 };

  if (length > max_size)
    {
      g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_TOO_LARGE,
                   _("The document is larger than the limit of %s."), limit);
      return FALSE;
    }

  stack = g_string_new (NULL);
  self.data = data;
  self.length = length;
  self.max_depth = max_depth;
  self.stack = stack;
  self.want = WANT_VALUE;
  self.member = member;
  self.items = items;
  self.item = -1;

  if (!check_utf8 (&self, error))
    return FALSE;

  for (;;)
    {
      skip_whitespace (&self);
      if (self.pos == self.length)
        return check_end (&self, error);
      if (!step (&self, error))
        return FALSE;
    }
}

/**
 * findings_json_check:
 * @data: the document, not necessarily nul-terminated
 * @length: its length in bytes
 * @max_size: the largest accepted length
 * @max_depth: the deepest accepted nesting; the top-level value is level 1
 * @error: return location for a %FINDINGS_PARSE_ERROR
 *
 * Checks that @data is exactly one RFC 8259 JSON value, and that json-glib can
 * read it without crashing or changing it.
 *
 * Returns: %TRUE if the document is acceptable
 */
gboolean
findings_json_check (const char  *data,
                     gsize        length,
                     gsize        max_size,
                     guint        max_depth,
                     GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_check (data, length, max_size, max_depth, NULL, NULL, error);
}

static void
clear_item (gpointer data)
{
  FindingsJsonItem *item = data;

  g_clear_error (&item->error);
}

/**
 * findings_json_check_items:
 * @data: the document, not necessarily nul-terminated
 * @length: its length in bytes
 * @max_size: the largest accepted length
 * @max_depth: the deepest accepted nesting; the top-level value is level 1
 * @member: the name of a member of the top-level object whose array is a list of
 *   items, each judged on its own
 * @error: return location for a %FINDINGS_PARSE_ERROR
 *
 * Like findings_json_check(), but a value rule (a U+0000 in a string, a whole number
 * json-glib would wrap) broken inside one element of the array in @member is
 * recorded against that element instead of refusing the document. Size, UTF-8,
 * syntax and depth still refuse the document whole, and so does a value rule broken
 * anywhere else. json-glib reads such a document, but the elements that carry an
 * error are not what their text says and must be set aside.
 *
 * When the top-level value is not an object, or @member is absent or not an array,
 * the array returned is empty.
 *
 * Returns: (transfer full) (element-type FindingsJsonItem) (nullable): one item per
 *   element of the last @member array, in order, or %NULL if the document is refused
 */
GArray *
findings_json_check_items (const char  *data,
                           gsize        length,
                           gsize        max_size,
                           guint        max_depth,
                           const char  *member,
                           GError     **error)
{
  g_autoptr(GArray) items = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (member != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  items = g_array_new (FALSE, TRUE, sizeof (FindingsJsonItem));
  g_array_set_clear_func (items, clear_item);

  if (!run_check (data, length, max_size, max_depth, member, items, error))
    return NULL;

  return g_steal_pointer (&items);
}

/**
 * findings_json_parse_checked:
 * @data: a document that findings_json_check() or findings_json_check_items() accepted
 * @length: its length in bytes
 * @error: return location for a %FINDINGS_PARSE_ERROR
 *
 * Parses a document already checked, with json-glib.
 *
 * Returns: (transfer full): the root node, or %NULL
 */
JsonNode *
findings_json_parse_checked (const char  *data,
                             gsize        length,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (length <= G_MAXSSIZE, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      /* Not expected after the check, but never trust it blindly. */
      g_set_error (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_SYNTAX,
                   _("The document could not be read: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_TRUNCATED,
                           _("The document is empty."));
      return NULL;
    }

  return json_node_ref (root);
}

/**
 * findings_json_parse_strict:
 * @data: the document, not necessarily nul-terminated
 * @length: its length in bytes
 * @max_size: the largest accepted length
 * @max_depth: the deepest accepted nesting; the top-level value is level 1
 * @error: return location for a %FINDINGS_PARSE_ERROR
 *
 * Checks @data with findings_json_check(), then parses it.
 *
 * Returns: (transfer full): the root node, or %NULL
 */
JsonNode *
findings_json_parse_strict (const char  *data,
                            gsize        length,
                            gsize        max_size,
                            guint        max_depth,
                            GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!findings_json_check (data, length, max_size, max_depth, error))
    return NULL;

  return findings_json_parse_checked (data, length, error);
}
