//! What a subscriber hears: the committed changes of one kind of entity, each with its row read
//! back once per instance — not once per subscriber — and the filters a subscription narrows
//! them with.
//!
//! The [`EventBus`] says what changed (kind, entity, id); [`Changes`] reads the changed rows back
//! for every follower at once, a batch of events at a time, from the read replica when it has
//! replayed the change ([`ReadBack`]), else from the primary, and hands each follower the change
//! with its row through [`Changes::follow`].

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures::Stream;
use futures::stream;
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, ModelTrait, Statement,
};
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::entity::{
    commitment, event, funding_request, indicator, management_agreement, project, support_session,
};
use crate::error::Result;
use crate::service::events::{ChangeEvent, ChangeKind, Entity, EventBus};
use crate::service::lookup;

mod work;
pub use work::{
    EventChanges, FundingRequestChanges, IndicatorChanges, ManagementAgreementChanges,
    SupportSessionChanges,
};

/// How many changes a follower may fall behind before it misses some.
const CAPACITY: usize = 1024;

/// At most this many events are read back together.
const MAX_BATCH: usize = 512;

/// After the replica was found behind, how long batches ask it once rather than wait for it:
/// a stuck replica costs one wait per this period, not one per batch.
const IMPATIENCE: Duration = Duration::from_secs(1);

/// A changed row, as it stood when read back after the change.
#[derive(Clone, Debug, PartialEq)]
pub enum Row {
    Project(project::Model),
    Commitment(commitment::Model),
    FundingRequest(funding_request::Model),
    SupportSession(support_session::Model),
    Event(event::Model),
    Indicator(indicator::Model),
    ManagementAgreement(management_agreement::Model),
}

/// What reading a changed row back gave.
#[derive(Clone, Debug, PartialEq)]
pub enum Reloaded {
    Row(Box<Row>),
    /// No such row any more, or an entity nobody follows (its rows are not read).
    Gone,
    /// The change removed the row: there is nothing to read back, only where it stood
    /// ([`ChangeEvent::scope`]).
    Removed,
    /// The database could not be read: followers are told, and go on.
    Failed,
}

/// A committed change and its row, shared by every follower of the instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub event: ChangeEvent,
    pub reloaded: Reloaded,
}

/// What the reading stage hands its followers.
#[derive(Clone, Debug)]
enum Item {
    Change(Arc<Change>),
    /// The stage itself fell behind the bus and missed this many events.
    Missed(u64),
}

/// One thing a subscriber hears.
#[derive(Clone, Debug, PartialEq)]
pub enum Heard {
    /// A committed change of the entity followed, with its row.
    Change(Arc<Change>),
    /// The subscriber fell this many events behind the bounded buffer and missed them: it is
    /// told, and the stream ends there, so that a slow reader never holds writers back nor goes
    /// on with a silent gap.
    Lagged(u64),
}

/// Where changed rows are read back from: the read replica once it has replayed the change, else
/// the primary.
#[derive(Clone, Debug)]
pub struct ReadBack {
    primary: DatabaseConnection,
    replica: Option<DatabaseConnection>,
    /// How long a batch waits for the replica to replay its changes before the primary serves it.
    wait: Duration,
}

/// Which database served a batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Primary,
    Replica,
}

impl Source {
    fn label(self) -> &'static str {
        match self {
            Source::Primary => "primary",
            Source::Replica => "replica",
        }
    }
}

impl ReadBack {
    /// From the primary only (SQLite, or no `CQS_DATABASE_READ_URL`).
    pub fn primary(primary: &DatabaseConnection) -> Self {
        Self {
            primary: primary.clone(),
            replica: None,
            wait: Duration::ZERO,
        }
    }

    /// From `replica` once it has replayed a change, waiting at most `wait` for it.
    pub fn with_replica(
        primary: &DatabaseConnection,
        replica: &DatabaseConnection,
        wait: Duration,
    ) -> Self {
        Self {
            primary: primary.clone(),
            replica: Some(replica.clone()),
            wait,
        }
    }

