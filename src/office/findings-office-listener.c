/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "findings-office"

#include "config.h"

#include <errno.h>
#include <sys/socket.h>

#include <gio/gnetworking.h>

#include "findings-office-listener.h"

/* The office's own accept loop, in front of libsoup.
 *
 * libsoup 3.2 drops its listening source for good when accept() fails (EMFILE once
 * descriptors run out), and never closes a kept-alive connection that the client
 * closed while it was idle. So the office owns the listening socket: it accepts
 * from a GSource of its own, hands each connection to libsoup with
 * soup_server_accept_iostream(), and keeps a table of its connections so that it
 * can count them, cap them and close them:
 *
 * - a connection must send its first request's headers within HEADER_TIMEOUT;
 * - a kept-alive connection may wait IDLE_TIMEOUT for its next request, and one
 *   whose client closed its end is closed at the next sweep (a peek sees the EOF);
 * - a request in flight may make no progress for BUSY_TIMEOUT at most;
 * - at the cap, or when accept() fails for want of descriptors, the oldest
 *   connection that has waited SHED_AGE or more for a request makes room; if there
 *   is none, accepting pauses (the kernel's backlog holds the rest) and resumes as
 *   soon as one closes, or after ACCEPT_RETRY; the listening socket is never given
 *   up. */

#define LISTEN_BACKLOG   1024
#define HEADER_TIMEOUT   (5 * G_USEC_PER_SEC)
#define IDLE_TIMEOUT     (15 * G_USEC_PER_SEC)
#define BUSY_TIMEOUT     (60 * G_USEC_PER_SEC)
#define SWEEP_INTERVAL   1    /* seconds */
#define ACCEPT_RETRY     100  /* milliseconds */
#define SHED_AGE         G_USEC_PER_SEC

typedef enum
{
  CONN_WAITING,  /* for a request's headers: the first, or the next one */
  CONN_BUSY,     /* a request is being read, handled or answered */
} ConnState;

typedef struct
{
  FindingsOfficeListener *listener;
  GSocketConnection      *connection;  /* weak: libsoup owns it */
  GSocket                *socket;
  GSocketAddress         *remote;      /* the key: the messages' remote address */
  GList                   link;        /* in listener->conns, oldest first */
  ConnState               state;
  guint                   served;
  gint64                  since;       /* last progress, monotonic µs */
} Conn;

struct _FindingsOfficeListener
{
  GObject          parent_instance;

  SoupServer      *soup;
  GTlsCertificate *certificate;
  guint            max_connections;

  GSocket         *socket;
  GSocketAddress  *address;
  GSource         *accept_source;
  guint            retry_id;
  guint            sweep_id;

  GHashTable      *by_remote;   /* GSocketAddress* → Conn* */
  GQueue           conns;
  guint64          n_accepted;
};

G_DEFINE_FINAL_TYPE (FindingsOfficeListener, findings_office_listener, G_TYPE_OBJECT)

static void resume_accepting (FindingsOfficeListener *self);


/*
 * The table of connections
 */

static void connection_finalized_cb (gpointer  user_data,
                                     GObject  *where_the_object_was);

/* Forgets @conn; with @close_it, closes its socket too, which makes libsoup drop
 * the connection on its next read or write. */
static void
conn_remove (Conn     *conn,
             gboolean  close_it)
{
  FindingsOfficeListener *self = conn->listener;

  if (conn->connection != NULL)
    g_object_weak_unref (G_OBJECT (conn->connection), connection_finalized_cb, conn);
  if (close_it || conn->connection == NULL)
    g_socket_close (conn->socket, NULL);

  g_hash_table_remove (self->by_remote, conn->remote);
  g_queue_unlink (&self->conns, &conn->link);
  g_object_unref (conn->socket);
  g_object_unref (conn->remote);
  g_free (conn);

  resume_accepting (self);
}

static void
connection_finalized_cb (gpointer  user_data,
                         GObject  *where_the_object_was)
{
  Conn *conn = user_data;

  conn->connection = NULL;
  conn_remove (conn, TRUE);
}

/* A connection waiting for a request whose socket is readable with no byte to give:
 * the client closed its end. Peeking takes nothing from libsoup. */
