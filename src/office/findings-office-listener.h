/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Connections allowed at once unless told otherwise. */
#define FINDINGS_OFFICE_LISTENER_DEFAULT_MAX_CONNECTIONS 1024

#define FINDINGS_TYPE_OFFICE_LISTENER (findings_office_listener_get_type ())
G_DECLARE_FINAL_TYPE (FindingsOfficeListener, findings_office_listener,
                      FINDINGS, OFFICE_LISTENER, GObject)

FindingsOfficeListener *findings_office_listener_new                 (SoupServer             *soup,
                                                                      GTlsCertificate        *certificate);

void                    findings_office_listener_set_max_connections (FindingsOfficeListener *self,
                                                                      guint                   max_connections);
gboolean                findings_office_listener_listen              (FindingsOfficeListener *self,
                                                                      GSocketAddress         *address,
                                                                      GError                **error);
GSocketAddress         *findings_office_listener_get_address         (FindingsOfficeListener *self);
gboolean                findings_office_listener_is_https            (FindingsOfficeListener *self);
guint                   findings_office_listener_get_n_connections   (FindingsOfficeListener *self);
guint64                 findings_office_listener_get_n_accepted      (FindingsOfficeListener *self);
void                    findings_office_listener_stop                (FindingsOfficeListener *self);

G_END_DECLS
