//! Building the application from its configuration and serving it until a stop signal.

use std::future::Future;
use std::net::SocketAddr;

use sea_orm::{DatabaseConnection, DbErr};
use tokio::net::TcpListener;

use std::sync::Arc;

use crate::auth::Auth;
use crate::auth::jwt::KeyError;
use crate::config::Config;
use crate::db::{self, StatementCounter};
use crate::error::AppError;
use crate::graphql::build_schema;
use crate::graphql::plan::PlannerSwitch;
use crate::http::client_address::TrustedProxies;
use crate::http::documents::ParsedDocuments;
use crate::http::persisted::PersistedQueries;
use crate::http::rate_limit::RateLimits;
use crate::http::websocket::sockets::Sockets;
use crate::http::{AppState, EdgeState, metrics_router, router};
use crate::seed::demo::{SeedOutcome, seed_demo};
use crate::service::changes::{Changes, ReadBack};
use crate::service::events::EventBus;
use crate::service::user::bootstrap_admin;
use crate::service::write::Services;

/// How long a stopping server waits for its sockets' close frames to leave.
const SOCKETS_CLOSE_WITHIN: std::time::Duration = std::time::Duration::from_secs(5);

/// A built application: connected, migrated, bound to its port, not yet serving.
pub struct App {
    listener: TcpListener,
    router: axum::Router,
    /// `CQS_METRICS_BIND`'s listener, serving `/metrics` alone.
    metrics: Option<(TcpListener, axum::Router)>,
    db: DatabaseConnection,
    statements: StatementCounter,
    events: EventBus,
    /// On PostgreSQL, the task relaying other instances' change events; stopped with the app.
    relay: Option<tokio::task::JoinHandle<()>>,
    /// The changes with their rows, for this instance's subscribers.
    changes: Changes,
    /// The task reading changed rows back for them; stopped with the app.
    read_back: tokio::task::JoinHandle<()>,
    sockets: Arc<Sockets>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot open the database: {0}")]
    Connect(#[source] DbErr),
    #[error("cannot migrate the database: {0}")]
    Migrate(#[source] DbErr),
    #[error("cannot load the demo data: {0}")]
    Seed(#[source] DbErr),
    #[error("cannot load the JWT keys: {0}")]
    Keys(#[from] KeyError),
    #[error("cannot create the first admin: {0}")]
    Admin(#[source] AppError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

impl App {
    /// Connects, applies pending migrations, loads the demo data if asked, and binds the port
    /// (port 0 picks a free one, as the tests do).
    pub async fn build(config: &Config) -> Result<Self, StartupError> {
        let (db, statements) = db::connect_counted(
            &config.database_url,
            Some(config.limits.statement_timeout),
            config.limits.acquire_timeout,
            config.limits.pool_size,
        )
        .await
        .map_err(StartupError::Connect)?;
        db::migrate(&db).await.map_err(StartupError::Migrate)?;
        let read_db = match &config.read_database_url {
            Some(url) => Some(
                db::connect_counted(
                    url,
                    Some(config.limits.statement_timeout),
                    config.limits.acquire_timeout,
                    config.limits.pool_size,
                )
                .await
                .map_err(StartupError::Connect)?
                .0,
            ),
            None => None,
        };
        if config.demo {
            let outcome = seed_demo(&db).await.map_err(StartupError::Seed)?;
            if outcome == SeedOutcome::AlreadyPopulated {
                tracing::info!("the database already holds data: demo data not loaded");
            }
        }
        crate::http::metrics::install();
        let auth = Auth::new(&config.auth)?;
        let (events, relay) = EventBus::for_database(&db)
            .await
            .map_err(StartupError::Connect)?;
        let read_back = match &read_db {
            Some(replica) => {
                ReadBack::with_replica(&db, replica, config.subscriptions.replica_wait)
            }
            None => ReadBack::primary(&db),
        };
        let (changes, read_back) = Changes::start(&events, read_back);
        if config.auth.generated_secret {
            tracing::warn!(
                "no CQS_JWT_SECRET or CQS_JWT_PUBLIC_KEY: tokens are signed with a random secret \
                 and will not survive a restart"
            );
        }
        if let Some((email, password)) = &config.auth.bootstrap_admin {
            match bootstrap_admin(&db, email, password)
                .await
                .map_err(StartupError::Admin)?
            {
                Some(admin) => tracing::info!(email = %admin.email, "created the first admin"),
                None => tracing::debug!("an admin exists: CQS_ADMIN_EMAIL ignored"),
            }
        }
        let listener =
            TcpListener::bind(config.bind)
                .await
                .map_err(|source| StartupError::Bind {
                    addr: config.bind,
                    source,
                })?;
        let metrics = match config.edge.metrics_bind {
            Some(addr) => Some((
                TcpListener::bind(addr)
                    .await
                    .map_err(|source| StartupError::Bind { addr, source })?,
                metrics_router(db.clone()),
            )),
            None => None,
        };
        let edge = EdgeState {
            trusted_proxies: TrustedProxies::new(config.edge.trusted_proxies.clone()),
            rate_limits: RateLimits::start(
                config.edge.anonymous_rate,
                config.edge.authenticated_rate,
                &config.edge.role_rates,
            ),
            persisted_queries: PersistedQueries::new(config.limits.max_query_bytes),
            documents: ParsedDocuments::new(config.limits.max_query_bytes),
        };
        let sockets = Sockets::new(config.subscriptions);
        let state = AppState {
            schema: build_schema(
                Services {
                    db: db.clone(),
                    events: events.clone(),
                },
                Arc::clone(&auth),
                config.limits.clone(),
                config.exposure,
                PlannerSwitch(config.planner),
                changes.clone(),
            ),
            db: db.clone(),
            read_db,
            auth,
            http: config.http,
            edge: Arc::new(edge),
            sockets: Arc::clone(&sockets),
        };
        Ok(Self {
            listener,
            router: router(state, &config.edge),
            metrics,
            db,
            statements,
            events,
            changes,
            relay,
            read_back,
            sockets,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Where `/metrics` is served when `CQS_METRICS_BIND` is set.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics
            .as_ref()
            .and_then(|(listener, _)| listener.local_addr().ok())
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// The bus on which committed writes are published.
    pub fn events(&self) -> EventBus {
        self.events.clone()
    }

    /// The changes, with their rows, that this instance's subscribers follow.
    pub fn changes(&self) -> Changes {
        self.changes.clone()
    }

    /// How many SQL statements the application's pool has run so far.
    pub fn statements(&self) -> StatementCounter {
        self.statements.clone()
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight and closes the
    /// subscription sockets with 1001 (Going Away), waiting a few seconds at most for their close
    /// frames to leave. The metrics listener, if any, stops with the API.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let metrics = self.metrics.map(|(listener, router)| {
            tokio::spawn(async move {
                if let Err(err) = axum::serve(listener, router).await {
                    tracing::error!(error = %err, "the metrics listener stopped");
                }
            })
        });
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let sockets = self.sockets;
        let stop_sockets = Arc::clone(&sockets);
        let served = axum::serve(self.listener, service)
            .with_graceful_shutdown(async move {
                shutdown.await;
                stop_sockets.stop();
            })
            .await;
        sockets.close_all(SOCKETS_CLOSE_WITHIN).await;
        if let Some(metrics) = metrics {
            metrics.abort();
        }
        if let Some(relay) = self.relay {
            relay.abort();
        }
        self.read_back.abort();
        served
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("stop signal received: finishing requests in flight");
}
