//! Every money figure, defined once (DESIGN.md, "Architecture": committed, secured, disbursed,
//! the program's share… are each defined once, per currency, and used alike by funding, stats,
//! totals and the rules). Each is a SQL expression over a commitment aliased `c`, the project `p`
//! it funds and that project's program `pr`, built from the entities' columns and enum values.
//! `Project.funding`, `Partner.totals`, `stats` and the money rules checked after every write sum
//! these expressions, so a figure means the same thing wherever it is read. The gap and the
//! coverage rate derive from these sums in [`crate::domain::funding`].

use sea_orm::ActiveEnum;
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, Func, Query, QueryStatementBuilder, SelectStatement,
};

use crate::domain::commitment::{CommitmentKind, CommitmentStatus};
use crate::domain::money::Currency;
use crate::entity::{commitment, disbursement, program, project};

/// The alias of the commitments a figure sums.
pub const COMMITMENT: &str = "c";
/// The alias of the project those commitments fund.
pub const PROJECT: &str = "p";
/// The alias of that project's program (joined on `p.program_id`, absent outside a program).
pub const PROGRAM: &str = "pr";
/// The alias of the per-commitment payments table of [`paid_table`].
pub const PAID: &str = "paid";

/// A column of the commitment `c`.
pub fn c(column: commitment::Column) -> Expr {
    Expr::col((Alias::new(COMMITMENT), column))
}

/// A column of the project `p`.
pub fn p(column: project::Column) -> Expr {
    Expr::col((Alias::new(PROJECT), column))
}

/// A column of the program `pr`.
pub fn pr(column: program::Column) -> Expr {
    Expr::col((Alias::new(PROGRAM), column))
}

fn status(value: CommitmentStatus) -> Expr {
    Expr::val(value.to_value())
}

fn kind(value: CommitmentKind) -> Expr {
    Expr::val(value.to_value())
}

/// A currency as a bound value, to compare with a `currency` column.
pub fn currency(value: Currency) -> Expr {
    Expr::val(value.to_value())
}

/// A commitment that still stands: not CANCELLED. What `count` and `projectsCount` count.
pub fn live() -> Expr {
    c(commitment::Column::Status).ne(status(CommitmentStatus::Cancelled))
}

/// A counted commitment: standing and valued (FINANCIAL ones always are, in-kind ones when they
/// carry a valuation). *Committed* is the sum of the counted commitments.
pub fn counted() -> Expr {
    live().and(c(commitment::Column::Amount).is_not_null())
}

/// The FINANCIAL part of committed.
pub fn financial() -> Expr {
    counted().and(c(commitment::Column::Kind).eq(kind(CommitmentKind::Financial)))
}

/// The valued in-kind part of committed.
pub fn in_kind() -> Expr {
    counted().and(c(commitment::Column::Kind).ne(kind(CommitmentKind::Financial)))
}

/// *Secured*: CONFIRMED or FULFILLED and valued — what lets a project start.
pub fn secured() -> Expr {
    c(commitment::Column::Amount)
        .is_not_null()
        .and(c(commitment::Column::Status).is_in([
            status(CommitmentStatus::Confirmed),
            status(CommitmentStatus::Fulfilled),
        ]))
}

/// *The program's share*: the counted commitments of the funder of the project's program. They
/// count under the program whether or not they name it, so that attaching a program to a
/// project brings its funder's commitments under the cap.
pub fn program_share() -> Expr {
    counted().and(
        c(commitment::Column::PartnerId).equals((Alias::new(PROGRAM), program::Column::FunderId)),
    )
}

/// A commitment to a project (not to a center).
pub fn to_project() -> Expr {
    c(commitment::Column::ProjectId).is_not_null()
}

/// `SUM(CASE WHEN condition THEN c.amount ELSE 0 END)` as a BIGINT, zero over no rows.
pub fn amount_where(condition: Expr) -> Expr {
    total(Expr::case(condition, c(commitment::Column::Amount)).finally(0))
}

/// `SUM(value)` as a BIGINT, zero over no rows.
pub fn total(value: impl Into<Expr>) -> Expr {
    Expr::expr(Func::coalesce([value.into().sum(), Expr::val(0)])).cast_as(Alias::new("BIGINT"))
}

/// `COUNT(value)` as a BIGINT.
pub fn count(value: impl Into<Expr>) -> Expr {
    value.into().count().cast_as(Alias::new("BIGINT"))
}

/// `COUNT(DISTINCT value)` as a BIGINT.
pub fn count_distinct(value: impl Into<Expr>) -> Expr {
    value.into().count_distinct().cast_as(Alias::new("BIGINT"))
}

/// *Disbursed* on the commitment `c`: the sum of its payments, read for each commitment — the
/// cheapest form when a figure covers a few commitments.
pub fn paid_each() -> Expr {
    let payments = Query::select()
        .expr(Expr::col(disbursement::Column::Amount).sum())
        .from(disbursement::Entity)
        .and_where(
            Expr::col((disbursement::Entity, disbursement::Column::CommitmentId))
                .equals((Alias::new(COMMITMENT), commitment::Column::Id)),
        )
        .to_owned();
    Expr::SubQuery(None, Box::new(payments.into_sub_query_statement()))
}

/// *Disbursed* per commitment as a table `paid (commitment_id, amount)`, to join on `c.id` when
/// a figure covers thousands of commitments: one pass over the payments.
pub fn paid_table() -> SelectStatement {
    Query::select()
        .column(disbursement::Column::CommitmentId)
        .expr_as(Expr::col(disbursement::Column::Amount).sum(), "amount")
        .from(disbursement::Entity)
        .group_by_col(disbursement::Column::CommitmentId)
        .to_owned()
}

/// `paid.amount` of the joined [`paid_table`].
pub fn paid_joined() -> Expr {
    Expr::col((Alias::new(PAID), Alias::new("amount")))
}

/// Joins the payments table on the commitments `c` of `query`.
pub fn join_paid(query: &mut SelectStatement) -> &mut SelectStatement {
    query.join_subquery(
        sea_orm::JoinType::LeftJoin,
        paid_table(),
        Alias::new(PAID),
        Expr::col((Alias::new(PAID), disbursement::Column::CommitmentId))
            .equals((Alias::new(COMMITMENT), commitment::Column::Id)),
    )
}
