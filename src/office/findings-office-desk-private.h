/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <locale.h>

#include "findings-office-db-desk.h"
#include "findings-office-desk.h"
#include "findings-office-html.h"
#include "findings-office-rate-limiter.h"

G_BEGIN_DECLS

/* Shared by findings-office-desk.c (routes, sign-in, sessions, CSRF, languages) and
 * findings-office-desk-pages.c (the pages themselves). */

#define DESK_PREFIX "/desk"

struct _FindingsOfficeDesk
{
  GObject           parent_instance;

  FindingsOfficeDb *db;
  GHashTable       *locales;  /* language code -> locale_t */
  FindingsOfficeRateLimiter *limiter;  /* failed sign-ins per client address */
};

/* One request to the desk, signed in or not. */
typedef struct
{
  FindingsOfficeDesk *desk;
  SoupServerMessage  *msg;
  GHashTable         *query;
  GHashTable         *form;     /* a POST's fields, or NULL */
  const char         *lang;     /* "en", "fr" or "es" */
  char               *csrf;     /* the session's form value, or the sign-in form's */
  gboolean            signed_in;
  GDateTime          *now;
} DeskRequest;

/* Page building */
GString *_findings_office_desk_begin_page   (DeskRequest *request,
                                             const char  *title,
                                             const char  *current,
                                             gboolean     refresh);
void     _findings_office_desk_end_page     (DeskRequest *request,
                                             GString     *page,
                                             guint        status);
void     _findings_office_desk_plain        (DeskRequest *request,
                                             guint        status,
                                             const char  *title,
                                             const char  *message);
void     _findings_office_desk_csrf_field   (DeskRequest *request,
                                             GString     *page);
void     _findings_office_desk_redirect     (DeskRequest *request,
                                             const char  *location);

/* The pages */
void     _findings_office_desk_calls        (DeskRequest *request);
void     _findings_office_desk_decisions    (DeskRequest *request);
void     _findings_office_desk_recommendation (DeskRequest *request,
                                               const char  *id,
                                               const char  *notice);
void     _findings_office_desk_post_follow_up (DeskRequest *request,
                                               const char  *id);
void     _findings_office_desk_post_note    (DeskRequest *request,
                                             const char  *id);
void     _findings_office_desk_technicians  (DeskRequest *request);
void     _findings_office_desk_technician   (DeskRequest *request,
                                             const char  *id);
void     _findings_office_desk_photo        (DeskRequest *request,
                                             const char  *id);

G_END_DECLS
