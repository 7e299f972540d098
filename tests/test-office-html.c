/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "findings-office-html.h"

/* The desk's one escaping function and its reading of signature paths. */

static void
test_escape (void)
{
  g_autofree char *text = findings_office_html_escape_dup ("<script>a & \"b\" 'c'</script>");
  g_autoptr(GString) page = g_string_new (NULL);

  g_assert_cmpstr (text, ==, "&lt;script&gt;a &amp; &quot;b&quot; &#39;c&#39;&lt;/script&gt;");

  /* Every %s is escaped, a %r fragment is not, NULL is empty. */
  findings_office_html_append (page, "<a title=\"%s\">%s</a>%r%s %d %D %u%%",
                               "\"><img src=x>", "<b>", "<br>", NULL, -3,
                               (gint64) 1 << 40, 7u);
  g_assert_cmpstr (page->str, ==,
                   "<a title=\"&quot;&gt;&lt;img src=x&gt;\">&lt;b&gt;</a><br> -3 "
                   "1099511627776 7%");
}

static void
test_escape_invalid_utf8 (void)
{
  g_autofree char *text = findings_office_html_escape_dup ("a\xff<b");

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_null (strchr (text, '<'));
}

static void
test_signature_path (void)
{
  double box[4];
  g_autofree char *path = findings_office_html_signature_path ("M10 10 L40,12 l-5.5e1 3Z", box);

  g_assert_cmpstr (path, ==, "M 10 10 L 40 12 l -55 3 Z");
  /* The absolute points only, with a margin of 8. */
  g_assert_cmpfloat (box[0], ==, 2);
  g_assert_cmpfloat (box[1], ==, 2);
  g_assert_cmpfloat (box[2], ==, 46);
  g_assert_cmpfloat (box[3], ==, 18);
}

static void
test_signature_refused (void)
{
  const char *bad[] = {
    "M10 10\" onload=\"alert(1)",
    "M10 10 <script>",
    "M 1 inf",
    "10 10",
    "",
    "M10 10 X 3",
  };
  double box[4];

  g_assert_null (findings_office_html_signature_path (NULL, box));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = findings_office_html_signature_path (bad[i], box);

      if (path != NULL)
        g_error ("“%s” was read as path data: “%s”", bad[i], path);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/office/html/escape", test_escape);
  g_test_add_func ("/office/html/escape-invalid-utf8", test_escape_invalid_utf8);
  g_test_add_func ("/office/html/signature-path", test_signature_path);
  g_test_add_func ("/office/html/signature-refused", test_signature_refused);

  return g_test_run ();
}
