/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "findings-decision.h"
#include "findings-enum-types.h"
#include "findings-visit-parser.h"

/* The decision of api.md, with its schema version. */
static const char known_doc[] =
  "{\"schema_version\": 1,"
  " \"id\": \"6f1c2a9e-1d7b-4c1e-9a51-0d2a3c0b7e15\","
  " \"visit_id\": \"v-2026-0142\","
  " \"recommendation_id\": \"r-881\","
  " \"action\": \"accept\","
  " \"option_id\": \"o-2\","
  " \"decided_at\": \"2026-11-20T14:02:11Z\","
  " \"decided_by\": {\"name\": \"Dana Whitfield\", \"role\": \"Facility manager\"},"
  " \"po_number\": \"PO-7781\","
  " \"signature\": {\"format\": \"svg-path\", \"data\": \"M10 10 L40 12\"},"
  " \"reason\": null,"
  " \"call\": null,"
  " \"kiosk\": {\"id\": \"lobby-1\", \"app_version\": \"0.1.0\"}}";

static const char decline_doc[] =
  "{\"id\": \"d-2\", \"visit_id\": \"v-1\", \"recommendation_id\": \"r-1\","
  " \"action\": \"decline\", \"decided_at\": \"2026-11-20T09:00:00-05:00\"}";

static const char call_doc[] =
  "{\"id\": \"d-3\", \"visit_id\": \"v-1\", \"recommendation_id\": \"r-1\","
  " \"action\": \"request_call\", \"decided_at\": \"2026-11-20T14:02:11Z\","
  " \"call\": {\"phone\": \"+1 416 555 0100\"}}";

static FindingsDecision *
make_known_decision (void)
{
  FindingsDecision *decision = findings_decision_new (FINDINGS_ACTION_ACCEPT);
  g_autoptr(GDateTime) decided_at = g_date_time_new_utc (2026, 11, 20, 14, 2, 11);

  findings_decision_set_id (decision, "6f1c2a9e-1d7b-4c1e-9a51-0d2a3c0b7e15");
  findings_decision_set_visit_id (decision, "v-2026-0142");
  findings_decision_set_recommendation_id (decision, "r-881");
  findings_decision_set_option_id (decision, "o-2");
  findings_decision_set_decided_at (decision, decided_at);
  findings_decision_set_decided_by_name (decision, "Dana Whitfield");
  findings_decision_set_decided_by_role (decision, "Facility manager");
  findings_decision_set_po_number (decision, "PO-7781");
  findings_decision_set_signature_format (decision, "svg-path");
  findings_decision_set_signature_data (decision, "M10 10 L40 12");
  findings_decision_set_kiosk_id (decision, "lobby-1");
  findings_decision_set_app_version (decision, "0.1.0");

  return decision;
}

static FindingsDecision *
parse_ok (const char *doc)
{
  g_autoptr(GError) error = NULL;
  FindingsDecision *decision;

  decision = findings_decision_parse (doc, strlen (doc), &error);
  g_assert_no_error (error);
  g_assert_nonnull (decision);

  return decision;
}

/* Returns the message so that callers can check its wording. */
static char *
assert_fails (const char *doc,
              int         code,
              const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FindingsDecision) decision = NULL;
  g_autofree char *prefix = NULL;

  decision = findings_decision_parse (doc, strlen (doc), &error);
  g_assert_null (decision);
  g_assert_error (error, FINDINGS_PARSE_ERROR, code);

  if (path != NULL)
    {
      prefix = g_strconcat (path, ": ", NULL);
      if (!g_str_has_prefix (error->message, prefix))
        g_error ("“%s” does not start with “%s”", error->message, prefix);
    }

  return g_strdup (error->message);
}

/* @path is like "decided_by.name". A NULL @value removes the member; an
 * intermediate object is created when missing. */
