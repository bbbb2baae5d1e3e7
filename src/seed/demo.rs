//! placeholder until the demo data set lands
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedOutcome {
    Seeded,
    AlreadyPopulated,
}
pub async fn seed_demo(_db: &sea_orm::DatabaseConnection) -> Result<SeedOutcome, sea_orm::DbErr> {
    Ok(SeedOutcome::AlreadyPopulated)
}
