//! The payloads of the subscriptions: what changed, the object as a query would read it now, and
//! when the change was committed.

use async_graphql::{Enum, ID, Object};
use chrono::Utc;

use crate::entity::{commitment, project};
use crate::graphql::id::{NodeType, encode};
use crate::graphql::scalars::DateTime;
use crate::graphql::types::commitment::Commitment;
use crate::graphql::types::event::Event;
use crate::graphql::types::funding_search::FundingRequest;
use crate::graphql::types::indicator::Indicator;
use crate::graphql::types::management::ManagementAgreement;
use crate::graphql::types::project::Project;
use crate::graphql::types::support_session::SupportSession;
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
    /// The object was removed, a record entered by mistake: only its id remains
    /// (`supportSessionChanged`).
    Removed,
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

/// A change payload of the center's work: `kind`, the object (read after the change by the same
/// rules as a query for the same caller) and `at`. The descriptions are literals: the schema
/// reads them from the attributes as written.
macro_rules! change_payload {
    ($payload:ident, $field:ident, $object:ident, $model:ty, $type_doc:literal, $field_doc:literal) => {
        #[doc = $type_doc]
        pub struct $payload {
            pub kind: ChangeKind,
            pub $field: $model,
            pub at: chrono::DateTime<Utc>,
        }

        #[doc = $type_doc]
        #[Object]
        impl $payload {
            /// What sort of change it was.
            async fn kind(&self) -> ChangeKind {
                self.kind
            }

            #[doc = $field_doc]
            async fn $field(&self) -> $object {
                $object(self.$field.clone())
            }

            /// When the change was committed.
            async fn at(&self) -> DateTime {
                self.at.into()
            }
        }
    };
}

change_payload!(
    FundingRequestChange,
    funding_request,
    FundingRequest,
    crate::entity::funding_request::Model,
    "A committed change of a funding request: created, its amount changed, or moved in its workflow (an acceptance also reports the commitment it created on `commitmentChanged`).",
    "The request as it is once the change is committed."
);
change_payload!(
    EventChange,
    event,
    Event,
    crate::entity::event::Model,
    "A committed change of an event: created, updated, or a participant added, their attendance recorded, or removed (UPDATED).",
    "The event as it is once the change is committed, with its participants."
);
change_payload!(
    IndicatorChange,
    indicator,
    Indicator,
    crate::entity::indicator::Model,
    "A committed change of an expected result's indicator: created, updated, or a measurement recorded, corrected or removed (UPDATED).",
    "The indicator as it is once the change is committed, with its latest value and progress."
);
change_payload!(
    ManagementAgreementChange,
    management_agreement,
    ManagementAgreement,
    crate::entity::management_agreement::Model,
    "A committed change of a management agreement: created, updated, or moved in its workflow (activating one also changes its center's `managedBy`).",
    "The agreement as it is once the change is committed."
);

/// A committed change of an accompaniment session, as `supportSessionChanged` reports it: the
/// session as read after the change, or only its id once removed.
pub struct SupportSessionChange {
    pub kind: ChangeKind,
    pub id: i64,
    pub support_session: Option<crate::entity::support_session::Model>,
    pub at: chrono::DateTime<Utc>,
}

/// A committed change of an accompaniment session: recorded, corrected, or removed (REMOVED,
/// a session recorded by mistake). Its `notes` stay null for those who may not read them.
#[Object]
impl SupportSessionChange {
    /// What sort of change it was.
    async fn kind(&self) -> ChangeKind {
        self.kind
    }

    /// The session's global id, also once it is removed.
    async fn support_session_id(&self) -> ID {
        encode(NodeType::SupportSession, self.id)
    }

    /// The session as it is once the change is committed; null when it was REMOVED.
    async fn support_session(&self) -> Option<SupportSession> {
        self.support_session.clone().map(SupportSession)
    }

    /// When the change was committed.
    async fn at(&self) -> DateTime {
        self.at.into()
    }
}