static char *
doc_with_node (const char *base,
               const char *path,
               JsonNode   *value)
{
  g_autoptr(JsonNode) root = json_from_string (base, NULL);
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  guint n = g_strv_length (parts);
  JsonObject *object = json_node_get_object (root);

  for (guint i = 0; i + 1 < n; i++)
    {
      JsonNode *member = json_object_get_member (object, parts[i]);

      if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
        json_object_set_object_member (object, parts[i], json_object_new ());
      object = json_object_get_object_member (object, parts[i]);
    }

  if (value != NULL)
    json_object_set_member (object, parts[n - 1], value);
  else
    json_object_remove_member (object, parts[n - 1]);

  return json_to_string (root, FALSE);
}

static char *
doc_with_raw (const char *base,
              const char *path,
              const char *raw)
{
  return doc_with_node (base, path, raw != NULL ? json_from_string (raw, NULL) : NULL);
}

static char *
doc_with_string (const char *base,
                 const char *path,
                 const char *value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, value);
  return doc_with_node (base, path, node);
}

static char *
repeat (const char *unit,
        guint       times)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (out, unit);

  return g_string_free (out, FALSE);
}

static void
assert_same_tree (const char *a,
                  const char *b)
{
  g_autoptr(JsonNode) node_a = json_from_string (a, NULL);
  g_autoptr(JsonNode) node_b = json_from_string (b, NULL);

  g_assert_nonnull (node_a);
  g_assert_nonnull (node_b);
  if (!json_node_equal (node_a, node_b))
    g_error ("Different documents:\n%s\n%s", a, b);
}

static void
test_known_json (void)
{
  g_autoptr(FindingsDecision) decision = make_known_decision ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  gsize length = 0;

  json = findings_decision_to_json (decision, &length);
  g_assert_cmpuint (length, ==, strlen (json));
  assert_same_tree (json, known_doc);

  /* The exact text of the time, not only the instant. */
  root = json_from_string (json, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "decided_at"),
                   ==, "2026-11-20T14:02:11Z");
  /* A fixed member order, starting with the version. */
  g_assert_true (g_str_has_prefix (json, "{\"schema_version\":1,\"id\":\"6f1c2a9e-"));
}

static void
test_deterministic (void)
{
  g_autoptr(FindingsDecision) a = make_known_decision ();
  g_autoptr(FindingsDecision) b = make_known_decision ();
  g_autoptr(FindingsDecision) parsed = NULL;
  g_autofree char *json_a = findings_decision_to_json (a, NULL);
  g_autofree char *json_a2 = findings_decision_to_json (a, NULL);
  g_autofree char *json_b = findings_decision_to_json (b, NULL);
  g_autofree char *json_parsed = NULL;

  g_assert_cmpstr (json_a, ==, json_a2);
  g_assert_cmpstr (json_a, ==, json_b);

  parsed = parse_ok (known_doc);
  json_parsed = findings_decision_to_json (parsed, NULL);
  g_assert_cmpstr (json_a, ==, json_parsed);
}

static void
test_utc_whole_seconds (void)
{
  g_autoptr(FindingsDecision) decision = parse_ok (decline_doc);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+05:30");
  g_autoptr(GDateTime) fractional = g_date_time_new (zone, 2026, 1, 2, 3, 4, 5.75);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json2 = NULL;

  /* -05:00 is written back as UTC. */
  json = findings_decision_to_json (decision, NULL);
  root = json_from_string (json, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "decided_at"),
                   ==, "2026-11-20T14:00:00Z");
  g_clear_pointer (&root, json_node_unref);

  findings_decision_set_decided_at (decision, fractional);
  json2 = findings_decision_to_json (decision, NULL);
  root = json_from_string (json2, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "decided_at"),
                   ==, "2026-01-01T21:34:05Z");
}

