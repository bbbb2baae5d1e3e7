//! Change events: every committed write publishes what changed (kind, entity, id), after the
//! commit only, for subscriptions and caches to follow.
//!
//! On SQLite (one instance) the bus is in-process. On PostgreSQL, where several instances share
//! the database, a write announces its events with `pg_notify` inside its own transaction:
//! PostgreSQL delivers them at the commit, never for a rolled-back write, to every instance
//! listening on [`CHANNEL`] — this one included — whose listener relays them to its local
//! subscribers.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sqlx::postgres::PgListener;
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr, Statement,
};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use tokio::task::JoinHandle;

use crate::error::{AppError, Result};

/// The PostgreSQL channel change events travel on between instances.
pub const CHANNEL: &str = "cqs_changes";

/// How many events a slow subscriber may fall behind before it misses some.
const CAPACITY: usize = 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeKind {
    Created,
    Updated,
    StatusChanged,
    /// The row was removed (a record entered by mistake): it cannot be read back.
    Removed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Entity {
    Center,
    Zone,
    Organization,
    Partner,
    Program,
    Project,
    Commitment,
    Disbursement,
    User,
    ApiToken,
    ProgramRequirement,
    DossierItem,
    FundingRequest,
    Event,
    EventParticipant,
    PartnerEngagement,
    ManagementAgreement,
    SupportSession,
    Indicator,
    IndicatorMeasurement,
}

impl Entity {
    /// The entity's name, as the audit trail and global ids spell it.
    pub fn name(self) -> &'static str {
        match self {
            Entity::Center => "Center",
            Entity::Zone => "Zone",
            Entity::Organization => "Organization",
            Entity::Partner => "Partner",
            Entity::Program => "Program",
            Entity::Project => "Project",
            Entity::Commitment => "Commitment",
            Entity::Disbursement => "Disbursement",
            Entity::User => "User",
            Entity::ApiToken => "ApiToken",
            Entity::ProgramRequirement => "ProgramRequirement",
            Entity::DossierItem => "DossierItem",
            Entity::FundingRequest => "FundingRequest",
            Entity::Event => "Event",
            Entity::EventParticipant => "EventParticipant",
            Entity::PartnerEngagement => "PartnerEngagement",
            Entity::ManagementAgreement => "ManagementAgreement",
            Entity::SupportSession => "SupportSession",
            Entity::Indicator => "Indicator",
            Entity::IndicatorMeasurement => "IndicatorMeasurement",
        }
    }
}

/// A committed change, as subscribers receive it; on PostgreSQL also the NOTIFY payload, a few
/// dozen bytes (the limit is 8,000).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeEvent {
    pub kind: ChangeKind,
    pub entity: Entity,
    pub id: i64,
    pub at: DateTime<Utc>,
    /// Where a removed row stood; absent for any other change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
}

/// Where a removed row stood (its center, its organization), for the followers who narrow the
/// changes by them: once removed, the row cannot be read back to tell.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Scope {
    pub center_id: Option<i64>,
    pub organization_id: Option<i64>,
}

/// A change a write made, published once it commits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Changed {
    pub kind: ChangeKind,
    pub entity: Entity,
    pub id: i64,
    pub scope: Option<Scope>,
}

impl Changed {
    /// The change as committed at `at`.
    fn at(self, at: DateTime<Utc>) -> ChangeEvent {
        ChangeEvent {
            kind: self.kind,
            entity: self.entity,
            id: self.id,
            at,
            scope: self.scope,
        }
    }
}

/// The bus of one instance; cloning shares it.
#[derive(Clone, Debug)]
pub struct EventBus {
    local: broadcast::Sender<ChangeEvent>,
    /// Whether events travel through the database (PostgreSQL) rather than in-process only.
    shared: bool,
}

impl Default for EventBus {
    /// An in-process bus.
    fn default() -> Self {
        Self {
            local: broadcast::channel(CAPACITY).0,
            shared: false,
        }
    }
}

