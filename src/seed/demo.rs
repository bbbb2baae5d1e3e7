//! The demo data set (`cqs seed demo`, `cqs serve --demo`): the Centre de qualification sociale
//! of Mohammédia, so that a new user meets the story the API was built for rather than an empty
//! schema.
//!
//! From the article (L'Economiste n° 1576, 6 August 2003, in `shared/seed/`), kept exact:
//! - the three founding partners: the Préfecture de Mohammédia, the Agence de Développement
//!   Social (ADS) and the Réseau associatif de la solidarité sociale, which manages the center
//!   in delegated management under a *cahier des charges*;
//! - the center's name, its city, and that it was in use on 5 July 2003;
//! - every commitment to the center: from the prefecture the construction, the feasibility study,
//!   two administrative executives and technical assistance on project files; from the ADS the
//!   office and IT equipment worth 250,000.00 DH TTC and an antenna in the center; from the
//!   network the pedagogical and technical supervision and the daily management;
//! - the PASEC program of the ADS and its co-financing of up to 70% of a project's total cost;
//! - that the center works with associations and cooperatives of vulnerable neighbourhoods,
//!   including those of the families rehoused from the slums in 1989, and that the industrialists
//!   of the city were invited to join (dinner-debate of 9 July 2003).
//!
//! Invented, for the demo only: the exact dates (signature, opening day, pledges, payments), the
//! acronym "RASS", the contact details, the PASEC budget and dates, the three companies, which
//! neighbourhoods received the rehoused families, every association, cooperative and project,
//! and every amount except the 250,000.00 DH of equipment.

mod accompaniment;
mod commitments;
mod events;
mod funding_search;
mod institutions;
mod organizations;
mod projects;
mod projects_2003;
mod projects_2004;
mod projects_2005;
mod rows;
mod territory;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, TransactionTrait};

use crate::entity::center;

use institutions::PartnerKey;
use territory::{OrgKey, ZoneKey};

/// What `seed_demo` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedOutcome {
    /// The database was empty and now holds the demo story.
    Seeded,
    /// A center already existed, so nothing was written: the demo never mixes with real data.
    AlreadyPopulated,
}

/// Loads the Mohammédia demo story into an empty database, in one transaction, then analyzes it.
///
/// "Empty" means "without any center": every other row hangs off a center, so its absence is the
/// one cheap sign that nobody has used this database yet. Running it twice adds nothing; a
/// failure half-way writes nothing either.
pub async fn seed_demo(db: &DatabaseConnection) -> Result<SeedOutcome, DbErr> {
    let txn = db.begin().await?;
    if center::Entity::find().one(&txn).await?.is_some() {
        txn.rollback().await?;
        return Ok(SeedOutcome::AlreadyPopulated);
    }
    let partners = institutions::insert_partners(&txn).await?;
    let center_id = institutions::insert_center(&txn, &partners).await?;
    let program_id = institutions::insert_program(&txn, &partners).await?;
    let zones = territory::insert_zones(&txn, center_id).await?;
    let organizations = territory::insert_organizations(&txn, center_id, &zones).await?;
    let ids = Ids {
        center_id,
        program_id,
        partners,
        zones,
        organizations,
    };
    institutions::insert_center_commitments(&txn, &ids).await?;
    projects::insert_projects(&txn, &ids).await?;
    funding_search::insert_funding_search(&txn, &ids).await?;
    events::insert_events(&txn, &ids).await?;
    accompaniment::insert_accompaniment(&txn, &ids).await?;
    txn.commit().await?;
    crate::db::analyze(db).await?;
    Ok(SeedOutcome::Seeded)
}

/// The ids the database gave to the rows that later rows point to: the data tables name rows by
/// key, never by id, so the data set loads the same into any database.
struct Ids {
    center_id: i64,
    program_id: i64,
    partners: HashMap<PartnerKey, i64>,
    zones: HashMap<ZoneKey, i64>,
    organizations: HashMap<OrgKey, i64>,
}

impl Ids {
    fn partner(&self, key: PartnerKey) -> Result<i64, DbErr> {
        lookup(&self.partners, key)
    }

    fn zone(&self, key: ZoneKey) -> Result<i64, DbErr> {
        lookup(&self.zones, key)
    }

    fn organization(&self, key: OrgKey) -> Result<i64, DbErr> {
        lookup(&self.organizations, key)
    }
}

/// A key the data tables use but never inserted is a bug in the data set, reported as an error.
fn lookup<K>(ids: &HashMap<K, i64>, key: K) -> Result<i64, DbErr>
where
    K: std::hash::Hash + Eq + std::fmt::Debug,
{
    ids.get(&key)
        .copied()
        .ok_or_else(|| DbErr::Custom(format!("demo data: no row was inserted for {key:?}")))
}

/// Dirhams as centimes, so that the tables read like the article ("250.000 DH").
const fn mad(dirhams: i64) -> i64 {
    dirhams * 100
}

/// A calendar day written `YYYY-MM-DD` in the data tables.
fn day(text: &str) -> Result<NaiveDate, DbErr> {
    text.parse()
        .map_err(|e| DbErr::Custom(format!("demo data: bad date {text:?}: {e}")))
}

/// An optional calendar day.
fn opt_day(text: Option<&str>) -> Result<Option<NaiveDate>, DbErr> {
    text.map(day).transpose()
}

/// An instant written in RFC 3339 in the data tables; whole seconds keep both backends equal.
fn instant(text: &str) -> Result<DateTime<Utc>, DbErr> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| DbErr::Custom(format!("demo data: bad instant {text:?}: {e}")))
}

/// The instant a dated office event is recorded: 10:00 UTC that day, a plausible office hour.
fn office_hour(date: NaiveDate) -> Result<DateTime<Utc>, DbErr> {
    date.and_hms_opt(10, 0, 0)
        .map(|t| t.and_utc())
        .ok_or_else(|| DbErr::Custom(format!("demo data: no 10:00 on {date}")))
}