static gboolean
conn_peer_closed (Conn *conn)
{
  char byte;
  gssize n;

  if (g_socket_is_closed (conn->socket))
    return TRUE;

  n = recv (g_socket_get_fd (conn->socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n < 0)
    return errno != EAGAIN && errno != EINTR;

  return n == 0;
}

static Conn *
conn_for_message (FindingsOfficeListener *self,
                  SoupServerMessage      *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  return remote != NULL ? g_hash_table_lookup (self->by_remote, remote) : NULL;
}

static void
message_progress_cb (SoupServerMessage *msg,
                     gpointer           user_data)
{
  FindingsOfficeListener *self = user_data;
  Conn *conn = conn_for_message (self, msg);

  if (conn == NULL)
    return;

  conn->state = CONN_BUSY;
  conn->since = g_get_monotonic_time ();
}

static void
message_got_chunk_cb (SoupServerMessage *msg,
                      GBytes            *chunk,
                      gpointer           user_data)
{
  message_progress_cb (msg, user_data);
}

static void
message_wrote_data_cb (SoupServerMessage *msg,
                       guint              length,
                       gpointer           user_data)
{
  message_progress_cb (msg, user_data);
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  FindingsOfficeListener *self = user_data;

  g_signal_connect_object (msg, "got-headers", G_CALLBACK (message_progress_cb), self, 0);
  g_signal_connect_object (msg, "got-chunk", G_CALLBACK (message_got_chunk_cb), self, 0);
  g_signal_connect_object (msg, "wrote-headers", G_CALLBACK (message_progress_cb), self, 0);
  g_signal_connect_object (msg, "wrote-chunk", G_CALLBACK (message_progress_cb), self, 0);
  g_signal_connect_object (msg, "wrote-body-data", G_CALLBACK (message_wrote_data_cb), self,
                           0);
}

static void
request_done_cb (SoupServer        *soup,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  FindingsOfficeListener *self = user_data;
  Conn *conn = conn_for_message (self, msg);

  if (conn == NULL)
    return;

  conn->state = CONN_WAITING;
  conn->served++;
  conn->since = g_get_monotonic_time ();
}

/* The oldest connection that has waited for a request for a while, to make room.
 * One that waited less is a client about to send its next request. */
static gboolean
shed_one (FindingsOfficeListener *self)
{
  gint64 now = g_get_monotonic_time ();

  for (GList *l = self->conns.head; l != NULL; l = l->next)
    {
      Conn *conn = l->data;

      if (conn->state == CONN_WAITING && now - conn->since >= SHED_AGE)
        {
          g_debug ("Closing a waiting connection to make room");
          conn_remove (conn, TRUE);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
sweep_cb (gpointer user_data)
{
  FindingsOfficeListener *self = user_data;
  gint64 now = g_get_monotonic_time ();
  GList *l = self->conns.head;

  while (l != NULL)
    {
      Conn *conn = l->data;
      gint64 limit;

      l = l->next;
      if (conn->state == CONN_BUSY)
        limit = BUSY_TIMEOUT;
      else
        limit = conn->served == 0 ? HEADER_TIMEOUT : IDLE_TIMEOUT;

      if (g_socket_is_closed (conn->socket))
        conn_remove (conn, FALSE);
      else if (now - conn->since >= limit ||
               (conn->state == CONN_WAITING && conn_peer_closed (conn)))
        conn_remove (conn, TRUE);
    }

  if (self->conns.length == 0)
    {
      self->sweep_id = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}


/*
 * Accepting
 */

static gboolean accept_cb (GSocket      *socket,
                           GIOCondition  condition,
                           gpointer      user_data);

static void
pause_accepting (FindingsOfficeListener *self)
{
  if (self->accept_source != NULL)
    {
      g_source_destroy (self->accept_source);
      g_clear_pointer (&self->accept_source, g_source_unref);
    }
}

static void
resume_accepting (FindingsOfficeListener *self)
{
  if (self->socket == NULL || self->accept_source != NULL)
    return;

  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->accept_source = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, G_SOURCE_FUNC (accept_cb), self, NULL);
  g_source_attach (self->accept_source, NULL);
}

static gboolean
retry_cb (gpointer user_data)
{
  FindingsOfficeListener *self = user_data;

  self->retry_id = 0;
  resume_accepting (self);
  return G_SOURCE_REMOVE;
}

static void
pause_and_retry (FindingsOfficeListener *self)
{
  pause_accepting (self);
  if (self->retry_id == 0)
    self->retry_id = g_timeout_add (ACCEPT_RETRY, retry_cb, self);
}

static GIOStream *
wrap_tls (FindingsOfficeListener  *self,
          GSocketConnection       *connection,
          GError                 **error)
{
  GIOStream *tls;

  tls = g_tls_server_connection_new (G_IO_STREAM (connection), self->certificate, error);
  if (tls != NULL)
    g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (tls), FALSE);

  return tls;
}

static void
hand_over (FindingsOfficeListener *self,
           GSocket                *socket)
{
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GError) error = NULL;
  Conn *conn;

  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  local = g_socket_get_local_address (socket, &error);
  if (local == NULL)
    {
      g_debug ("A connection went before it was taken: %s", error->message);
      return;
    }

  conn = g_new0 (Conn, 1);
  conn->listener = self;
  conn->socket = g_object_ref (socket);
  conn->remote = g_socket_get_remote_address (socket, &error);
  if (conn->remote == NULL)
    {
      g_debug ("A connection went before it was taken: %s", error->message);
      g_socket_close (socket, NULL);
      g_object_unref (conn->socket);
      g_free (conn);
      return;
    }

  connection = g_socket_connection_factory_create_connection (socket);
  stream = self->certificate != NULL ? wrap_tls (self, connection, &error)
                                     : G_IO_STREAM (g_object_ref (connection));
  if (stream == NULL)
    {
      g_warning ("Could not set up TLS on a connection: %s", error->message);
      g_socket_close (socket, NULL);
      g_object_unref (conn->remote);
      g_object_unref (conn->socket);
      g_free (conn);
      return;
    }

  conn->connection = connection;
  conn->state = CONN_WAITING;
  conn->since = g_get_monotonic_time ();
  conn->link.data = conn;
  g_object_weak_ref (G_OBJECT (connection), connection_finalized_cb, conn);
  g_hash_table_insert (self->by_remote, conn->remote, conn);
  g_queue_push_tail_link (&self->conns, &conn->link);
  self->n_accepted++;

  if (self->sweep_id == 0)
    self->sweep_id = g_timeout_add_seconds (SWEEP_INTERVAL, sweep_cb, self);

  /* Registered first: libsoup starts the first request inside this call. */
  if (!soup_server_accept_iostream (self->soup, stream, local, conn->remote, &error))
    {
      g_warning ("libsoup refused a connection: %s", error->message);
      conn_remove (conn, TRUE);
    }
}

static gboolean
accept_cb (GSocket      *socket,
           GIOCondition  condition,
           gpointer      user_data)
{
  FindingsOfficeListener *self = user_data;

  /* A bounded batch, so that a flood does not starve the connections' own I/O. */
  for (guint i = 0; i < 64; i++)
    {
      g_autoptr(GSocket) accepted = NULL;
      g_autoptr(GError) error = NULL;

      if (self->conns.length >= self->max_connections && !shed_one (self))
        {
          /* Every connection is in use: resumes when one closes, or a moment later. */
          pause_and_retry (self);
          return G_SOURCE_REMOVE;
        }

      accepted = g_socket_accept (socket, NULL, &error);
      if (accepted != NULL)
        {
          hand_over (self, accepted);
          continue;
        }

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES))
        {
          /* Out of descriptors: make room, or wait a moment; never stop listening. */
          if (shed_one (self))
            continue;

          g_warning_once ("Out of file descriptors with %u connections open; "
                          "new connections wait", self->conns.length);
          pause_and_retry (self);
          return G_SOURCE_REMOVE;
        }

      /* ECONNABORTED and the like concern that one connection only. */
      g_debug ("accept: %s", error->message);
    }

  return G_SOURCE_CONTINUE;
}


