/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

#include "findings-parse-error.h"
#include "findings-visit.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_FEED_PAGE (findings_feed_page_get_type ())

typedef struct _FindingsFeedPage FindingsFeedPage;

/**
 * FindingsFeedProblem:
 * @position: where the visit sits in the page's `visits`, from 0
 * @id: (nullable): the visit's id, when it could be read as it is written
 * @error: why the visit was set aside, a %FINDINGS_PARSE_ERROR
 *
 * One visit of a page that was set aside; the rest of the page is kept.
 */
typedef struct
{
  guint   position;
  char   *id;
  GError *error;
} FindingsFeedProblem;

GType                      findings_feed_page_get_type          (void) G_GNUC_CONST;

FindingsFeedPage          *findings_feed_page_parse             (GBytes           *body,
                                                                 GError          **error);
FindingsFeedPage          *findings_feed_page_ref               (FindingsFeedPage *self);
void                       findings_feed_page_unref             (FindingsFeedPage *self);

guint                      findings_feed_page_get_n_visits      (FindingsFeedPage *self);
FindingsVisit             *findings_feed_page_get_visit         (FindingsFeedPage *self,
                                                                 guint             i);
GBytes                    *findings_feed_page_get_visit_body    (FindingsFeedPage *self,
                                                                 guint             i);
guint                      findings_feed_page_get_n_problems    (FindingsFeedPage *self);
const FindingsFeedProblem *findings_feed_page_get_problem       (FindingsFeedPage *self,
                                                                 guint             i);
const char                *findings_feed_page_get_cursor        (FindingsFeedPage *self);
gboolean                   findings_feed_page_get_more          (FindingsFeedPage *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FindingsFeedPage, findings_feed_page_unref)

G_END_DECLS