static void
test_nulls (void)
{
  g_autoptr(FindingsDecision) decision = parse_ok (decline_doc);
  g_autofree char *json = NULL;

  /* An option on a decline is checked, then dropped. */
  findings_decision_set_option_id (decision, "o-1");
  json = findings_decision_to_json (decision, NULL);
  assert_same_tree (json,
                    "{\"schema_version\": 1, \"id\": \"d-2\", \"visit_id\": \"v-1\","
                    " \"recommendation_id\": \"r-1\", \"action\": \"decline\","
                    " \"option_id\": null, \"decided_at\": \"2026-11-20T14:00:00Z\","
                    " \"decided_by\": null, \"po_number\": null, \"signature\": null,"
                    " \"reason\": null, \"call\": null, \"kiosk\": null}");
}

static void
round_trip (FindingsDecision *decision)
{
  g_autoptr(FindingsDecision) parsed = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json2 = NULL;
  gsize length;

  json = findings_decision_to_json (decision, &length);
  parsed = parse_ok (json);
  json2 = findings_decision_to_json (parsed, NULL);
  g_assert_cmpstr (json, ==, json2);

  g_assert_cmpstr (findings_decision_get_id (parsed), ==, findings_decision_get_id (decision));
  g_assert_cmpint (findings_decision_get_action (parsed), ==,
                   findings_decision_get_action (decision));
  g_assert_true (g_date_time_equal (findings_decision_get_decided_at (parsed),
                                    findings_decision_get_decided_at (decision)));
}

static void
test_round_trip (void)
{
  g_autoptr(FindingsDecision) accept = make_known_decision ();
  g_autoptr(FindingsDecision) decline = findings_decision_new (FINDINGS_ACTION_DECLINE);
  g_autoptr(FindingsDecision) call = findings_decision_new (FINDINGS_ACTION_REQUEST_CALL);
  g_autoptr(FindingsDecision) parsed = NULL;

  round_trip (accept);

  findings_decision_set_visit_id (decline, "v-1");
  findings_decision_set_recommendation_id (decline, "r-1");
  findings_decision_set_reason (decline, "Budget is spent for this year — l’an prochain.");
  round_trip (decline);

  findings_decision_set_visit_id (call, "v-1");
  findings_decision_set_recommendation_id (call, "r-2");
  findings_decision_set_call_phone (call, "(416) 555-0100");
  findings_decision_set_call_best_time (call, "Mornings");
  findings_decision_set_call_note (call, "Ask for \"Dana\"\n2nd floor");
  findings_decision_set_decided_by_role (call, "Tenant");
  round_trip (call);

  parsed = parse_ok (call_doc);
  g_assert_cmpint (findings_decision_get_action (parsed), ==, FINDINGS_ACTION_REQUEST_CALL);
  g_assert_cmpstr (findings_decision_get_call_phone (parsed), ==, "+1 416 555 0100");
  g_assert_null (findings_decision_get_call_note (parsed));
  g_assert_null (findings_decision_get_kiosk_id (parsed));
}

static void
test_new (void)
{
  g_autoptr(FindingsDecision) a = findings_decision_new (FINDINGS_ACTION_DECLINE);
  g_autoptr(FindingsDecision) b = findings_decision_new (FINDINGS_ACTION_DECLINE);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GDateTime *decided_at = findings_decision_get_decided_at (a);

  g_assert_true (g_uuid_string_is_valid (findings_decision_get_id (a)));
  g_assert_cmpstr (findings_decision_get_id (a), !=, findings_decision_get_id (b));
  g_assert_nonnull (decided_at);
  g_assert_cmpint (g_date_time_get_utc_offset (decided_at), ==, 0);
  g_assert_cmpint (g_date_time_get_microsecond (decided_at), ==, 0);
  g_assert_cmpint (ABS (g_date_time_difference (now, decided_at)), <, 5 * G_USEC_PER_SEC);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_properties (void)
{
  g_autoptr(FindingsDecision) decision = findings_decision_new (FINDINGS_ACTION_ACCEPT);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) same = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
  g_autofree char *phone = NULL;
  FindingsAction action;
  guint count = 0;

  g_signal_connect (decision, "notify", G_CALLBACK (on_notify), &count);

  findings_decision_set_call_phone (decision, "555 0100 123");
  findings_decision_set_call_phone (decision, "555 0100 123");
  g_assert_cmpuint (count, ==, 1);

  findings_decision_set_action (decision, FINDINGS_ACTION_REQUEST_CALL);
  findings_decision_set_action (decision, FINDINGS_ACTION_REQUEST_CALL);
  g_assert_cmpuint (count, ==, 2);

  findings_decision_set_decided_at (decision, when);
  findings_decision_set_decided_at (decision, same);
  g_assert_cmpuint (count, ==, 3);

  g_object_set (decision, "decided-by-name", "Dana", "kiosk-id", "lobby-1", NULL);
  g_assert_cmpuint (count, ==, 5);
  g_assert_cmpstr (findings_decision_get_decided_by_name (decision), ==, "Dana");

  g_object_get (decision, "call-phone", &phone, "action", &action, NULL);
  g_assert_cmpstr (phone, ==, "555 0100 123");
  g_assert_cmpint (action, ==, FINDINGS_ACTION_REQUEST_CALL);
}

