/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "findings-recommendation.h"
#include "findings-site.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_VISIT (findings_visit_get_type ())
G_DECLARE_FINAL_TYPE (FindingsVisit, findings_visit, FINDINGS, VISIT, GObject)

FindingsVisit *findings_visit_new (const char *id);

const char *findings_visit_get_id (FindingsVisit *self);
void        findings_visit_set_id (FindingsVisit *self,
                                   const char    *id);

FindingsSite *findings_visit_get_site (FindingsVisit *self);
void          findings_visit_set_site (FindingsVisit *self,
                                       FindingsSite  *site);

const char *findings_visit_get_company_name (FindingsVisit *self);
void        findings_visit_set_company_name (FindingsVisit *self,
                                             const char    *company_name);

const char *findings_visit_get_company_phone (FindingsVisit *self);
void        findings_visit_set_company_phone (FindingsVisit *self,
                                              const char    *company_phone);

const char *findings_visit_get_company_email (FindingsVisit *self);
void        findings_visit_set_company_email (FindingsVisit *self,
                                              const char    *company_email);

const char *findings_visit_get_technician_id (FindingsVisit *self);
void        findings_visit_set_technician_id (FindingsVisit *self,
                                              const char    *technician_id);

const char *findings_visit_get_technician_name (FindingsVisit *self);
void        findings_visit_set_technician_name (FindingsVisit *self,
                                                const char    *technician_name);

GDateTime *findings_visit_get_started_at (FindingsVisit *self);
void       findings_visit_set_started_at (FindingsVisit *self,
                                          GDateTime     *started_at);

GDateTime *findings_visit_get_completed_at (FindingsVisit *self);
void       findings_visit_set_completed_at (FindingsVisit *self,
                                            GDateTime     *completed_at);

const char *findings_visit_get_summary (FindingsVisit *self);
void        findings_visit_set_summary (FindingsVisit *self,
                                        const char    *summary);

const char * const *findings_visit_get_work_performed (FindingsVisit      *self);
void                findings_visit_set_work_performed (FindingsVisit      *self,
                                                       const char * const *work_performed);

const char *findings_visit_get_currency (FindingsVisit *self);
void        findings_visit_set_currency (FindingsVisit *self,
                                         const char    *currency);

GListModel             *findings_visit_get_recommendations (FindingsVisit          *self);
void                    findings_visit_add_recommendation  (FindingsVisit          *self,
                                                            FindingsRecommendation *recommendation);
FindingsRecommendation *findings_visit_find_recommendation (FindingsVisit          *self,
                                                            const char             *id);

guint    findings_visit_get_n_open             (FindingsVisit *self);
gboolean findings_visit_get_has_safety_concern (FindingsVisit *self);

int findings_visit_compare_newest_first (gconstpointer a,
                                         gconstpointer b,
                                         gpointer      user_data);

G_END_DECLS
