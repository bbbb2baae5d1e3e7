//! `commitmentsOverTime`: sums per month, quarter or year, computed by the database; the empty
//! buckets between the first and the last are filled in with zeros.
//!
//! A series holds at most [`MAX_BUCKETS`] buckets, and its span is checked before any bucket is
//! built: the filter's `from`..`to` when both are given, before the statement runs; then the
//! span of the data found, which may be wider (a payment may fall long after its pledge, and
//! rows written before dates were bounded may lie in year 1).

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query, SelectStatement, UnionType};
use sea_orm::{DatabaseBackend, DatabaseConnection, FromQueryResult, JoinType};

use crate::entity::{commitment, disbursement};
use crate::error::{AppError, Result};
use crate::service::figures::{self, COMMITMENT, c};
use crate::service::stats::sql::Sql;
use crate::service::stats::{StatsFilter, filter};

/// The most buckets a series holds: 200 years of months.
pub const MAX_BUCKETS: i64 = 2_400;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Interval {
    #[default]
    Month,
    Quarter,
    Year,
}

impl Interval {
    fn plural(self) -> &'static str {
        match self {
            Self::Month => "months",
            Self::Quarter => "quarters",
            Self::Year => "years",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeBucket {
    /// The first day of the bucket.
    pub start: NaiveDate,
    pub committed: i64,
    pub disbursed: i64,
    pub count: i64,
}

/// A bucket as the statement returns it.
#[derive(FromQueryResult, serde::Deserialize)]
pub(super) struct Row {
    bucket: i64,
    committed: i64,
    disbursed: i64,
    count: i64,
}

/// The bucket key of a date column: `year*100+month`, `year*10+quarter` or `year`.
fn key_expr(sql: &Sql, column: &str, interval: Interval) -> String {
    let (year, month) = sql.year_month(column);
    match interval {
        Interval::Month => format!("({year} * 100 + {month})"),
        Interval::Quarter => format!("({year} * 10 + ({month} + 2) / 3)"),
        Interval::Year => year,
    }
}

pub async fn over_time(
    db: &DatabaseConnection,
    filter: &StatsFilter,
    interval: Interval,
) -> Result<Vec<TimeBucket>> {
    let backend = db.get_database_backend();
    let query = query(backend, filter, interval)?;
    let rows = Row::find_by_statement(backend.build(&query))
        .all(db)
        .await?;
    series(rows, interval)
}

/// The [`Row`]s of the series, by bucket, at most one past [`MAX_BUCKETS`]; refused before any
/// statement runs when the filter's dates span too many buckets.
pub(super) fn query(
    backend: DatabaseBackend,
    filter: &StatsFilter,
    interval: Interval,
) -> Result<SelectStatement> {
    if let (Some(from), Some(to)) = (filter.from, filter.to) {
        let (first, last) = (ordinal_of_day(from, interval), ordinal_of_day(to, interval));
        span(first, last, interval, "`from` to `to` spans")?;
    }
    let sql = Sql::new(backend);
    let mut pledged = filter::counted_commitments(filter);
    pledged
        .expr_as(
            Expr::cust(key_expr(&sql, "c.pledged_on", interval)),
            "bucket",
        )
        .expr_as(
            Expr::case(figures::counted(), c(commitment::Column::Amount)).finally(Expr::cust("0")),
            "committed",
        )
        .expr_as(Expr::cust("0"), "disbursed")
        .expr_as(Expr::cust("1"), "count");
    let mut paid = filter::counted_commitments(filter);
    paid.join_as(
        JoinType::InnerJoin,
        disbursement::Entity,
        Alias::new("d"),
        Expr::col((Alias::new("d"), disbursement::Column::CommitmentId))
            .equals((Alias::new(COMMITMENT), commitment::Column::Id)),
    )
    .expr_as(Expr::cust(key_expr(&sql, "d.paid_on", interval)), "bucket")
    .expr_as(Expr::cust("0"), "committed")
    .expr_as(
        Expr::col((Alias::new("d"), disbursement::Column::Amount)),
        "disbursed",
    )
    .expr_as(Expr::cust("0"), "count");
    pledged.union(UnionType::All, paid);
    let column = |name: &str| Expr::col((Alias::new("buckets"), Alias::new(name)));
    // More distinct buckets than allowed span more than allowed: one row past the bound tells.
    Ok(Query::select()
        .expr_as(column("bucket").cast_as(Alias::new("BIGINT")), "bucket")
        .expr_as(figures::total(column("committed")), "committed")
        .expr_as(figures::total(column("disbursed")), "disbursed")
        .expr_as(figures::total(column("count")), "count")
        .from_subquery(pledged, Alias::new("buckets"))
        .group_by_col((Alias::new("buckets"), Alias::new("bucket")))
        .order_by((Alias::new("buckets"), Alias::new("bucket")), Order::Asc)
        .limit(MAX_BUCKETS as u64 + 1)
        .to_owned())
}

/// Every bucket from the first row's to the last row's, the missing ones as zeros; refused when
/// they would be more than [`MAX_BUCKETS`].
pub(super) fn series(rows: Vec<Row>, interval: Interval) -> Result<Vec<TimeBucket>> {
    let found: BTreeMap<i64, Row> = rows
        .into_iter()
        .map(|row| (ordinal_of_key(row.bucket, interval), row))
        .collect();
    let (Some(&first), Some(&last)) = (found.keys().next(), found.keys().last()) else {
        return Ok(Vec::new());
    };
    let ordinals = span(
        first,
        last,
        interval,
        "the pledges and payments counted span",
    )?;
    Ok(ordinals
        .filter_map(|ordinal| {
            let row = found.get(&ordinal);
            Some(TimeBucket {
                start: start_of(ordinal, interval)?,
                committed: row.map_or(0, |r| r.committed),
                disbursed: row.map_or(0, |r| r.disbursed),
                count: row.map_or(0, |r| r.count),
            })
        })
        .collect())
}

/// The buckets from `first` to `last`, or a `BadInput` refusal when they are more than
/// [`MAX_BUCKETS`]; `spanned` says what spans them.
fn span(first: i64, last: i64, interval: Interval, spanned: &str) -> Result<RangeInclusive<i64>> {
    let count = last.saturating_sub(first).saturating_add(1);
    if count <= MAX_BUCKETS {
        return Ok(first..=last);
    }
    Err(AppError::bad_input(format!(
        "{spanned} {count} {}, more than the {MAX_BUCKETS} buckets a series may hold: \
         narrow the filter's `from` and `to`, or use a coarser interval",
        interval.plural()
    )))
}

/// A bucket's place on its interval's scale (months, quarters or years since year 0), from the
/// key the statement computes.
fn ordinal_of_key(key: i64, interval: Interval) -> i64 {
    match interval {
        Interval::Month => key.div_euclid(100) * 12 + key.rem_euclid(100) - 1,
        Interval::Quarter => key.div_euclid(10) * 4 + key.rem_euclid(10) - 1,
        Interval::Year => key,
    }
}

/// The place of the bucket holding `day`.
fn ordinal_of_day(day: NaiveDate, interval: Interval) -> i64 {
    let (year, month0) = (i64::from(day.year()), i64::from(day.month0()));
    match interval {
        Interval::Month => year * 12 + month0,
        Interval::Quarter => year * 4 + month0 / 3,
        Interval::Year => year,
    }
}

/// The first day of the bucket at `ordinal`.
fn start_of(ordinal: i64, interval: Interval) -> Option<NaiveDate> {
    let (year, month) = match interval {
        Interval::Month => (ordinal.div_euclid(12), ordinal.rem_euclid(12) + 1),
        Interval::Quarter => (ordinal.div_euclid(4), ordinal.rem_euclid(4) * 3 + 1),
        Interval::Year => (ordinal, 1),
    };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, u32::try_from(month).ok()?, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(bucket: i64, committed: i64) -> Row {
        Row {
            bucket,
            committed,
            disbursed: 0,
            count: 1,
        }
    }

    fn starts(buckets: &[TimeBucket]) -> Vec<String> {
        buckets.iter().map(|b| b.start.to_string()).collect()
    }

    #[test]
    fn empty_months_between_the_first_and_the_last_are_zeros() {
        let buckets = series(vec![row(200311, 5), row(200402, 7)], Interval::Month).unwrap();
        assert_eq!(
            starts(&buckets),
            ["2003-11-01", "2003-12-01", "2004-01-01", "2004-02-01"]
        );
        assert_eq!(buckets[1].committed, 0);
        assert_eq!(buckets[1].count, 0);
        assert_eq!(buckets[3].committed, 7);
    }

    #[test]
    fn quarters_and_years_roll_over() {
        let quarters = series(vec![row(20033, 1), row(20042, 1)], Interval::Quarter).unwrap();
        assert_eq!(
            starts(&quarters),
            ["2003-07-01", "2003-10-01", "2004-01-01", "2004-04-01"]
        );
        let years = series(vec![row(2003, 1), row(2005, 1)], Interval::Year).unwrap();
        assert_eq!(years.len(), 3);
        assert!(series(Vec::new(), Interval::Year).unwrap().is_empty());
    }

    #[test]
    fn a_series_holds_at_most_the_maximum_of_buckets() {
        let widest = series(vec![row(190101, 1), row(210012, 1)], Interval::Month).unwrap();
        assert_eq!(widest.len() as i64, MAX_BUCKETS);
        let refused = series(vec![row(190012, 1), row(210012, 1)], Interval::Month).unwrap_err();
        assert!(matches!(refused, AppError::BadInput(_)), "{refused:?}");
        assert!(refused.to_string().contains("2401 months"), "{refused}");
    }

    #[test]
    fn rows_of_year_one_are_refused_by_month_and_answered_by_year() {
        let refused = series(vec![row(101, 1), row(200311, 1)], Interval::Month).unwrap_err();
        assert!(refused.to_string().contains("24035 months"), "{refused}");
        let years = series(vec![row(1, 1), row(2003, 1)], Interval::Year).unwrap();
        assert_eq!(years[0].start.to_string(), "0001-01-01");
        assert_eq!(years.len(), 2003);
    }

    #[test]
    fn the_ordinals_of_a_key_and_of_a_day_in_its_bucket_agree() {
        let day = NaiveDate::from_ymd_opt(2003, 11, 9).unwrap();
        for (interval, key, start) in [
            (Interval::Month, 200311, "2003-11-01"),
            (Interval::Quarter, 20034, "2003-10-01"),
            (Interval::Year, 2003, "2003-01-01"),
        ] {
            let ordinal = ordinal_of_day(day, interval);
            assert_eq!(ordinal_of_key(key, interval), ordinal, "{interval:?}");
            assert_eq!(
                start_of(ordinal, interval).unwrap().to_string(),
                start,
                "{interval:?}"
            );
        }
    }
}
