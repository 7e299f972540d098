/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "findings-decision-answer.h"
#include "findings-enums.h"
#include "findings-follow-up.h"
#include "findings-option.h"
#include "findings-photo.h"
#include "findings-problem.h"

G_BEGIN_DECLS

/* The recommendation points back at its visit and the visit lists its recommendations,
 * so each header can be included first. */
typedef struct _FindingsVisit FindingsVisit;

#define FINDINGS_TYPE_RECOMMENDATION (findings_recommendation_get_type ())
G_DECLARE_FINAL_TYPE (FindingsRecommendation, findings_recommendation,
                      FINDINGS, RECOMMENDATION, GObject)

FindingsRecommendation *findings_recommendation_new (const char *id);

const char *findings_recommendation_get_id (FindingsRecommendation *self);
void        findings_recommendation_set_id (FindingsRecommendation *self,
                                            const char             *id);

const char *findings_recommendation_get_title (FindingsRecommendation *self);
void        findings_recommendation_set_title (FindingsRecommendation *self,
                                               const char             *title);

FindingsCategory findings_recommendation_get_category (FindingsRecommendation *self);
void             findings_recommendation_set_category (FindingsRecommendation *self,
                                                       FindingsCategory        category);

FindingsUrgency findings_recommendation_get_urgency (FindingsRecommendation *self);
void            findings_recommendation_set_urgency (FindingsRecommendation *self,
                                                     FindingsUrgency         urgency);

const char *findings_recommendation_get_equipment_name (FindingsRecommendation *self);
void        findings_recommendation_set_equipment_name (FindingsRecommendation *self,
                                                        const char             *equipment_name);

const char *findings_recommendation_get_equipment_tag (FindingsRecommendation *self);
void        findings_recommendation_set_equipment_tag (FindingsRecommendation *self,
                                                       const char             *equipment_tag);

const char *findings_recommendation_get_equipment_location (FindingsRecommendation *self);
void        findings_recommendation_set_equipment_location (FindingsRecommendation *self,
                                                            const char             *location);

const char *findings_recommendation_get_finding (FindingsRecommendation *self);
void        findings_recommendation_set_finding (FindingsRecommendation *self,
                                                 const char             *finding);

const char *findings_recommendation_get_why_it_matters (FindingsRecommendation *self);
void        findings_recommendation_set_why_it_matters (FindingsRecommendation *self,
                                                        const char             *why_it_matters);

const char *findings_recommendation_get_if_deferred (FindingsRecommendation *self);
void        findings_recommendation_set_if_deferred (FindingsRecommendation *self,
                                                     const char             *if_deferred);

const char *findings_recommendation_get_technician_note (FindingsRecommendation *self);
void        findings_recommendation_set_technician_note (FindingsRecommendation *self,
                                                         const char             *technician_note);

FindingsSafetyLevel findings_recommendation_get_safety_level (FindingsRecommendation *self);
void                findings_recommendation_set_safety_level (FindingsRecommendation *self,
                                                              FindingsSafetyLevel     safety_level);

const char *findings_recommendation_get_safety_note (FindingsRecommendation *self);
void        findings_recommendation_set_safety_note (FindingsRecommendation *self,
                                                     const char             *safety_note);

const char *findings_recommendation_get_quote_valid_until (FindingsRecommendation *self);
void        findings_recommendation_set_quote_valid_until (FindingsRecommendation *self,
                                                           const char             *valid_until);

const char *findings_recommendation_get_quote_conditions (FindingsRecommendation *self);
void        findings_recommendation_set_quote_conditions (FindingsRecommendation *self,
                                                          const char             *quote_conditions);

gboolean findings_recommendation_get_has_quote (FindingsRecommendation *self);
void     findings_recommendation_set_has_quote (FindingsRecommendation *self,
                                                gboolean                has_quote);

FindingsStatus findings_recommendation_get_status (FindingsRecommendation *self);
void           findings_recommendation_set_status (FindingsRecommendation *self,
                                                   FindingsStatus          status);

FindingsFollowUp *findings_recommendation_get_follow_up (FindingsRecommendation *self);
void              findings_recommendation_set_follow_up (FindingsRecommendation *self,
                                                         FindingsFollowUp       *follow_up);

void findings_recommendation_apply_answer (FindingsRecommendation *self,
                                           FindingsDecisionAnswer *answer);

FindingsVisit *findings_recommendation_dup_visit (FindingsRecommendation *self);

GListModel     *findings_recommendation_get_options             (FindingsRecommendation *self);
void            findings_recommendation_add_option              (FindingsRecommendation *self,
                                                                 FindingsOption         *option);
FindingsOption *findings_recommendation_find_option             (FindingsRecommendation *self,
                                                                 const char             *option_id);
FindingsOption *findings_recommendation_get_lowest_price_option (FindingsRecommendation *self);

GListModel *findings_recommendation_get_photos (FindingsRecommendation *self);
void        findings_recommendation_add_photo  (FindingsRecommendation *self,
                                                FindingsPhoto          *photo);

gboolean findings_recommendation_is_safety_concern (FindingsRecommendation *self);
int      findings_recommendation_get_safety_rank   (FindingsRecommendation *self);
gboolean findings_recommendation_is_quote_expired  (FindingsRecommendation *self,
                                                    GDateTime              *now);

FindingsProblem findings_recommendation_check_decision (FindingsRecommendation *self,
                                                        FindingsAction          action,
                                                        GDateTime              *decided_at);

int findings_recommendation_compare      (FindingsRecommendation *a,
                                          FindingsRecommendation *b);
int findings_recommendation_compare_func (gconstpointer           a,
                                          gconstpointer           b,
                                          gpointer                user_data);

G_END_DECLS
