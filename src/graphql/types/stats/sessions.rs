//! `stats.supportSessions`: accompaniment sessions and hours by kind, by zone and by
//! organization, each breakdown one SQL aggregate, read only when selected.

use std::sync::Arc;

use async_graphql::{Context, Object, Result, SimpleObject};
use futures::future::try_join_all;
use rust_decimal::Decimal as Exact;
use tokio::sync::OnceCell;

use crate::graphql::loaders::{loaders, required};
use crate::graphql::scalars::Decimal;
use crate::graphql::types::db;
use crate::graphql::types::organization::Organization;
use crate::graphql::types::support_session::SupportKind;
use crate::graphql::types::zone::Zone;
use crate::service::stats::StatsFilter;
use crate::service::support_session::stats::{SessionGroup, SessionGrouping, sessions_by};

/// Minutes as hours, to two places (rounded half up): "1.5" for 90 minutes.
pub(super) fn hours(minutes: i64) -> Decimal {
    Decimal(
        (Exact::from(minutes) / Exact::from(60))
            .round_dp(2)
            .normalize(),
    )
}

pub(super) fn int(value: i64) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// The accompaniment figures under the dashboard's filter.
pub struct SupportSessionStats {
    filter: StatsFilter,
    by_kind: Arc<OnceCell<Vec<SessionGroup>>>,
}

impl SupportSessionStats {
    pub fn new(filter: StatsFilter) -> Self {
        Self {
            filter,
            by_kind: Arc::default(),
        }
    }

    async fn kinds(&self, ctx: &Context<'_>) -> Result<&Vec<SessionGroup>> {
        let db = db(ctx)?;
        Ok(self
            .by_kind
            .get_or_try_init(|| sessions_by(db, &self.filter, SessionGrouping::Kind))
            .await?)
    }

    async fn groups(
        &self,
        ctx: &Context<'_>,
        grouping: SessionGrouping,
    ) -> Result<Vec<SessionGroup>> {
        Ok(sessions_by(db(ctx)?, &self.filter, grouping).await?)
    }
}

/// Capacity building made visible: the accompaniment sessions held under the dashboard's filter
/// (its center; the zone and sector of the organization accompanied; the program of the
/// session's project; `from`..`to` on the day held), with their hours and participants. Each
/// breakdown is one aggregate of the database.
#[Object]
impl SupportSessionStats {
    /// How many sessions.
    async fn sessions(&self, ctx: &Context<'_>) -> Result<i32> {
        Ok(int(self
            .kinds(ctx)
            .await?
            .iter()
            .map(|group| group.sessions)
            .sum()))
    }

    /// Their length added up, in hours, to two places.
    async fn hours(&self, ctx: &Context<'_>) -> Result<Decimal> {
        Ok(hours(
            self.kinds(ctx)
                .await?
                .iter()
                .map(|group| group.minutes)
                .sum(),
        ))
    }

    /// Their participants added up (a person at two sessions counts twice).
    async fn participants(&self, ctx: &Context<'_>) -> Result<i32> {
        Ok(int(self
            .kinds(ctx)
            .await?
            .iter()
            .map(|group| group.participants)
            .sum()))
    }

    /// By kind of session, the most hours first (kinds without sessions are left out).
    async fn by_kind(&self, ctx: &Context<'_>) -> Result<Vec<SessionKindFigures>> {
        self.kinds(ctx)
            .await?
            .iter()
            .map(|group| {
                let kind: crate::domain::support_session::SupportKind =
                    sea_orm::ActiveEnum::try_from_value(&group.key)?;
                Ok(SessionKindFigures {
                    kind: kind.into(),
                    sessions: int(group.sessions),
                    hours: hours(group.minutes),
                    participants: int(group.participants),
                })
            })
            .collect()
    }

    /// By zone of the organization accompanied, the most hours first (organizations without a
    /// zone are left out).
    async fn by_zone(&self, ctx: &Context<'_>) -> Result<Vec<SessionZoneFigures>> {
        let groups = self.groups(ctx, SessionGrouping::Zone).await?;
        let zones = &loaders(ctx)?.zones;
        try_join_all(groups.into_iter().map(|group| async move {
            let id: i64 = group.key.parse()?;
            Ok::<_, async_graphql::Error>(SessionZoneFigures {
                zone: Zone(required(zones, id).await?),
                sessions: int(group.sessions),
                hours: hours(group.minutes),
                participants: int(group.participants),
            })
        }))
        .await
    }

    /// By organization accompanied, the most hours first.
    async fn by_organization(&self, ctx: &Context<'_>) -> Result<Vec<SessionOrganizationFigures>> {
        let groups = self.groups(ctx, SessionGrouping::Organization).await?;
        let organizations = &loaders(ctx)?.organizations;
        try_join_all(groups.into_iter().map(|group| async move {
            let id: i64 = group.key.parse()?;
            Ok::<_, async_graphql::Error>(SessionOrganizationFigures {
                organization: Organization::from(required(organizations, id).await?),
                sessions: int(group.sessions),
                hours: hours(group.minutes),
                participants: int(group.participants),
            })
        }))
        .await
    }
}

/// The sessions of one kind.
#[derive(SimpleObject)]
pub struct SessionKindFigures {
    /// The kind.
    kind: SupportKind,
    /// How many sessions.
    sessions: i32,
    /// Their hours, to two places.
    hours: Decimal,
    /// Their participants added up.
    participants: i32,
}

/// The sessions with the organizations of one zone.
#[derive(SimpleObject)]
pub struct SessionZoneFigures {
    /// The zone.
    zone: Zone,
    /// How many sessions.
    sessions: i32,
    /// Their hours, to two places.
    hours: Decimal,
    /// Their participants added up.
    participants: i32,
}

/// The sessions with one organization.
#[derive(SimpleObject)]
pub struct SessionOrganizationFigures {
    /// The organization.
    organization: Organization,
    /// How many sessions.
    sessions: i32,
    /// Their hours, to two places.
    hours: Decimal,
    /// Their participants added up.
    participants: i32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_read_as_hours_to_two_places() {
        let cases = [(90, "1.5"), (60, "1"), (0, "0"), (20, "0.33"), (50, "0.83")];
        for (minutes, expected) in cases {
            assert_eq!(hours(minutes).0.to_string(), expected, "{minutes} minutes");
        }
    }
}
