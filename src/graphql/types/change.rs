//! The payloads of the subscriptions: what changed, the object as a query would read it now, and
//! when the change was committed.

use async_graphql::{Enum, Object};
use chrono::Utc;

use crate::entity::{commitment, project};
use crate::graphql::scalars::DateTime;
use crate::graphql::types::commitment::Commitment;
use crate::graphql::types::project::Project;
use crate::service::events;

/// What sort of change a subscription reports.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "events::ChangeKind")]
pub enum ChangeKind {
    /// The object was created.
    Created,
    /// Some of the object's fields changed (its status excepted).
    Updated,
    /// The object moved in its workflow: its `status` changed.
    StatusChanged,
}

/// A committed change of a project, as `projectChanged` reports it.
pub struct ProjectChange {
    pub kind: ChangeKind,
    pub project: project::Model,
    pub at: chrono::DateTime<Utc>,
}

/// A committed change of a project. `project` is read after the change, by the same rules as
/// a query for the same caller: personal data the caller may not read is null.
#[Object]
impl ProjectChange {
    /// What sort of change it was.
    async fn kind(&self) -> ChangeKind {
        self.kind
    }

    /// The project as it is once the change is committed (or later, when changes follow
    /// quickly: every change is reported, each with the project as it is when it is sent).
    async fn project(&self) -> Project {
        Project(self.project.clone())
    }

    /// When the change was committed.
    async fn at(&self) -> DateTime {
        self.at.into()
    }
}

/// A committed change of a commitment, as `commitmentChanged` reports it.
pub struct CommitmentChange {
    pub kind: ChangeKind,
    pub commitment: commitment::Model,
    pub at: chrono::DateTime<Utc>,
}

/// A committed change of a partner's commitment. `commitment` is read after the change, by the
/// same rules as a query for the same caller: personal data the caller may not read is null.
#[Object]
impl CommitmentChange {
    /// What sort of change it was.
    async fn kind(&self) -> ChangeKind {
        self.kind
    }

    /// The commitment as it is once the change is committed (or later, when changes follow
    /// quickly: every change is reported, each with the commitment as it is when it is sent).
    async fn commitment(&self) -> Commitment {
        Commitment(self.commitment.clone())
    }

    /// When the change was committed.
    async fn at(&self) -> DateTime {
        self.at.into()
    }
}
