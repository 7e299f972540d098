/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void       findings_test_start_xvfb       (int          width,
                                           int          height);
void       findings_test_stop_xvfb        (void);
gboolean   findings_test_wait_for         (gboolean   (*condition) (gpointer data),
                                           gpointer     data);
void       findings_test_settle           (void);
GPtrArray *findings_test_collect_labels   (GtkWidget   *root);
GtkLabel  *findings_test_find_label       (GtkWidget   *root,
                                           const char  *text);
gboolean   findings_test_has_label        (GtkWidget   *root,
                                           const char  *text);
void       findings_test_assert_label     (GtkWidget   *root,
                                           const char  *text);
GtkWidget *findings_test_find_widget      (GtkWidget   *root,
                                           GType        type);
GtkButton *findings_test_find_button      (GtkWidget   *root,
                                           const char  *label);
GtkButton *findings_test_find_icon_button (GtkWidget   *root,
                                           const char  *icon_name);
void       findings_test_click            (GtkWidget   *root,
                                           const char  *label);
GtkWidget *findings_test_find_window      (GtkApplication *app,
                                           GType           type);
GtkWidget *findings_test_find_entry_row   (GtkWidget   *root,
                                           const char  *title);
void       findings_test_set_entry_row    (GtkWidget   *root,
                                           const char  *title,
                                           const char  *text);
void       findings_test_save_screenshot  (GtkWidget   *widget,
                                           const char  *path);
void       findings_test_shoot            (GtkWidget   *widget,
                                           const char  *name,
                                           const char  *suffix);

G_END_DECLS
