//! `commitmentsOverTime`: sums per month, quarter or year, computed by the database; the empty
//! buckets between the first and the last are filled in with zeros.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sea_orm::{DatabaseConnection, FromQueryResult};

use crate::error::Result;
use crate::service::stats::StatsFilter;
use crate::service::stats::sql::Sql;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Interval {
    #[default]
    Month,
    Quarter,
    Year,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeBucket {
    /// The first day of the bucket.
    pub start: NaiveDate,
    pub committed: i64,
    pub disbursed: i64,
    pub count: i64,
}

#[derive(FromQueryResult)]
struct Row {
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
    let mut sql = Sql::new(db.get_database_backend());
    let pledged = key_expr(&sql, "c.pledged_on", interval);
    let paid = key_expr(&sql, "d.paid_on", interval);
    sql.push(&format!(
        "SELECT CAST(bucket AS BIGINT) AS bucket, CAST(SUM(committed) AS BIGINT) AS committed,
           CAST(SUM(disbursed) AS BIGINT) AS disbursed, CAST(SUM(count) AS BIGINT) AS count
         FROM (
           SELECT {pledged} AS bucket, COALESCE(c.amount, 0) AS committed, 0 AS disbursed, 1 AS count
           FROM commitments c JOIN projects p ON p.id = c.project_id WHERE 1 = 1"
    ));
    sql.project_filter(filter).commitment_filter(filter);
    sql.push(&format!(
        " UNION ALL
           SELECT {paid} AS bucket, 0 AS committed, d.amount AS disbursed, 0 AS count
           FROM disbursements d JOIN commitments c ON c.id = d.commitment_id
           JOIN projects p ON p.id = c.project_id WHERE 1 = 1"
    ));
    sql.project_filter(filter).commitment_filter(filter);
    sql.push(") buckets GROUP BY bucket ORDER BY bucket");
    let rows = Row::find_by_statement(sql.statement()).all(db).await?;
    Ok(fill(rows, interval))
}

/// Orders the buckets and adds the missing ones between the first and the last, with zeros.
fn fill(rows: Vec<Row>, interval: Interval) -> Vec<TimeBucket> {
    let found: BTreeMap<i64, Row> = rows.into_iter().map(|row| (row.bucket, row)).collect();
    let (Some(first), Some(last)) = (found.keys().next().copied(), found.keys().last().copied())
    else {
        return Vec::new();
    };
    let mut buckets = Vec::new();
    let mut key = first;
    while key <= last {
        if let Some(start) = start_of(key, interval) {
            let row = found.get(&key);
            buckets.push(TimeBucket {
                start,
                committed: row.map_or(0, |r| r.committed),
                disbursed: row.map_or(0, |r| r.disbursed),
                count: row.map_or(0, |r| r.count),
            });
        }
        key = next_key(key, interval);
    }
    buckets
}

fn start_of(key: i64, interval: Interval) -> Option<NaiveDate> {
    let (year, month) = match interval {
        Interval::Month => (key / 100, key % 100),
        Interval::Quarter => (key / 10, (key % 10 - 1) * 3 + 1),
        Interval::Year => (key, 1),
    };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, u32::try_from(month).ok()?, 1)
}

fn next_key(key: i64, interval: Interval) -> i64 {
    match interval {
        Interval::Month if key % 100 == 12 => (key / 100 + 1) * 100 + 1,
        Interval::Quarter if key % 10 == 4 => (key / 10 + 1) * 10 + 1,
        _ => key + 1,
    }
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

    #[test]
    fn empty_months_between_the_first_and_the_last_are_zeros() {
        let buckets = fill(vec![row(200311, 5), row(200402, 7)], Interval::Month);
        let starts: Vec<String> = buckets.iter().map(|b| b.start.to_string()).collect();
        assert_eq!(
            starts,
            ["2003-11-01", "2003-12-01", "2004-01-01", "2004-02-01"]
        );
        assert_eq!(buckets[1].committed, 0);
        assert_eq!(buckets[1].count, 0);
        assert_eq!(buckets[3].committed, 7);
    }

    #[test]
    fn quarters_and_years_roll_over() {
        let quarters = fill(vec![row(20033, 1), row(20042, 1)], Interval::Quarter);
        let starts: Vec<String> = quarters.iter().map(|b| b.start.to_string()).collect();
        assert_eq!(
            starts,
            ["2003-07-01", "2003-10-01", "2004-01-01", "2004-04-01"]
        );
        let years = fill(vec![row(2003, 1), row(2005, 1)], Interval::Year);
        assert_eq!(years.len(), 3);
        assert!(fill(Vec::new(), Interval::Year).is_empty());
    }
}
