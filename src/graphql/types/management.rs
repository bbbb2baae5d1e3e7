//! `ManagementAgreement`: the cahier des charges by which a partner manages a center.

use async_graphql::{Context, Enum, ID, Object, Result};

use crate::domain::management as domain;
use crate::entity::management_agreement;
use crate::graphql::id::{NodeType, encode};
use crate::graphql::loaders::{loaders, required};
use crate::graphql::scalars::{Date, DateTime};
use crate::graphql::types::center::Center;
use crate::graphql::types::partner::Partner;
use crate::service::management::obligations_of;

/// Where an agreement stands: DRAFT → ACTIVE → ENDED (a draft may also be ENDED, abandoned).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::AgreementStatus")]
pub enum AgreementStatus {
    /// Being prepared; does not make its partner the manager.
    Draft,
    /// In force: its partner is the center's `managedBy`. At most one per center.
    Active,
    /// No longer in force; stays ended.
    Ended,
}

/// A center's management agreement.
pub struct ManagementAgreement(pub management_agreement::Model);

/// The agreement (cahier des charges) under which a partner — the associative network —
/// manages a center by delegation; the ACTIVE one makes `Center.managedBy`. Readable by anyone.
#[Object]
impl ManagementAgreement {
    /// The agreement's global id: opaque, stable, accepted by `node(id:)`.
    pub async fn id(&self) -> ID {
        encode(NodeType::ManagementAgreement, self.0.id)
    }

    /// The center managed.
    async fn center(&self, ctx: &Context<'_>) -> Result<Center> {
        Ok(Center(
            required(&loaders(ctx)?.centers, self.0.center_id).await?,
        ))
    }

    /// The partner that manages the center under the agreement.
    async fn manager(&self, ctx: &Context<'_>) -> Result<Partner> {
        Ok(Partner(
            required(&loaders(ctx)?.partners, self.0.manager_id).await?,
        ))
    }

    /// The day it was signed; null when not recorded.
    async fn signed_on(&self) -> Option<Date> {
        self.0.signed_on.map(Date::from)
    }

    /// The day it takes effect; null when not recorded.
    async fn starts_on(&self) -> Option<Date> {
        self.0.starts_on.map(Date::from)
    }

    /// The day it ends, not before `startsOn`; null when open-ended.
    async fn ends_on(&self) -> Option<Date> {
        self.0.ends_on.map(Date::from)
    }

    /// What the manager undertakes, one obligation a line, in the agreement's order.
    async fn obligations(&self) -> Vec<String> {
        obligations_of(&self.0)
    }

    /// DRAFT, ACTIVE or ENDED.
    async fn status(&self) -> AgreementStatus {
        self.0.status.into()
    }

    /// When the agreement was recorded, in UTC.
    async fn created_at(&self) -> DateTime {
        DateTime::from(self.0.created_at)
    }

    /// When it last changed, in UTC.
    async fn updated_at(&self) -> DateTime {
        DateTime::from(self.0.updated_at)
    }

    /// Incremented on every change; pass it as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
}
