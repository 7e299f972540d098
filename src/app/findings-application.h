/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "findings-decision.h"
#include "findings-photo.h"
#include "findings-recommendation.h"

G_BEGIN_DECLS

#define FINDINGS_TYPE_APPLICATION (findings_application_get_type ())

G_DECLARE_FINAL_TYPE (FindingsApplication, findings_application, FINDINGS, APPLICATION,
                      AdwApplication)

FindingsApplication *findings_application_new                    (void);
GListModel          *findings_application_get_visits             (FindingsApplication     *self);
gboolean             findings_application_get_loading            (FindingsApplication     *self);
const char * const  *findings_application_get_problems           (FindingsApplication     *self);
const char          *findings_application_get_sync_status        (FindingsApplication     *self);
gboolean             findings_application_get_kiosk              (FindingsApplication     *self);
gboolean             findings_application_get_demo               (FindingsApplication     *self);
gboolean             findings_application_has_office             (FindingsApplication     *self);
GFile               *findings_application_dup_data_dir           (void);
void                 findings_application_record_decision_async  (FindingsApplication     *self,
                                                                  FindingsDecision        *decision,
                                                                  FindingsRecommendation  *recommendation,
                                                                  GCancellable            *cancellable,
                                                                  GAsyncReadyCallback      callback,
                                                                  gpointer                 user_data);
gboolean             findings_application_record_decision_finish (FindingsApplication     *self,
                                                                  GAsyncResult            *result,
                                                                  GError                 **error);
char                *findings_application_describe_delivery      (FindingsApplication     *self,
                                                                  FindingsRecommendation  *recommendation,
                                                                  const char             **style);
void                 findings_application_load_photo_async       (FindingsApplication     *self,
                                                                  FindingsPhoto           *photo,
                                                                  GCancellable            *cancellable,
                                                                  GAsyncReadyCallback      callback,
                                                                  gpointer                 user_data);
GdkTexture          *findings_application_load_photo_finish      (FindingsApplication     *self,
                                                                  GAsyncResult            *result,
                                                                  GError                 **error);
const char          *findings_application_get_office_db_path     (FindingsApplication     *self);

G_END_DECLS