/*
 * GObject overrides
 */

static void
findings_office_listener_dispose (GObject *object)
{
  FindingsOfficeListener *self = (FindingsOfficeListener *) object;

  findings_office_listener_stop (self);
  if (self->soup != NULL)
    g_signal_handlers_disconnect_by_data (self->soup, self);
  g_clear_object (&self->soup);
  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (findings_office_listener_parent_class)->dispose (object);
}

static void
findings_office_listener_finalize (GObject *object)
{
  FindingsOfficeListener *self = (FindingsOfficeListener *) object;

  g_hash_table_unref (self->by_remote);

  G_OBJECT_CLASS (findings_office_listener_parent_class)->finalize (object);
}

static void
findings_office_listener_class_init (FindingsOfficeListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = findings_office_listener_dispose;
  object_class->finalize = findings_office_listener_finalize;
}

static void
findings_office_listener_init (FindingsOfficeListener *self)
{
  self->max_connections = FINDINGS_OFFICE_LISTENER_DEFAULT_MAX_CONNECTIONS;
  self->by_remote = g_hash_table_new (NULL, NULL);
  g_queue_init (&self->conns);
}


/*
 * Public API
 */

/**
 * findings_office_listener_new:
 * @soup: the server that answers the connections
 * @certificate: (nullable): a certificate with its key, for HTTPS
 *
 * Returns: (transfer full): a listener, not yet listening
 */
