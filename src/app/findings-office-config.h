/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FINDINGS_TYPE_OFFICE_CONFIG (findings_office_config_get_type ())

G_DECLARE_FINAL_TYPE (FindingsOfficeConfig, findings_office_config, FINDINGS, OFFICE_CONFIG,
                      GObject)

FindingsOfficeConfig *findings_office_config_new                 (const char            *url,
                                                                  const char            *token);
FindingsOfficeConfig *findings_office_config_load                (void);
const char           *findings_office_config_get_url             (FindingsOfficeConfig  *self);
const char           *findings_office_config_get_token           (FindingsOfficeConfig  *self);
const char           *findings_office_config_get_problem         (FindingsOfficeConfig  *self);
void                  findings_office_config_set_ca_file         (FindingsOfficeConfig  *self,
                                                                  const char            *ca_file);
const char           *findings_office_config_get_ca_file         (FindingsOfficeConfig  *self);
GTlsDatabase         *findings_office_config_dup_tls_database    (FindingsOfficeConfig  *self,
                                                                  GError               **error);

char                 *findings_office_config_read_secret         (const char            *name,
                                                                  GError               **error);
gboolean              findings_office_config_write_secret        (const char            *name,
                                                                  const char            *value,
                                                                  GError               **error);

GFile                *findings_office_config_dup_data_dir        (void);
char                 *findings_office_config_dup_store_path      (void);
char                 *findings_office_config_dup_demo_dir        (GError               **error);
char                 *findings_office_config_find_office_program (void);

G_END_DECLS
