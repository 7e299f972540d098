/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-feed-page"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-feed-page.h"
#include "findings-json-check.h"
#include "findings-json-read.h"
#include "findings-visit-parser.h"

/* One page of GET /api/v1/visits. The page is refused whole only when it cannot be
 * read at all, or its envelope is wrong; a visit that breaks a rule is set aside on
 * its own, so that one bad visit never holds back the others, nor the cursor. */

struct _FindingsFeedPage
{
  grefcount  ref_count;
  GPtrArray *visits;    /* FindingsVisit */
  GPtrArray *bodies;    /* GBytes, one per visit */
  GArray    *problems;  /* FindingsFeedProblem */
  char      *cursor;
  gboolean   more;
};

G_DEFINE_BOXED_TYPE (FindingsFeedPage, findings_feed_page,
                     findings_feed_page_ref, findings_feed_page_unref)

static void
clear_problem (gpointer data)
{
  FindingsFeedProblem *problem = data;

  g_clear_pointer (&problem->id, g_free);
  g_clear_error (&problem->error);
}

static FindingsFeedPage *
findings_feed_page_new (const char *cursor,
                        gboolean    more)
{
  FindingsFeedPage *self = g_new0 (FindingsFeedPage, 1);

  g_ref_count_init (&self->ref_count);
  self->visits = g_ptr_array_new_with_free_func (g_object_unref);
  self->bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->problems = g_array_new (FALSE, TRUE, sizeof (FindingsFeedProblem));
  g_array_set_clear_func (self->problems, clear_problem);
  self->cursor = g_strdup (cursor);
  self->more = more;

  return self;
}

/**
 * findings_feed_page_ref:
 * @self: a page
 *
 * Returns: (transfer full): @self
 */
FindingsFeedPage *
findings_feed_page_ref (FindingsFeedPage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * findings_feed_page_unref:
 * @self: (transfer full): a page
 */
void
findings_feed_page_unref (FindingsFeedPage *self)
{
  g_return_if_fail (self != NULL);

  if (!g_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->visits, g_ptr_array_unref);
  g_clear_pointer (&self->bodies, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_array_unref);
  g_clear_pointer (&self->cursor, g_free);
  g_free (self);
}

/* The phrases are the sync's own: it puts them after "not what was expected: ". */
static gboolean
fail_envelope (GError             **error,
               FindingsParseError   code,
               const char          *what)
{
  g_set_error_literal (error, FINDINGS_PARSE_ERROR, code, what);
  return FALSE;
}

static gboolean
read_envelope (JsonNode    *root,
               JsonArray  **out_visits,
               const char **out_cursor,
               gboolean    *out_more,
               GError     **error)
{
  JsonObject *object;
  JsonNode *node;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return fail_envelope (error, FINDINGS_PARSE_ERROR_WRONG_TYPE,
                          _("the page of visits is not an object"));
  object = json_node_get_object (root);

  node = json_object_get_member (object, "visits");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return fail_envelope (error,
                          node == NULL ? FINDINGS_PARSE_ERROR_MISSING_FIELD
                                       : FINDINGS_PARSE_ERROR_WRONG_TYPE,
                          _("“visits” is not a list"));
  *out_visits = json_node_get_array (node);

  node = json_object_get_member (object, "cursor");
  if (node == NULL || !findings_json_holds (node, G_TYPE_STRING))
    return fail_envelope (error,
                          node == NULL ? FINDINGS_PARSE_ERROR_MISSING_FIELD
                                       : FINDINGS_PARSE_ERROR_WRONG_TYPE,
                          _("“cursor” is not text"));
  *out_cursor = json_node_get_string (node);

  /* Absent or null: this is the last page. */
  node = json_object_get_member (object, "more");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node) && !findings_json_holds (node, G_TYPE_BOOLEAN))
    return fail_envelope (error, FINDINGS_PARSE_ERROR_WRONG_TYPE,
                          _("“more” is not true or false"));
  *out_more = node != NULL && !JSON_NODE_HOLDS_NULL (node) && json_node_get_boolean (node);

  return TRUE;
}

static char *
dup_id (JsonNode *node)
{
  JsonNode *id;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  id = json_object_get_member (json_node_get_object (node), "id");
  if (id == NULL || !findings_json_holds (id, G_TYPE_STRING))
    return NULL;

  return g_strdup (json_node_get_string (id));
}

static void
set_aside (FindingsFeedPage *self,
           guint             position,
           char             *id,
           GError           *error)
{
  FindingsFeedProblem problem = { position, id, error };

  g_array_append_val (self->problems, problem);
}