static void
test_action_strings (void)
{
  FindingsAction action = FINDINGS_ACTION_DECLINE;

  g_assert_cmpstr (findings_action_to_string (FINDINGS_ACTION_ACCEPT), ==, "accept");
  g_assert_cmpstr (findings_action_to_string (FINDINGS_ACTION_DECLINE), ==, "decline");
  g_assert_cmpstr (findings_action_to_string (FINDINGS_ACTION_REQUEST_CALL), ==,
                   "request_call");

  g_assert_true (findings_action_from_string ("request_call", &action));
  g_assert_cmpint (action, ==, FINDINGS_ACTION_REQUEST_CALL);
  g_assert_false (findings_action_from_string ("Accept", &action));
  g_assert_false (findings_action_from_string (NULL, &action));
  g_assert_cmpint (action, ==, FINDINGS_ACTION_REQUEST_CALL);

  g_assert_true (G_TYPE_IS_ENUM (FINDINGS_TYPE_ACTION));
}

static void
test_missing (void)
{
  static const struct
  {
    const char *base;
    const char *remove;
    const char *path;
  } cases[] = {
    { known_doc, "id", "id" },
    { known_doc, "visit_id", "visit_id" },
    { known_doc, "recommendation_id", "recommendation_id" },
    { known_doc, "action", "action" },
    { known_doc, "decided_at", "decided_at" },
    { known_doc, "option_id", "option_id" },
    { known_doc, "decided_by", "decided_by" },
    { known_doc, "decided_by.name", "decided_by.name" },
    { decline_doc, "id", "id" },
    { decline_doc, "visit_id", "visit_id" },
    { decline_doc, "recommendation_id", "recommendation_id" },
    { decline_doc, "decided_at", "decided_at" },
    { call_doc, "recommendation_id", "recommendation_id" },
    { call_doc, "decided_at", "decided_at" },
    { call_doc, "call", "call" },
    { call_doc, "call.phone", "call.phone" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *removed = doc_with_raw (cases[i].base, cases[i].remove, NULL);
      g_autofree char *nulled = doc_with_raw (cases[i].base, cases[i].remove, "null");
      g_autofree char *message = NULL;
      g_autofree char *message2 = NULL;
      g_autofree char *expected = g_strconcat (cases[i].path, ": missing", NULL);

      message = assert_fails (removed, FINDINGS_PARSE_ERROR_MISSING_FIELD, cases[i].path);
      g_assert_cmpstr (message, ==, expected);
      message2 = assert_fails (nulled, FINDINGS_PARSE_ERROR_MISSING_FIELD, cases[i].path);
    }
}

static void
test_optional (void)
{
  /* What an accept needs is not needed elsewhere. */
  g_autoptr(FindingsDecision) decline = parse_ok (decline_doc);
  g_autofree char *no_kiosk = doc_with_raw (known_doc, "kiosk", NULL);
  g_autofree char *no_version = doc_with_raw (known_doc, "schema_version", NULL);
  g_autofree char *null_version = doc_with_raw (known_doc, "schema_version", "null");
  g_autofree char *call_empty_name = doc_with_string (call_doc, "decided_by.name", "");
  g_autofree char *decline_empty_option = doc_with_string (decline_doc, "option_id", "");
  g_autoptr(FindingsDecision) a = parse_ok (no_kiosk);
  g_autoptr(FindingsDecision) b = parse_ok (no_version);
  g_autoptr(FindingsDecision) c = parse_ok (null_version);
  g_autoptr(FindingsDecision) d = parse_ok (call_empty_name);
  g_autoptr(FindingsDecision) e = parse_ok (decline_empty_option);

  g_assert_null (findings_decision_get_option_id (decline));
  g_assert_null (findings_decision_get_decided_by_name (decline));
  g_assert_null (findings_decision_get_kiosk_id (a));
  g_assert_cmpstr (findings_decision_get_decided_by_name (d), ==, "");
  g_assert_null (findings_decision_get_option_id (e));
}

static void
test_wrong_type (void)
{
  static const struct
  {
    const char *base;
    const char *path;
    const char *raw;
  } cases[] = {
    { known_doc, "id", "42" },
    { known_doc, "visit_id", "[\"v-1\"]" },
    { known_doc, "recommendation_id", "{}" },
    { known_doc, "action", "true" },
    { known_doc, "option_id", "2" },
    { known_doc, "decided_at", "1763647331" },
    { known_doc, "decided_by", "\"Dana\"" },
    { known_doc, "decided_by.name", "[]" },
    { known_doc, "decided_by.role", "7" },
    { known_doc, "po_number", "7781" },
    { known_doc, "signature", "[]" },
    { known_doc, "signature.data", "{}" },
    { known_doc, "signature.format", "false" },
    { known_doc, "reason", "0.5" },
    { known_doc, "call", "\"+1 416 555 0100\"" },
    { known_doc, "kiosk", "1" },
    { known_doc, "kiosk.id", "1" },
    { known_doc, "kiosk.app_version", "0.1" },
    { known_doc, "schema_version", "\"1\"" },
    { known_doc, "schema_version", "1.0" },
    { call_doc, "call.phone", "4165550100" },
    { call_doc, "call.best_time", "9" },
    { call_doc, "call.note", "[]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *doc = doc_with_raw (cases[i].base, cases[i].path, cases[i].raw);
      g_autofree char *message = assert_fails (doc, FINDINGS_PARSE_ERROR_WRONG_TYPE,
                                               cases[i].path);
    }
}

static void
test_invalid_values (void)
{
  g_autofree char *bad_action = doc_with_string (known_doc, "action", "approve");
  g_autofree char *no_offset = doc_with_string (known_doc, "decided_at", "2026-11-20T14:02:11");
  g_autofree char *bad_date = doc_with_string (known_doc, "decided_at", "2026-02-30T14:02:11Z");
  g_autofree char *empty_id = doc_with_string (known_doc, "id", "");
  g_autofree char *empty_name = doc_with_string (known_doc, "decided_by.name", "");
  g_autofree char *empty_phone = doc_with_string (call_doc, "call.phone", "");
  g_autofree char *empty_option = doc_with_string (known_doc, "option_id", "");
  g_autofree char *lower = doc_with_string (known_doc, "decided_at", "2026-11-20t14:02:11.5z");
  g_autofree char *message = NULL;
  g_autoptr(FindingsDecision) decision = NULL;
  g_autoptr(GError) error = NULL;

  message = assert_fails (bad_action, FINDINGS_PARSE_ERROR_INVALID_VALUE, "action");
  g_assert_nonnull (strstr (message, "accept, decline, request_call"));
  g_clear_pointer (&message, g_free);

  message = assert_fails (no_offset, FINDINGS_PARSE_ERROR_INVALID_VALUE, "decided_at");
  g_clear_pointer (&message, g_free);
  message = assert_fails (bad_date, FINDINGS_PARSE_ERROR_INVALID_VALUE, "decided_at");
  g_clear_pointer (&message, g_free);
  message = assert_fails (empty_id, FINDINGS_PARSE_ERROR_INVALID_VALUE, "id");
  g_clear_pointer (&message, g_free);
  message = assert_fails (empty_name, FINDINGS_PARSE_ERROR_INVALID_VALUE, "decided_by.name");
  g_clear_pointer (&message, g_free);
  message = assert_fails (empty_phone, FINDINGS_PARSE_ERROR_INVALID_VALUE, "call.phone");
  g_clear_pointer (&message, g_free);
  message = assert_fails (empty_option, FINDINGS_PARSE_ERROR_INVALID_VALUE, "option_id");
  g_clear_pointer (&message, g_free);

  decision = parse_ok (lower);
  g_assert_cmpint (g_date_time_get_second (findings_decision_get_decided_at (decision)), ==, 11);

  /* Not an object at all. */
  g_clear_object (&decision);
  decision = findings_decision_parse ("[1]", 3, &error);
  g_assert_null (decision);
  g_assert_error (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_WRONG_TYPE);
}

static void
test_limits (void)
{
  g_autofree char *name_200 = repeat ("é", 200);
  g_autofree char *name_201 = repeat ("a", 201);
  g_autofree char *role_201 = repeat ("ü", 201);
  g_autofree char *id_128 = repeat ("x", 128);
  g_autofree char *id_129 = repeat ("x", 129);
  g_autofree char *text_4000 = repeat ("€", 4000);
  g_autofree char *text_4001 = repeat ("€", 4001);
  g_autofree char *signature_max = repeat ("L", 65536);
  g_autofree char *signature_over = repeat ("L", 65537);
  g_autofree char *doc = NULL;
  g_autofree char *message = NULL;
  g_autoptr(FindingsDecision) decision = NULL;

  doc = doc_with_string (known_doc, "decided_by.name", name_200);
  decision = parse_ok (doc);
  g_assert_cmpstr (findings_decision_get_decided_by_name (decision), ==, name_200);
  g_clear_object (&decision);
  g_clear_pointer (&doc, g_free);

  doc = doc_with_string (known_doc, "decided_by.name", name_201);
  message = assert_fails (doc, FINDINGS_PARSE_ERROR_TOO_LONG, "decided_by.name");
  g_assert_cmpstr (message, ==, "decided_by.name: longer than 200 characters");
  g_clear_pointer (&message, g_free);
  g_clear_pointer (&doc, g_free);

  doc = doc_with_string (decline_doc, "decided_by.role", role_201);
  message = assert_fails (doc, FINDINGS_PARSE_ERROR_TOO_LONG, "decided_by.role");
  g_clear_pointer (&message, g_free);
  g_clear_pointer (&doc, g_free);

  doc = doc_with_string (known_doc, "id", id_128);
  decision = parse_ok (doc);
  g_clear_object (&decision);
  g_clear_pointer (&doc, g_free);

  doc = doc_with_string (known_doc, "id", id_129);
  message = assert_fails (doc, FINDINGS_PARSE_ERROR_TOO_LONG, "id");
  g_clear_pointer (&message, g_free);
  g_clear_pointer (&doc, g_free);

  doc = doc_with_string (decline_doc, "reason", text_4000);
  decision = parse_ok (doc);
  g_clear_object (&decision);
  g_clear_pointer (&doc, g_free);

  doc = doc_with_string (decline_doc, "reason", text_4001);
  message = assert_fails (doc, FINDINGS_PARSE_ERROR_TOO_LONG, "reason");
  g_clear_pointer (&message, g_free);
  g_clear_pointer (&doc, g_free);

  doc = doc_with_string (call_doc, "call.note", text_4001);
  message = assert_fails (doc, FINDINGS_PARSE_ERROR_TOO_LONG, "call.note");
  g_clear_pointer (&message, g_free);
  g_clear_pointer (&doc, g_free);

  doc = doc_with_string (known_doc, "signature.data", signature_max);
  decision = parse_ok (doc);
  g_assert_cmpuint (strlen (findings_decision_get_signature_data (decision)), ==, 65536);
  g_clear_object (&decision);
  g_clear_pointer (&doc, g_free);

  doc = doc_with_string (known_doc, "signature.data", signature_over);
  message = assert_fails (doc, FINDINGS_PARSE_ERROR_TOO_LONG, "signature.data");
  g_clear_pointer (&message, g_free);
  g_clear_pointer (&doc, g_free);

  /* The other signature member keeps the ordinary limit. */
  doc = doc_with_string (known_doc, "signature.format", text_4001);
  message = assert_fails (doc, FINDINGS_PARSE_ERROR_TOO_LONG, "signature.format");
}

static void
test_unknown_fields (void)
{
  g_autofree char *top = doc_with_raw (known_doc, "colour", "{\"deep\": [1, 2, {\"x\": null}]}");
  g_autofree char *nested = doc_with_raw (top, "decided_by.email", "\"dana@example.com\"");
  g_autofree char *call_extra = doc_with_raw (call_doc, "call.extension", "12");
  g_autoptr(FindingsDecision) a = parse_ok (nested);
  g_autoptr(FindingsDecision) b = parse_ok (call_extra);
  g_autofree char *json = findings_decision_to_json (a, NULL);

  g_assert_null (strstr (json, "colour"));
  g_assert_null (strstr (json, "email"));
  assert_same_tree (json, known_doc);
}

static void
test_schema_version (void)
{
  g_autofree char *v2 = doc_with_raw (known_doc, "schema_version", "2");
  g_autofree char *v0 = doc_with_raw (known_doc, "schema_version", "0");
  /* A future version is refused whole, even when the rest would not parse. */
  g_autofree char *v2_broken = doc_with_raw (v2, "action", "\"sign\"");
  g_autofree char *message = NULL;
  g_autofree char *message0 = NULL;
  g_autofree char *message_broken = NULL;

  message = assert_fails (v2, FINDINGS_PARSE_ERROR_UNSUPPORTED_VERSION, "schema_version");
  g_assert_nonnull (strstr (message, "2"));
  message0 = assert_fails (v0, FINDINGS_PARSE_ERROR_UNSUPPORTED_VERSION, "schema_version");
  message_broken = assert_fails (v2_broken, FINDINGS_PARSE_ERROR_UNSUPPORTED_VERSION,
                                 "schema_version");
}

static void
test_strict_json (void)
{
  static const char nul_doc[] =
    "{\"id\": \"d\\u0000\", \"visit_id\": \"v\", \"recommendation_id\": \"r\","
    " \"action\": \"decline\", \"decided_at\": \"2026-11-20T14:02:11Z\"}";
  g_autofree char *brackets = repeat ("[", 64);
  g_autofree char *deep = NULL;
  g_autofree char *message = NULL;
  g_autoptr(FindingsDecision) decision = NULL;
  g_autoptr(GError) error = NULL;

  message = assert_fails (nul_doc, FINDINGS_PARSE_ERROR_INVALID_VALUE, NULL);
  g_clear_pointer (&message, g_free);

  message = assert_fails ("{\"id\": ", FINDINGS_PARSE_ERROR_TRUNCATED, NULL);
  g_clear_pointer (&message, g_free);

  message = assert_fails ("{\"id\": 1} // comment", FINDINGS_PARSE_ERROR_SYNTAX, NULL);
  g_clear_pointer (&message, g_free);

  /* The object is level 1, so 64 arrays inside it make 65. */
  deep = g_strconcat ("{\"x\": ", brackets, NULL);
  message = assert_fails (deep, FINDINGS_PARSE_ERROR_TOO_DEEP, NULL);
  g_clear_pointer (&message, g_free);

  /* Invalid UTF-8. */
  decision = findings_decision_parse ("{\"id\": \"\xff\"}", 11, &error);
  g_assert_null (decision);
  g_assert_error (error, FINDINGS_PARSE_ERROR, FINDINGS_PARSE_ERROR_INVALID_UTF8);
}

static void
test_describe (void)
{
  g_autoptr(FindingsDecision) accept = make_known_decision ();
  g_autoptr(FindingsDecision) decline = parse_ok (decline_doc);
  g_autoptr(FindingsDecision) call = parse_ok (call_doc);
  g_autofree char *a = findings_decision_describe (accept);
  g_autofree char *b = findings_decision_describe (decline);
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;

  g_assert_cmpstr (a, ==, "accept o-2 on r-881 by Dana Whitfield");
  g_assert_cmpstr (b, ==, "decline on r-1");

  findings_decision_set_decided_by_name (call, "Line\nbreak");
  c = findings_decision_describe (call);
  g_assert_cmpstr (c, ==, "request_call on r-1 by Line\xef\xbf\xbd" "break");

  /* The phone number stays out of logs. */
  g_assert_null (strstr (c, "555"));

  findings_decision_set_option_id (accept, NULL);
  findings_decision_set_decided_by_name (accept, NULL);
  d = findings_decision_describe (accept);
  g_assert_cmpstr (d, ==, "accept ? on r-881");
}

static void
test_phone (void)
{
  static const struct
  {
    const char *phone;
    gboolean    valid;
  } cases[] = {
    { "+1 416 555 0100", TRUE },
    { "(416) 555-0100", TRUE },
    { "416.555.0100 x12", TRUE },
    { "416-555-0100 ext 12", TRUE },
    { "416-555-0100 Ext. 123456", TRUE },
    { "4165550100x1", TRUE },
    { "555 0100", TRUE },
    { "5550100", TRUE },
    { "+44 20 7946 0958", TRUE },
    { " 416 555 0100 ", TRUE },
    { "123456789012345", TRUE },
    { "", FALSE },
    { "abc", FALSE },
    { "12345", FALSE },
    { "+1 416 555 0100 0000 0000", FALSE },
    { "555-CALL-NOW", FALSE },
    { "1234567890123456", FALSE },
    { "416 555 0100 x", FALSE },
    { "416 555 0100 x1234567", FALSE },
    { "416 555 0100 x12 x3", FALSE },
    { "416 +555 0100", FALSE },
    { "++1 416 555 0100", FALSE },
    { "(416 555-0100", FALSE },
    { "416) 555-0100", FALSE },
    { "((416)) 555-0100", FALSE },
    { "416/555/0100", FALSE },
    { "416 555 0100\n", FALSE },
    { "٤١٦٥٥٥٠١٠٠", FALSE },
  };

  g_assert_false (findings_phone_is_valid (NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      if (findings_phone_is_valid (cases[i].phone) != cases[i].valid)
        g_error ("“%s” should be %s", cases[i].phone, cases[i].valid ? "valid" : "invalid");
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/decision/json/known", test_known_json);
  g_test_add_func ("/decision/json/deterministic", test_deterministic);
  g_test_add_func ("/decision/json/utc-whole-seconds", test_utc_whole_seconds);
  g_test_add_func ("/decision/json/nulls", test_nulls);
  g_test_add_func ("/decision/json/round-trip", test_round_trip);
  g_test_add_func ("/decision/new", test_new);
  g_test_add_func ("/decision/properties", test_properties);
  g_test_add_func ("/decision/action-strings", test_action_strings);
  g_test_add_func ("/decision/parse/missing", test_missing);
  g_test_add_func ("/decision/parse/optional", test_optional);
  g_test_add_func ("/decision/parse/wrong-type", test_wrong_type);
  g_test_add_func ("/decision/parse/invalid-values", test_invalid_values);
  g_test_add_func ("/decision/parse/limits", test_limits);
  g_test_add_func ("/decision/parse/unknown-fields", test_unknown_fields);
  g_test_add_func ("/decision/parse/schema-version", test_schema_version);
  g_test_add_func ("/decision/parse/strict-json", test_strict_json);
  g_test_add_func ("/decision/describe", test_describe);
  g_test_add_func ("/decision/phone", test_phone);

  return g_test_run ();
}
