//! The accept loop: hyper with a timer, so a slow or silent client cannot hold a
//! connection, a worker or the shutdown (F8).
//!
//! - A request's headers must arrive within [`Limits::header_read`] (hyper's
//!   `header_read_timeout`, off in `axum::serve` because it runs without a timer).
//! - The whole request, body included, must be answered within [`Limits::request`]
//!   (`tower_http`'s timeout: `408`).
//! - At most [`Limits::connections`] connections at once, and at most
//!   [`Limits::per_client`] from one client address (IPv4, or IPv6 /64; trusted proxies
//!   are not counted); beyond that a new one is closed at once rather than queued. One
//!   address holding half-sent requests can no longer take every slot and make the
//!   server refuse everyone else (security review 3, G5).
//! - On SIGTERM or Ctrl-C the listener closes, idle connections are closed, requests in
//!   progress get [`Limits::grace`] to finish, and then the server returns whatever
//!   clients are still doing (the process ends within 30 s).
use axum::extract::connect_info::ConnectInfo;
use axum::extract::Request;
use axum::response::IntoResponse;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

#[derive(Clone, Debug)]
pub struct Limits {
    pub header_read: Duration,
    pub request: Duration,
    /// The whole of a document upload (`POST /api/v1/submissions`): 10 MiB files
    /// from a phone take longer than [`Limits::request`]; a pause of 30 s between
    /// pieces ends it sooner (`http::documents::IDLE`).
    pub upload: Duration,
    pub connections: usize,
    /// Connections from one client address at once.
    pub per_client: usize,
    /// Peers not counted per client (the trusted proxies).
    pub uncounted: Vec<crate::net::IpRange>,
    pub grace: Duration,
}

/// Connections open per client key; a [`ClientSlot`] gives its place back when dropped.
#[derive(Default)]
struct PerClient(std::sync::Mutex<std::collections::HashMap<String, usize>>);

struct ClientSlot {
    owner: Arc<PerClient>,
    key: String,
}

impl PerClient {
    fn take(self: &Arc<Self>, key: String, max: usize) -> Option<ClientSlot> {
        let mut m = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let n = m.entry(key.clone()).or_insert(0);
        if *n >= max.max(1) {
            return None;
        }
        *n += 1;
        Some(ClientSlot {
            owner: self.clone(),
            key,
        })
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut m = self.owner.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = m.get_mut(&self.key) {
            *n -= 1;
            if *n == 0 {
                m.remove(&self.key);
            }
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read: Duration::from_secs(10),
            request: Duration::from_secs(30),
            upload: Duration::from_secs(15 * 60),
            connections: 1024,
            per_client: 64,
            uncounted: vec![],
            grace: Duration::from_secs(10),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then drains as above.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let (request, upload) = (limits.request, limits.upload);
    let app = app.layer(axum::middleware::from_fn(
        move |req: axum::extract::Request, next: axum::middleware::Next| async move {
            let d = if req.method() == axum::http::Method::POST
                && req.uri().path() == "/api/v1/submissions"
            {
                upload
            } else {
                request
            };
            match tokio::time::timeout(d, next.run(req)).await {
                Ok(r) => r,
                Err(_) => axum::http::StatusCode::REQUEST_TIMEOUT.into_response(),
            }
        },
    ));
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read);
    builder.http2().timer(TokioTimer::new());
    let builder = Arc::new(builder);
    let slots = Arc::new(Semaphore::new(limits.connections.max(1)));
    let per_client = Arc::new(PerClient::default());
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(c) => c,
                Err(e) => {
                    // Out of file descriptors and the like: wait, do not spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let client_slot = if crate::net::any_contains(&limits.uncounted, peer.ip()) {
            None
        } else {
            let key = crate::domain::throttle::client_key(Some(peer.ip()));
            match per_client.take(key, limits.per_client) {
                Some(s) => Some(s),
                None => {
                    tracing::info!(
                        "connection limit of one client reached: closing its new connection"
                    );
                    drop(stream);
                    continue;
                }
            }
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            tracing::warn!("connection limit reached: closing a new connection");
            drop(stream);
            continue;
        };
        let svc = app.clone().map_request(move |mut r: Request<_>| {
            r.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            r
        });
        let conn = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(svc))
            .into_owned();
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
            drop(slot);
            drop(client_slot);
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(limits.grace) => {
            tracing::warn!(grace_secs = limits.grace.as_secs(), "connections still open after the grace period: closing them");
        }
    }
    Ok(())
}