impl EventBus {
    /// The bus for `db`: on PostgreSQL, shared through the database by a listener task (returned,
    /// to stop it with the instance); in-process elsewhere.
    pub async fn for_database(
        db: &DatabaseConnection,
    ) -> std::result::Result<(Self, Option<JoinHandle<()>>), DbErr> {
        if db.get_database_backend() != DatabaseBackend::Postgres {
            return Ok((Self::default(), None));
        }
        let listen =
            |error: sea_orm::sqlx::Error| DbErr::Custom(format!("LISTEN {CHANNEL}: {error}"));
        let mut listener = PgListener::connect_with(db.get_postgres_connection_pool())
            .await
            .map_err(listen)?;
        listener.listen(CHANNEL).await.map_err(listen)?;
        let bus = Self {
            local: broadcast::channel(CAPACITY).0,
            shared: true,
        };
        let relay = tokio::spawn(relay(listener, bus.clone()));
        Ok((bus, Some(relay)))
    }

    /// A bus that announces this process's writes to the instances sharing `db` without
    /// listening itself (the command line's writes).
    pub fn announcing(db: &DatabaseConnection) -> Self {
        Self {
            local: broadcast::channel(1).0,
            shared: db.get_database_backend() == DatabaseBackend::Postgres,
        }
    }

    /// Announces a write's changes inside its transaction, before it commits: on PostgreSQL
    /// `pg_notify`, delivered to every instance at the commit; in-process buses publish after
    /// the commit instead ([`EventBus::publish`]).
    pub async fn announce(&self, txn: &DatabaseTransaction, changes: &[Changed]) -> Result<()> {
        if !self.shared || changes.is_empty() {
            return Ok(());
        }
        let at = crate::service::now();
        let payloads = changes
            .iter()
            .map(|change| {
                serde_json::to_string(&change.at(at))
                    .map_err(|error| AppError::Internal(DbErr::Json(error.to_string())))
            })
            .collect::<Result<Vec<_>>>()?;
        txn.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload",
            [CHANNEL.into(), payloads.into()],
        ))
        .await?;
        Ok(())
    }

    /// Publishes a committed change to this instance's subscribers; on a shared bus the
    /// database's delivery does it (see [`EventBus::announce`]). Nobody listening is fine.
    pub fn publish(&self, kind: ChangeKind, entity: Entity, id: i64) {
        self.publish_change(Changed {
            kind,
            entity,
            id,
            scope: None,
        });
    }

    /// [`EventBus::publish`] for a change that may carry where a removed row stood.
    pub fn publish_change(&self, change: Changed) {
        if self.shared {
            return;
        }
        self.deliver(change.at(crate::service::now()));
    }

    /// Hands a committed change to this instance's subscribers, as the PostgreSQL relay does
    /// with each notification; never waits (a subscriber that falls behind misses events).
    pub fn deliver(&self, event: ChangeEvent) {
        let _ = self.local.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<ChangeEvent> {
        self.local.subscribe()
    }

    /// How many receivers listen now: lets a caller (a test, a health check) know that a
    /// subscription is in place before it writes.
    pub fn subscribers(&self) -> usize {
        self.local.receiver_count()
    }
}

/// Relays the notifications of [`CHANNEL`] to local subscribers, for as long as the instance
/// runs. A lost connection is re-established (by `PgListener`, which listens again) and logged:
/// events committed meanwhile are lost for this instance's subscribers, and said so.
async fn relay(mut listener: PgListener, bus: EventBus) {
    let mut failures = 0u32;
    loop {
        match listener.try_recv().await {
            Ok(Some(notification)) => {
                failures = 0;
                match serde_json::from_str::<ChangeEvent>(notification.payload()) {
                    Ok(event) => bus.deliver(event),
                    Err(error) => tracing::warn!(%error, "unreadable change event ignored"),
                }
            }
            Ok(None) => tracing::warn!(
                "the LISTEN connection for change events was lost: reconnecting (events committed \
                 meanwhile are not relayed)"
            ),
            Err(error) => {
                failures = failures.saturating_add(1);
                let wait = Duration::from_millis(100 * u64::from(failures.min(50)));
                tracing::error!(%error, retry_in_ms = wait.as_millis() as u64, "listening for change events failed");
                tokio::time::sleep(wait).await;
            }
        }
    }
}
