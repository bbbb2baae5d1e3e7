//! `PartnerEngagement`: where a partner stands with a center.

use async_graphql::{Context, Enum, ID, Object, Result};

use crate::domain::event as domain;
use crate::entity::partner_engagement;
use crate::graphql::id::{NodeType, encode};
use crate::graphql::loaders::{loaders, required};
use crate::graphql::scalars::DateTime;
use crate::graphql::types::center::Center;
use crate::graphql::types::partner::Partner;

/// Where a partner stands with a center.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::EngagementStatus")]
pub enum EngagementStatus {
    /// Identified as a possible partner; not yet approached.
    Prospect,
    /// Invited to join, like the city's industrialists at the dinner-debate of 9 July 2003.
    Invited,
    /// Has joined: takes part in the center's work or holds commitments to it.
    Engaged,
}

/// A partner's engagement with one center.
pub struct PartnerEngagement(pub partner_engagement::Model);

/// Where a partner stands with a center — prospect, invited, engaged — so that the companies
/// invited to join can be followed. Readable by anyone.
#[Object]
impl PartnerEngagement {
    /// The engagement's global id: opaque, stable, accepted by `node(id:)`.
    pub async fn id(&self) -> ID {
        encode(NodeType::PartnerEngagement, self.0.id)
    }

    /// The partner.
    async fn partner(&self, ctx: &Context<'_>) -> Result<Partner> {
        Ok(Partner(
            required(&loaders(ctx)?.partners, self.0.partner_id).await?,
        ))
    }

    /// The center.
    async fn center(&self, ctx: &Context<'_>) -> Result<Center> {
        Ok(Center(
            required(&loaders(ctx)?.centers, self.0.center_id).await?,
        ))
    }

    /// Prospect, invited or engaged.
    async fn status(&self) -> EngagementStatus {
        self.0.status.into()
    }

    /// When the status last changed, in UTC (a change of the note alone does not move it).
    async fn status_changed_at(&self) -> DateTime {
        DateTime::from(self.0.status_changed_at)
    }

    /// What the center's staff noted about it; null when nothing was.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    /// When the engagement was first recorded, in UTC.
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

/// The engagements of `rows` with `status`, or all of them.
pub fn with_status(
    rows: Option<Vec<partner_engagement::Model>>,
    status: Option<EngagementStatus>,
) -> Vec<PartnerEngagement> {
    rows.unwrap_or_default()
        .into_iter()
        .filter(|row| {
            status.is_none_or(|status| domain::EngagementStatus::from(status) == row.status)
        })
        .map(PartnerEngagement)
        .collect()
}
