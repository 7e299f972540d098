/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-application"

#include "config.h"

#include <glib/gi18n.h>

#include "findings-application.h"
#include "findings-resources.h"
#include "findings-visit.h"
#include "findings-visit-loader.h"
#include "findings-window.h"

struct _FindingsApplication
{
  AdwApplication   parent_instance;

  GListStore      *visits;
  char           **problems;
  GFile           *photo_dir;
  GCancellable    *cancellable;

  guint            loading : 1;
  guint            demo : 1;
  guint            kiosk : 1;
};

G_DEFINE_FINAL_TYPE (FindingsApplication, findings_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_PROBLEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the demonstration visits, with no office needed"), NULL },
  { "kiosk", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run full screen as a public kiosk"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

GFile *
findings_application_dup_data_dir (void)
{
  const char *dir = g_getenv ("FINDINGS_DATA_DIR");

  /* Set by `meson devenv` and the tests, so an uninstalled build finds its data. */
  if (dir != NULL && *dir != '\0')
    return g_file_new_for_path (dir);

  return g_file_new_for_path (PKGDATADIR);
}

static void
set_loading (FindingsApplication *self,
             gboolean             loading)
{
  if (self->loading == !!loading)
    return;

  self->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
load_demo_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FindingsApplication) self = user_data;
  g_autoptr(GListModel) visits = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) problems = NULL;

  visits = findings_visit_load_directory_finish (result, &problems, &error);

  if (visits == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      problems = g_new0 (char *, 2);
      /* Translators: %s is the reason */
      problems[0] = g_strdup_printf (_("The demonstration visits could not be read: %s"),
                                     error->message);
    }
  else
    {
      guint n = g_list_model_get_n_items (visits);
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (items, g_list_model_get_item (visits, i));

      g_list_store_splice (self->visits, 0,
                           g_list_model_get_n_items (G_LIST_MODEL (self->visits)),
                           items->pdata, items->len);
    }

  for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
    g_warning ("%s", problems[i]);

  g_clear_pointer (&self->problems, g_strfreev);
  self->problems = g_steal_pointer (&problems);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEMS]);

  set_loading (self, FALSE);
}

static void
start_loading (FindingsApplication *self)
{
  g_autoptr(GFile) data_dir = findings_application_dup_data_dir ();
  g_autoptr(GFile) demo_dir = g_file_get_child (data_dir, "demo");

  if (!self->demo)
    return;

  g_clear_object (&self->photo_dir);
  self->photo_dir = g_file_get_child (demo_dir, "photos");

  set_loading (self, TRUE);
  findings_visit_load_directory_async (demo_dir, self->cancellable,
                                       load_demo_cb, g_object_ref (self));
}

static void
findings_application_about (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  FindingsApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "The Findings developers", NULL };

  adw_show_about_window (window,
                         "application-name", _("Findings"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Findings developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("See what the technician found, and decide what to do."),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
findings_application_quit (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  FindingsApplication *self = user_data;

  /* A kiosk never quits from the keyboard: that would show the desktop. */
  if (!self->kiosk)
    g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "about", findings_application_about },
  { "quit", findings_application_quit },
};

static int
findings_application_handle_local_options (GApplication *app,
                                           GVariantDict *options)
{
  FindingsApplication *self = FINDINGS_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  self->demo = g_variant_dict_contains (options, "demo");
  self->kiosk = g_variant_dict_contains (options, "kiosk");

  return -1;
}

static void
disable_inspector (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  gtk_window_set_interactive_debugging (FALSE);

  if (source == NULL)
    return;

  schema = g_settings_schema_source_lookup (source, "org.gtk.gtk4.Settings.Debug", TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "enable-inspector-keybinding"))
    return;

  settings = g_settings_new_full (schema, NULL, NULL);
  g_settings_set_boolean (settings, "enable-inspector-keybinding", FALSE);
}

static void
findings_application_startup (GApplication *app)
{
  FindingsApplication *self = FINDINGS_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (findings_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  if (!self->kiosk)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  else
    disable_inspector ();

  start_loading (self);
}

static void
findings_application_activate (GApplication *app)
{
  FindingsApplication *self = FINDINGS_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (findings_window_new (self));

  gtk_window_present (window);
}

static void
findings_application_dispose (GObject *object)
{
  FindingsApplication *self = FINDINGS_APPLICATION (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (findings_application_parent_class)->dispose (object);
}

static void
findings_application_finalize (GObject *object)
{
  FindingsApplication *self = FINDINGS_APPLICATION (object);

  g_clear_object (&self->visits);
  g_clear_object (&self->photo_dir);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->problems, g_strfreev);

  G_OBJECT_CLASS (findings_application_parent_class)->finalize (object);
}

static void
findings_application_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  FindingsApplication *self = FINDINGS_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_PROBLEMS:
      g_value_set_boxed (value, self->problems);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
findings_application_class_init (FindingsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  /* The resources live in a static library shared with the tests: register them
   * by hand, as no linker keeps an unreferenced constructor. */
  findings_register_resource ();

  object_class->dispose = findings_application_dispose;
  object_class->finalize = findings_application_finalize;
  object_class->get_property = findings_application_get_property;

  app_class->handle_local_options = findings_application_handle_local_options;
  app_class->startup = findings_application_startup;
  app_class->activate = findings_application_activate;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEMS] =
    g_param_spec_boxed ("problems", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
findings_application_init (FindingsApplication *self)
{
  self->visits = g_list_store_new (FINDINGS_TYPE_VISIT);
  self->cancellable = g_cancellable_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Review what the technician found on each "
                                              "service visit."));
}

FindingsApplication *
findings_application_new (void)
{
  return g_object_new (FINDINGS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/app/findings/Findings",
                       NULL);
}

GListModel *
findings_application_get_visits (FindingsApplication *self)
{
  g_return_val_if_fail (FINDINGS_IS_APPLICATION (self), NULL);

  return G_LIST_MODEL (self->visits);
}

gboolean
findings_application_get_loading (FindingsApplication *self)
{
  g_return_val_if_fail (FINDINGS_IS_APPLICATION (self), FALSE);

  return self->loading;
}

const char * const *
findings_application_get_problems (FindingsApplication *self)
{
  g_return_val_if_fail (FINDINGS_IS_APPLICATION (self), NULL);

  return (const char * const *) self->problems;
}

gboolean
findings_application_get_kiosk (FindingsApplication *self)
{
  g_return_val_if_fail (FINDINGS_IS_APPLICATION (self), FALSE);

  return self->kiosk;
}

gboolean
findings_application_get_demo (FindingsApplication *self)
{
  g_return_val_if_fail (FINDINGS_IS_APPLICATION (self), FALSE);

  return self->demo;
}

GFile *
findings_application_get_photo_dir (FindingsApplication *self)
{
  g_return_val_if_fail (FINDINGS_IS_APPLICATION (self), NULL);

  return self->photo_dir;
}
