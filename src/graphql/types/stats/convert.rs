//! The figures of `stats` as output values, one function each, shared by the resolvers and
//! the planned answer so that both say the same thing.

use async_graphql::Result;

use super::{
    FundingStats, OrganizationStats, ProjectStats, ProjectStatusCount, SectorTotals, TimeBucket,
    int,
};
use crate::domain::funding::{CommitmentSums, FundingPlan};
use crate::domain::money::Currency;
use crate::domain::project::ProjectStatus as Status;
use crate::graphql::scalars::{Date, Decimal};
use crate::graphql::types::money::Money;
use crate::service::stats::{
    self, CommitmentFigures, GroupFigures, OrganizationCounts, StatusFigures,
};

pub(super) fn organization_stats(counts: OrganizationCounts) -> OrganizationStats {
    OrganizationStats {
        total: int(counts.total),
        associations: int(counts.associations),
        cooperatives: int(counts.cooperatives),
        network_members: int(counts.network_members),
    }
}

/// Every status listed, zeros included, from the rows of the statuses found.
pub(super) fn project_stats(figures: &[StatusFigures], currency: Currency) -> ProjectStats {
    let by_status = [
        Status::Draft,
        Status::InPreparation,
        Status::SeekingFunding,
        Status::UnderReview,
        Status::Approved,
        Status::InProgress,
        Status::Completed,
        Status::Rejected,
        Status::Cancelled,
    ]
    .into_iter()
    .map(|status| ProjectStatusCount {
        status: status.into(),
        count: int(figures
            .iter()
            .filter(|f| f.status == status)
            .map(|f| f.count)
            .sum()),
    })
    .collect();
    ProjectStats {
        total: int(figures.iter().map(|f| f.count).sum()),
        by_status,
        total_cost: Money::new(figures.iter().map(|f| f.total_cost).sum(), currency),
        beneficiaries: int(figures.iter().map(|f| f.beneficiaries).sum()),
    }
}

/// The financing plan of all the projects counted, as [`FundingPlan`] adds up one project's.
pub(super) fn funding_stats(
    projects: &[StatusFigures],
    commitments: CommitmentFigures,
    currency: Currency,
) -> FundingStats {
    let total_cost: i64 = projects.iter().map(|f| f.total_cost).sum();
    let own: i64 = projects.iter().map(|f| f.own_contribution).sum();
    let sums = CommitmentSums {
        financial: commitments.financial,
        in_kind: commitments.in_kind,
        disbursed: commitments.disbursed,
        ..CommitmentSums::default()
    };
    let plan = FundingPlan::new(total_cost, own, sums, None);
    let money = |centimes| Money::new(centimes, currency);
    FundingStats {
        total_cost: money(total_cost),
        committed: money(plan.committed),
        disbursed: money(plan.disbursed),
        gap: money(plan.gap),
        coverage_rate: Decimal(plan.coverage_rate),
        in_kind_valued: money(plan.committed_in_kind),
    }
}

pub(super) fn sector_totals(row: &GroupFigures, currency: Currency) -> Result<SectorTotals> {
    let sector =
        <crate::domain::organization::Sector as sea_orm::ActiveEnum>::try_from_value(&row.key)
            .map_err(|err| async_graphql::Error::new(err.to_string()))?;
    Ok(SectorTotals {
        sector: sector.into(),
        projects_count: int(row.projects_count),
        committed: Money::new(row.committed, currency),
    })
}

pub(super) fn time_bucket(bucket: stats::TimeBucket, currency: Currency) -> TimeBucket {
    TimeBucket {
        start: Date::from(bucket.start),
        committed: Money::new(bucket.committed, currency),
        disbursed: Money::new(bucket.disbursed, currency),
        count: int(bucket.count),
    }
}
