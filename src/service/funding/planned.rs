//! The money figures of a planned read (issue 12): the same sums as the batch statements of
//! [`super`], built into the one statement as correlated subqueries over the row being read, and
//! read back from its JSON into the same types.

use sea_orm::DbErr;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use serde_json::Value as Json;

use super::{
    PartnerTotals, ProjectMoney, ProjectSumsRow, Projects, partner_total_values,
    project_sum_values, project_sums_source,
};
use crate::domain::money::Currency;
use crate::entity::{commitment, partner};
use crate::error::{AppError, Result};
use crate::service::figures::{self, COMMITMENT, c};
use crate::service::read::{Computed, Read};

/// The money of each project read, as [`super::project_money`] sums it; read it back with
/// [`planned_funding`].
pub fn plan_funding(read: &mut Read) -> usize {
    read.computed(|alias| Computed {
        query: project_sums_source(Projects::Row(alias)),
        values: project_sum_values(),
    })
}

/// The project's money the planned statement computed.
pub fn planned_funding(json: Option<&Json>) -> Result<ProjectMoney> {
    let row: ProjectSumsRow = parse(json)?;
    Ok(row.into())
}

/// The totals in `currency` of each partner read, as [`super::partner_totals`] sums them (zero
/// when it committed nothing in it); read them back with [`planned_totals`].
pub fn plan_totals(read: &mut Read, currency: Currency) -> usize {
    read.computed(move |alias| {
        let mut query = Query::select();
        query
            .from_as(commitment::Entity, Alias::new(COMMITMENT))
            .and_where(
                c(commitment::Column::PartnerId).equals((Alias::new(alias), partner::Column::Id)),
            )
            .and_where(c(commitment::Column::Currency).eq(figures::currency(currency)));
        let mut values = vec![(
            "partner_id",
            Expr::col((Alias::new(alias), Alias::new("id"))),
        )];
        values.extend(partner_total_values());
        Computed { query, values }
    })
}

/// The partner's totals in `currency` the planned statement computed.
pub fn planned_totals(json: Option<&Json>, currency: Currency) -> Result<PartnerTotals> {
    let mut totals: PartnerTotals = parse(json)?;
    totals.currency = currency;
    Ok(totals)
}

/// What has been paid on each commitment read, as [`super::disbursed_by_commitment`] sums it
/// (zero without payments); read it back with [`planned_disbursed`].
pub fn plan_disbursed(read: &mut Read) -> usize {
    read.computed(|alias| {
        let mut query = Query::select();
        query
            .from_as(commitment::Entity, Alias::new(COMMITMENT))
            .and_where(
                c(commitment::Column::Id).equals((Alias::new(alias), commitment::Column::Id)),
            );
        Computed {
            query,
            values: vec![("disbursed", figures::total(figures::paid_each()))],
        }
    })
}

/// What has been paid on the commitment, as the planned statement computed it.
pub fn planned_disbursed(json: Option<&Json>) -> Result<i64> {
    json.and_then(|json| json.get("disbursed"))
        .and_then(Json::as_i64)
        .ok_or_else(|| unreadable("disbursed"))
}

fn parse<T: serde::de::DeserializeOwned>(json: Option<&Json>) -> Result<T> {
    let json = json.ok_or_else(|| unreadable("figures"))?;
    T::deserialize(json).map_err(|error| unreadable(&error.to_string()))
}

/// What the statement returned could not be read: a bug, never the caller's fault.
fn unreadable(what: &str) -> AppError {
    AppError::Internal(DbErr::Json(format!("planned figures: unreadable {what}")))
}