    /// The database that holds every change announced so far. A change is announced at its
    /// commit, so the primary's WAL insert position, read now, is past it; the replica serves
    /// once its replay reaches that position (or when it is no standby at all). `patient` is
    /// false shortly after the replica was found behind: then it is asked once, and the batch
    /// does not wait for a replica that may be stuck.
    async fn source(&self, patient: bool) -> Source {
        let Some(replica) = &self.replica else {
            return Source::Primary;
        };
        match self.replica_has_replayed(replica, patient).await {
            Ok(true) => Source::Replica,
            Ok(false) => Source::Primary,
            Err(error) => {
                tracing::warn!(%error, "could not compare the replica with the primary: reading changes from the primary");
                Source::Primary
            }
        }
    }

    async fn replica_has_replayed(
        &self,
        replica: &DatabaseConnection,
        patient: bool,
    ) -> Result<bool> {
        let position = self
            .primary
            .query_one_raw(Statement::from_string(
                DatabaseBackend::Postgres,
                "SELECT pg_current_wal_insert_lsn()::text AS lsn",
            ))
            .await?
            .map(|row| row.try_get::<String>("", "lsn"))
            .transpose()?;
        let Some(position) = position else {
            return Ok(false);
        };
        let deadline = Instant::now() + if patient { self.wait } else { Duration::ZERO };
        loop {
            let replayed = replica
                .query_one_raw(Statement::from_sql_and_values(
                    DatabaseBackend::Postgres,
                    "SELECT (NOT pg_is_in_recovery() OR \
                     COALESCE(pg_last_wal_replay_lsn() >= $1::pg_lsn, false)) AS replayed",
                    [position.clone().into()],
                ))
                .await?
                .map(|row| row.try_get::<bool>("", "replayed"))
                .transpose()?
                .unwrap_or(false);
            if replayed {
                return Ok(true);
            }
            if Instant::now() >= deadline {
                return Ok(false);
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }

    fn db(&self, source: Source) -> &DatabaseConnection {
        match (source, &self.replica) {
            (Source::Replica, Some(replica)) => replica,
            _ => &self.primary,
        }
    }
}

/// The changes of one instance with their rows, for its subscribers; cloning shares them.
#[derive(Clone, Debug)]
pub struct Changes {
    items: broadcast::Sender<Item>,
}

impl Changes {
    /// Starts reading back the changes `bus` carries; the task (returned, to stop it with the
    /// instance) ends when the bus does.
    pub fn start(bus: &EventBus, reads: ReadBack) -> (Self, JoinHandle<()>) {
        let items = broadcast::channel(CAPACITY).0;
        let task = tokio::spawn(read_back(bus.subscribe(), items.clone(), reads));
        (Self { items }, task)
    }

    /// The changes of `entity` from now on. The stream ends after a [`Heard::Lagged`], or when
    /// the instance stops.
    pub fn follow(&self, entity: Entity) -> impl Stream<Item = Heard> + Send + 'static {
        stream::unfold(Some(self.items.subscribe()), move |receiver| async move {
            let mut receiver = receiver?;
            loop {
                match receiver.recv().await {
                    Ok(Item::Change(change)) if change.event.entity == entity => {
                        return Some((Heard::Change(change), Some(receiver)));
                    }
                    Ok(Item::Change(_)) => continue,
                    Ok(Item::Missed(missed)) | Err(RecvError::Lagged(missed)) => {
                        return Some((Heard::Lagged(missed), None));
                    }
                    Err(RecvError::Closed) => return None,
                }
            }
        })
    }

    /// How many subscriptions follow the changes now: lets a caller (a test, a health check)
    /// know that a subscription is in place before it writes.
    pub fn subscribers(&self) -> usize {
        self.items.receiver_count()
    }
}

/// The reading stage: takes the events the bus has (all of them, up to [`MAX_BATCH`]), reads
/// their rows back in one statement per entity, then hands them on in order. Nothing is read
/// while nobody follows.
async fn read_back(
    mut events: broadcast::Receiver<ChangeEvent>,
    items: broadcast::Sender<Item>,
    reads: ReadBack,
) {
    let mut impatient_until: Option<Instant> = None;
    loop {
        let mut batch = match events.recv().await {
            Ok(event) => vec![event],
            Err(RecvError::Lagged(missed)) => {
                let _ = items.send(Item::Missed(missed));
                continue;
            }
            Err(RecvError::Closed) => return,
        };
        let mut missed = None;
        while batch.len() < MAX_BATCH {
            match events.try_recv() {
                Ok(event) => batch.push(event),
                Err(TryRecvError::Lagged(count)) => {
                    missed = Some(count);
                    break;
                }
                Err(TryRecvError::Empty | TryRecvError::Closed) => break,
            }
        }
        if items.receiver_count() > 0 {
            let patient = impatient_until.is_none_or(|until| Instant::now() >= until);
            let source = reads.source(patient).await;
            if source == Source::Primary && patient && reads.replica.is_some() {
                impatient_until = Some(Instant::now() + IMPATIENCE);
            }
            for change in reload(&reads, source, &batch).await {
                let _ = items.send(Item::Change(Arc::new(change)));
            }
        }
        if let Some(missed) = missed {
            let _ = items.send(Item::Missed(missed));
        }
    }
}

/// The batch's changes with their rows, read from `source`; from the primary when the replica
/// fails, and marked [`Reloaded::Failed`] when the primary fails too.
async fn reload(reads: &ReadBack, source: Source, batch: &[ChangeEvent]) -> Vec<Change> {
    let mut rows = rows_of(reads.db(source), batch)
        .await
        .map(|rows| (rows, source));
    if rows.is_err() && source == Source::Replica {
        rows = rows_of(reads.db(Source::Primary), batch)
            .await
            .map(|rows| (rows, Source::Primary));
    }
    match rows {
        Ok((rows, source)) => {
            metrics::counter!("cqs_subscription_reads_total", "source" => source.label())
                .increment(1);
            batch
                .iter()
                .map(|&event| Change {
                    event,
                    reloaded: if event.kind == ChangeKind::Removed {
                        Reloaded::Removed
                    } else {
                        rows.get(&(event.entity, event.id))
                            .map_or(Reloaded::Gone, |row| Reloaded::Row(Box::new(row.clone())))
                    },
                })
                .collect()
        }
        Err(error) => {
            tracing::error!(%error, "the rows of committed changes could not be read back");
            batch
                .iter()
                .map(|&event| Change {
                    event,
                    reloaded: if event.kind == ChangeKind::Removed {
                        Reloaded::Removed
                    } else {
                        Reloaded::Failed
                    },
                })
                .collect()
        }
    }
}

/// The rows of the batch's followed entities, by entity and id: one statement per entity. Two
/// changes of one row in a batch share the row as it stands after both.
async fn rows_of(
    db: &DatabaseConnection,
    batch: &[ChangeEvent],
) -> Result<HashMap<(Entity, i64), Row>> {
    let mut rows = HashMap::new();
    read::<project::Entity>(db, batch, Entity::Project, Row::Project, &mut rows).await?;
    read::<commitment::Entity>(db, batch, Entity::Commitment, Row::Commitment, &mut rows).await?;
    read::<funding_request::Entity>(
        db,
        batch,
        Entity::FundingRequest,
        Row::FundingRequest,
        &mut rows,
    )
    .await?;
    read::<support_session::Entity>(
        db,
        batch,
        Entity::SupportSession,
        Row::SupportSession,
        &mut rows,
    )
    .await?;
    read::<event::Entity>(db, batch, Entity::Event, Row::Event, &mut rows).await?;
    read::<indicator::Entity>(db, batch, Entity::Indicator, Row::Indicator, &mut rows).await?;
    read::<management_agreement::Entity>(
        db,
        batch,
        Entity::ManagementAgreement,
        Row::ManagementAgreement,
        &mut rows,
    )
    .await?;
    Ok(rows)
}

/// Reads the rows of `entity` the batch names into `rows`, as `row` wraps them.
async fn read<E>(
    db: &DatabaseConnection,
    batch: &[ChangeEvent],
    entity: Entity,
    row: fn(E::Model) -> Row,
    rows: &mut HashMap<(Entity, i64), Row>,
) -> Result<()>
where
    E: EntityTrait,
    E::Model: ModelTrait<Entity = E>,
{
    let mut ids: Vec<i64> = batch
        .iter()
        .filter(|event| event.entity == entity && event.kind != ChangeKind::Removed)
        .map(|event| event.id)
        .collect();
    if ids.is_empty() {
        return Ok(());
    }
    ids.sort_unstable();
    ids.dedup();
    for (id, model) in lookup::by_ids::<E>(db, &ids).await? {
        rows.insert((entity, id), row(model));
    }
    Ok(())
}

/// The arguments of `projectChanged`: only the changes of this center's projects, or of this
/// project.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProjectChanges {
    pub center_id: Option<i64>,
    pub project_id: Option<i64>,
}

