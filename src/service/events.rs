//! Change events: every committed write publishes what changed (kind, entity, id) on an
//! in-process bus, after the commit only, for subscriptions and caches to follow.

use chrono::{DateTime, Utc};
use tokio::sync::broadcast;

/// How many events a slow subscriber may fall behind before it misses some.
const CAPACITY: usize = 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    Created,
    Updated,
    StatusChanged,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChangeEvent {
    pub kind: ChangeKind,
    pub entity: Entity,
    pub id: i64,
    pub at: DateTime<Utc>,
}

/// The in-process bus; cloning shares it.
#[derive(Clone, Debug)]
pub struct EventBus(broadcast::Sender<ChangeEvent>);

impl Default for EventBus {
    fn default() -> Self {
        Self(broadcast::channel(CAPACITY).0)
    }
}

impl EventBus {
    /// Publishes a committed change; nobody listening is fine.
    pub fn publish(&self, kind: ChangeKind, entity: Entity, id: i64) {
        let _ = self.0.send(ChangeEvent {
            kind,
            entity,
            id,
            at: crate::service::now(),
        });
    }

    pub fn subscribe(&self) -> broadcast::Receiver<ChangeEvent> {
        self.0.subscribe()
    }

    /// How many receivers listen now: lets a caller (a test, a health check) know that a
    /// subscription is in place before it writes.
    pub fn subscribers(&self) -> usize {
        self.0.receiver_count()
    }
}
