/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-decision-answer"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-decision-answer.h"
#include "findings-json-read.h"
#include "findings-protocol.h"

/* The office's 201 or 200 answer to POST /api/v1/decisions:
 * {"decision": DECISION, "recommendation": {"id", "status", "follow_up"}}. Only the
 * recommendation's side is read: the decision is the kiosk's own, already stored. */

struct _FindingsDecisionAnswer
{
  GObject           parent_instance;

  char             *recommendation_id;
  FindingsStatus    status;
  FindingsFollowUp *follow_up;
};

G_DEFINE_FINAL_TYPE (FindingsDecisionAnswer, findings_decision_answer, G_TYPE_OBJECT)

static const FindingsJsonTextRule id_rule = { FINDINGS_PROTOCOL_MAX_ID, TRUE };

FINDINGS_JSON_DEFINE_ENUM_READER (read_status, FindingsStatus, findings_status,
                                  FINDINGS_STATUS_WITHDRAWN)

static void
findings_decision_answer_finalize (GObject *object)
{
  FindingsDecisionAnswer *self = FINDINGS_DECISION_ANSWER (object);

  g_clear_pointer (&self->recommendation_id, g_free);

  G_OBJECT_CLASS (findings_decision_answer_parent_class)->finalize (object);
}

static void
findings_decision_answer_dispose (GObject *object)
{
  FindingsDecisionAnswer *self = FINDINGS_DECISION_ANSWER (object);

  g_clear_object (&self->follow_up);

  G_OBJECT_CLASS (findings_decision_answer_parent_class)->dispose (object);
}

static void
findings_decision_answer_class_init (FindingsDecisionAnswerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = findings_decision_answer_dispose;
  object_class->finalize = findings_decision_answer_finalize;
}

static void
findings_decision_answer_init (FindingsDecisionAnswer *self)
{
  self->status = FINDINGS_STATUS_OPEN;
}

/**
 * findings_decision_answer_parse:
 * @body: the body of a 201 or 200 answer to a decision
 * @error: return location for a %FINDINGS_PARSE_ERROR
 *
 * Checks @body as strictly as a visit (size, UTF-8, syntax, depth, value rules),
 * then reads the recommendation's id, its new status and its follow-up, each
 * checked as a visit's would be. A follow-up that is absent or null is none.
 *
 * Returns: (transfer full) (nullable): the answer
 */
FindingsDecisionAnswer *
findings_decision_answer_parse (GBytes  *body,
                                GError **error)
{
  g_autoptr(FindingsDecisionAnswer) self = NULL;
  g_autoptr(FindingsFollowUp) follow_up = NULL;
  g_autoptr(JsonNode) root = NULL;
  FindingsStatus status;
  JsonObject *object;
  JsonNode *node = NULL;
  const char *data;
  const char *id;
  gsize length;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (body, &length);
  root = findings_json_parse_document (data != NULL ? data : "", length, error);
  if (root == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_OBJECT (root))
    node = json_object_get_member (json_node_get_object (root), "recommendation");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, FINDINGS_PARSE_ERROR,
                           node == NULL ? FINDINGS_PARSE_ERROR_MISSING_FIELD
                                        : FINDINGS_PARSE_ERROR_WRONG_TYPE,
                           _("“recommendation” is missing"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!findings_json_read_string (object, "recommendation", "id", TRUE, &id_rule, &id, error) ||
      !read_status (object, "recommendation", "status", &status, error) ||
      !findings_json_lookup (object, "recommendation", "follow_up", FALSE, &node, error))
    return NULL;

  if (node != NULL)
    {
      follow_up = findings_follow_up_new_from_json (node, "recommendation.follow_up", error);
      if (follow_up == NULL)
        return NULL;
    }

  self = g_object_new (FINDINGS_TYPE_DECISION_ANSWER, NULL);
  self->recommendation_id = g_strdup (id);
  self->status = status;
  self->follow_up = g_steal_pointer (&follow_up);

  return g_steal_pointer (&self);
}

/**
 * findings_decision_answer_get_recommendation_id:
 * @self: an answer
 *
 * Returns: the id of the recommendation the office says the answer is about
 */
const char *
findings_decision_answer_get_recommendation_id (FindingsDecisionAnswer *self)
{
  g_return_val_if_fail (FINDINGS_IS_DECISION_ANSWER (self), NULL);

  return self->recommendation_id;
}

/**
 * findings_decision_answer_get_status:
 * @self: an answer
 *
 * Returns: the recommendation's status at the office, now that the decision applies
 */
FindingsStatus
findings_decision_answer_get_status (FindingsDecisionAnswer *self)
{
  g_return_val_if_fail (FINDINGS_IS_DECISION_ANSWER (self), FINDINGS_STATUS_OPEN);

  return self->status;
}

/**
 * findings_decision_answer_get_follow_up:
 * @self: an answer
 *
 * Returns: (transfer none) (nullable): the recommendation's follow-up, if it has one
 */
FindingsFollowUp *
findings_decision_answer_get_follow_up (FindingsDecisionAnswer *self)
{
  g_return_val_if_fail (FINDINGS_IS_DECISION_ANSWER (self), NULL);

  return self->follow_up;
}
