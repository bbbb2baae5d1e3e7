//! The synthetic data set for the benchmark (`cqs seed synthetic --scale N`): deterministic (a
//! fixed seed), shaped like a real center at scale, and respecting every rule of DESIGN.md.
//!
//! Scale 1 is 1 center, 30 zones, 20 partners, 3 programs, 1,000 organizations, 10,000 projects
//! and about 55,000 commitments (about 5 live per project, 2% to the center, 10% cancelled),
//! with disbursements, status histories and users. Rows carry explicit ids so that batched
//! inserts need no round trip per row; PostgreSQL's sequences are moved past them afterwards.

mod batch;
mod projects;
mod reference;

use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, TransactionTrait};

use crate::entity::center;

/// The seed every synthetic data set starts from: the same scale gives the same rows.
const SEED: u64 = 0x4351_5320_2003;

/// What was written, and how long it took.
#[derive(Clone, Debug, Default)]
pub struct SyntheticReport {
    pub centers: usize,
    pub partners: usize,
    pub organizations: usize,
    pub projects: usize,
    pub commitments: usize,
    pub disbursements: usize,
    pub status_changes: usize,
    pub users: usize,
    pub elapsed: Duration,
}

/// Loads the synthetic data set at `scale` into an empty database, in one transaction, then
/// analyzes it (`crate::db::analyze`) so that the first reads are planned on its real sizes; `None`
/// when the database already holds a center.
pub async fn seed_synthetic(
    db: &DatabaseConnection,
    scale: u32,
) -> Result<Option<SyntheticReport>, DbErr> {
    let started = Instant::now();
    let txn = db.begin().await?;
    if center::Entity::find().one(&txn).await?.is_some() {
        txn.rollback().await?;
        return Ok(None);
    }
    let mut rng = StdRng::seed_from_u64(SEED);
    let mut report = SyntheticReport::default();
    let world = reference::insert(&txn, &mut rng, scale.max(1), &mut report).await?;
    projects::insert(&txn, &mut rng, &world, &mut report).await?;
    batch::advance_sequences(&txn).await?;
    txn.commit().await?;
    crate::db::analyze(db).await?;
    report.elapsed = started.elapsed();
    Ok(Some(report))
}

/// A whole number of dirhams between `low` and `high` dirhams, in centimes.
fn dirhams(rng: &mut StdRng, low: i64, high: i64) -> i64 {
    rng.random_range(low..=high) * 100
}