FindingsOfficeListener *
findings_office_listener_new (SoupServer      *soup,
                              GTlsCertificate *certificate)
{
  FindingsOfficeListener *self;

  g_return_val_if_fail (SOUP_IS_SERVER (soup), NULL);
  g_return_val_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate), NULL);

  self = g_object_new (FINDINGS_TYPE_OFFICE_LISTENER, NULL);
  self->soup = g_object_ref (soup);
  self->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;

  g_signal_connect (soup, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (soup, "request-finished", G_CALLBACK (request_done_cb), self);
  g_signal_connect (soup, "request-aborted", G_CALLBACK (request_done_cb), self);

  return self;
}

/**
 * findings_office_listener_set_max_connections:
 * @max_connections: how many connections may be open at once, at least 1
 *
 * Past this, the oldest connection waiting for a request is closed to make room,
 * or new ones wait in the kernel's backlog while every one is busy.
 */
void
findings_office_listener_set_max_connections (FindingsOfficeListener *self,
                                              guint                   max_connections)
{
  g_return_if_fail (FINDINGS_IS_OFFICE_LISTENER (self));
  g_return_if_fail (max_connections > 0);

  self->max_connections = max_connections;
}

static gboolean
add_placeholder_listener (FindingsOfficeListener  *self,
                          GError                 **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocket) placeholder = NULL;

  placeholder = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                              G_SOCKET_PROTOCOL_TCP, error);
  if (placeholder == NULL ||
      !g_socket_bind (placeholder, address, FALSE, error) ||
      !g_socket_listen (placeholder, error) ||
      !soup_server_listen_socket (self->soup, placeholder, 0, error))
    return FALSE;

  return g_socket_close (placeholder, error);
}

/**
 * findings_office_listener_listen:
 * @address: where to listen; port 0 picks a free one
 * @error: return location for a #GError
 *
 * Binds and listens on @address, with a backlog of its own, and starts accepting.
 *
 * Returns: %TRUE when listening
 */
gboolean
findings_office_listener_listen (FindingsOfficeListener  *self,
                                 GSocketAddress          *address,
                                 GError                 **error)
{
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (FINDINGS_IS_OFFICE_LISTENER (self), FALSE);
  g_return_val_if_fail (G_IS_SOCKET_ADDRESS (address), FALSE);
  g_return_val_if_fail (self->socket == NULL, FALSE);

  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;

  g_socket_set_blocking (socket, FALSE);
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return FALSE;

  self->address = g_socket_get_local_address (socket, error);
  if (self->address == NULL)
    return FALSE;

  /* libsoup keeps a connection alive after an answer only while it has a listener
   * of its own: it gets one that never answers, closed at once. */
  if (!add_placeholder_listener (self, error))
    return FALSE;

  self->socket = g_steal_pointer (&socket);
  resume_accepting (self);
  return TRUE;
}

/**
 * findings_office_listener_get_address:
 *
 * Returns: (transfer none) (nullable): the address it listens on, with its port
 */
GSocketAddress *
findings_office_listener_get_address (FindingsOfficeListener *self)
{
  g_return_val_if_fail (FINDINGS_IS_OFFICE_LISTENER (self), NULL);

  return self->address;
}

/**
 * findings_office_listener_is_https:
 *
 * Returns: whether it speaks TLS
 */
gboolean
findings_office_listener_is_https (FindingsOfficeListener *self)
{
  g_return_val_if_fail (FINDINGS_IS_OFFICE_LISTENER (self), FALSE);

  return self->certificate != NULL;
}

/**
 * findings_office_listener_get_n_connections:
 *
 * Returns: the connections open now
 */
guint
findings_office_listener_get_n_connections (FindingsOfficeListener *self)
{
  g_return_val_if_fail (FINDINGS_IS_OFFICE_LISTENER (self), 0);

  return self->conns.length;
}

/**
 * findings_office_listener_get_n_accepted:
 *
 * Returns: the connections accepted since it started
 */
guint64
findings_office_listener_get_n_accepted (FindingsOfficeListener *self)
{
  g_return_val_if_fail (FINDINGS_IS_OFFICE_LISTENER (self), 0);

  return self->n_accepted;
}

/**
 * findings_office_listener_stop:
 *
 * Stops listening and closes every connection.
 */
void
findings_office_listener_stop (FindingsOfficeListener *self)
{
  g_return_if_fail (FINDINGS_IS_OFFICE_LISTENER (self));

  pause_accepting (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);

  while (self->conns.head != NULL)
    conn_remove (self->conns.head->data, TRUE);
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  g_clear_object (&self->address);
}