impl ProjectChanges {
    /// Whether the project with this id may match, before it is loaded.
    pub fn may_admit(&self, id: i64) -> bool {
        self.project_id.is_none_or(|wanted| wanted == id)
    }

    /// Whether the project, as loaded after the change, matches every argument given.
    pub fn admits(&self, project: &project::Model) -> bool {
        self.may_admit(project.id)
            && self
                .center_id
                .is_none_or(|wanted| wanted == project.center_id)
    }
}

/// The arguments of `commitmentChanged`: only the changes of this partner's commitments, or of
/// the commitments to this project.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CommitmentChanges {
    pub partner_id: Option<i64>,
    pub project_id: Option<i64>,
}

impl CommitmentChanges {
    /// Whether the commitment, as loaded after the change, matches every argument given.
    pub fn admits(&self, commitment: &commitment::Model) -> bool {
        self.partner_id
            .is_none_or(|wanted| wanted == commitment.partner_id)
            && self
                .project_id
                .is_none_or(|wanted| commitment.project_id == Some(wanted))
    }
}

#[cfg(test)]
mod tests {
    use futures::StreamExt;

    use super::*;

    /// A migrated SQLite database in a directory removed with the returned guard.
    async fn database() -> (DatabaseConnection, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("changes.db").display()
        );
        let db = crate::db::connect(&url).await.expect("SQLite opens");
        crate::db::migrate(&db).await.expect("migrations apply");
        (db, dir)
    }

    /// Waits until `count` followers are in place, so that nothing published is missed.
    async fn followed_by(changes: &Changes, count: usize) {
        while changes.subscribers() < count {
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test]
    async fn a_follower_hears_only_its_entity_in_order_with_what_was_read_back() {
        let (db, _dir) = database().await;
        let bus = EventBus::default();
        let (changes, stage) = Changes::start(&bus, ReadBack::primary(&db));
        let heard = changes.follow(Entity::Project);
        followed_by(&changes, 1).await;
        bus.publish(ChangeKind::Created, Entity::Project, 1);
        bus.publish(ChangeKind::Created, Entity::Commitment, 2);
        bus.publish(ChangeKind::StatusChanged, Entity::Project, 1);
        let heard: Vec<(ChangeKind, i64, Reloaded)> = heard
            .take(2)
            .map(|heard| match heard {
                Heard::Change(change) => {
                    (change.event.kind, change.event.id, change.reloaded.clone())
                }
                Heard::Lagged(_) => panic!("nothing was missed"),
            })
            .collect()
            .await;
        assert_eq!(
            heard,
            [
                (ChangeKind::Created, 1, Reloaded::Gone),
                (ChangeKind::StatusChanged, 1, Reloaded::Gone)
            ],
            "no project 1 in an empty database: heard, and said gone"
        );
        stage.abort();
    }

    #[tokio::test]
    async fn a_follower_that_falls_behind_is_told_how_much_it_missed_and_ends() {
        let (db, _dir) = database().await;
        let bus = EventBus::default();
        let (changes, stage) = Changes::start(&bus, ReadBack::primary(&db));
        let heard = changes.follow(Entity::Project);
        followed_by(&changes, 1).await;
        for id in 0..3_000 {
            bus.publish(ChangeKind::Updated, Entity::Project, id);
            if id % 256 == 0 {
                tokio::task::yield_now().await;
            }
        }
        let heard: Vec<Heard> = heard
            .filter(|heard| futures::future::ready(matches!(heard, Heard::Lagged(_))))
            .take(2)
            .collect()
            .await;
        assert!(
            matches!(heard.as_slice(), [Heard::Lagged(missed)] if *missed > 0),
            "told once, then the stream ends: {heard:?}"
        );
        stage.abort();
    }

    #[tokio::test]
    async fn the_stage_ends_with_the_bus_and_so_do_its_followers() {
        let (db, _dir) = database().await;
        let bus = EventBus::default();
        let (changes, stage) = Changes::start(&bus, ReadBack::primary(&db));
        let heard = changes.follow(Entity::Project);
        drop(bus);
        stage.await.expect("the stage ends by itself");
        drop(changes);
        assert_eq!(heard.count().await, 0);
    }
}