/**
 * findings_feed_page_parse:
 * @body: the answer to `GET /api/v1/visits`
 * @error: return location for a %FINDINGS_PARSE_ERROR
 *
 * Reads one page of visits, `{"visits": [VISIT…], "cursor": "…", "more": false}`.
 *
 * The page is refused whole when it is larger than 8 MiB, not UTF-8, not JSON or
 * nested more than 64 levels deep (codes %FINDINGS_PARSE_ERROR_TOO_LARGE,
 * %FINDINGS_PARSE_ERROR_INVALID_UTF8, %FINDINGS_PARSE_ERROR_SYNTAX,
 * %FINDINGS_PARSE_ERROR_TRUNCATED, %FINDINGS_PARSE_ERROR_TOO_DEEP), when a value rule
 * (U+0000 in a string, a whole number beyond 64 bits) is broken outside `visits`
 * (%FINDINGS_PARSE_ERROR_INVALID_VALUE, %FINDINGS_PARSE_ERROR_OUT_OF_RANGE), or when
 * its envelope is wrong: not an object, `visits` not an array, `cursor` not a string,
 * `more` neither a boolean nor absent nor null (%FINDINGS_PARSE_ERROR_WRONG_TYPE or
 * %FINDINGS_PARSE_ERROR_MISSING_FIELD, and a message that is a phrase such as
 * "“cursor” is not text", to be put in a sentence by the caller).
 *
 * Otherwise each element of `visits` is either a visit, kept with its own JSON text,
 * or a problem: it broke a value rule, or findings_visit_new_from_json() refused it.
 *
 * Returns: (transfer full) (nullable): the page
 */
FindingsFeedPage *
findings_feed_page_parse (GBytes  *body,
                          GError **error)
{
  g_autoptr(FindingsFeedPage) self = NULL;
  g_autoptr(GArray) items = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *visits;
  const char *cursor;
  const char *data;
  gboolean more;
  gsize length;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (body, &length);
  if (data == NULL)
    data = "";

  items = findings_json_check_items (data, length, FINDINGS_JSON_MAX_BODY,
                                     FINDINGS_JSON_MAX_DEPTH, "visits", error);
  if (items == NULL)
    return NULL;

  root = findings_json_parse_checked (data, length, error);
  if (root == NULL || !read_envelope (root, &visits, &cursor, &more, error))
    return NULL;

  /* The checker and json-glib must agree on which text is which visit. */
  if (json_array_get_length (visits) != items->len)
    {
      g_set_error_literal (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_SYNTAX,
                           _("The visits in the page could not be told apart."));
      return NULL;
    }

  self = findings_feed_page_new (cursor, more);

  for (guint i = 0; i < items->len; i++)
    {
      const FindingsJsonItem *item = &g_array_index (items, FindingsJsonItem, i);
      JsonNode *node = json_array_get_element (visits, i);
      GError *local_error = NULL;
      FindingsVisit *visit;

      /* json-glib read this one, but not as it is written. */
      if (item->error != NULL)
        {
          set_aside (self, i, item->id_broken ? NULL : dup_id (node), g_error_copy (item->error));
          continue;
        }

      visit = findings_visit_new_from_json (node, &local_error);
      if (visit == NULL)
        {
          set_aside (self, i, dup_id (node), local_error);
          continue;
        }

      g_ptr_array_add (self->visits, visit);
      g_ptr_array_add (self->bodies, g_bytes_new_from_bytes (body, item->offset, item->length));
    }

  return g_steal_pointer (&self);
}

/**
 * findings_feed_page_get_n_visits:
 * @self: a page
 *
 * Returns: how many visits of the page were kept
 */
guint
findings_feed_page_get_n_visits (FindingsFeedPage *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->visits->len;
}

/**
 * findings_feed_page_get_visit:
 * @self: a page
 * @i: which kept visit, from 0
 *
 * Returns: (transfer none): the visit
 */
FindingsVisit *
findings_feed_page_get_visit (FindingsFeedPage *self,
                              guint             i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->visits->len, NULL);

  return g_ptr_array_index (self->visits, i);
}

/**
 * findings_feed_page_get_visit_body:
 * @self: a page
 * @i: which kept visit, from 0
 *
 * The visit's own JSON text, exactly as the office wrote it in the page: what to
 * store, and what findings_visit_parse_bytes() reads back as the same visit.
 *
 * Returns: (transfer none): the text
 */
GBytes *
findings_feed_page_get_visit_body (FindingsFeedPage *self,
                                   guint             i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->bodies->len, NULL);

  return g_ptr_array_index (self->bodies, i);
}

/**
 * findings_feed_page_get_n_problems:
 * @self: a page
 *
 * Returns: how many visits of the page were set aside
 */
guint
findings_feed_page_get_n_problems (FindingsFeedPage *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->problems->len;
}

/**
 * findings_feed_page_get_problem:
 * @self: a page
 * @i: which problem, from 0, in the order of the page
 *
 * Returns: (transfer none): the problem
 */
const FindingsFeedProblem *
findings_feed_page_get_problem (FindingsFeedPage *self,
                                guint             i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->problems->len, NULL);

  return &g_array_index (self->problems, FindingsFeedProblem, i);
}

/**
 * findings_feed_page_get_cursor:
 * @self: a page
 *
 * Returns: the cursor to ask for the next page with, and to store with this one
 */
const char *
findings_feed_page_get_cursor (FindingsFeedPage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->cursor;
}

/**
 * findings_feed_page_get_more:
 * @self: a page
 *
 * Returns: whether the office has another page after this one
 */
gboolean
findings_feed_page_get_more (FindingsFeedPage *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->more;
}
