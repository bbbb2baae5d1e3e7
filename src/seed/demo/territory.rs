//! The neighbourhoods the center serves and the associations and cooperatives it accompanies.
//! The neighbourhood names are real; the organizations, their people and numbers are invented.

use std::collections::HashMap;

use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseTransaction, DbErr, EntityTrait};

use super::organizations::ORGANIZATIONS;
use super::{day, instant, opt_day};
use crate::domain::search::search_text;
use crate::domain::zone::VulnerabilityLevel::{self, High, Medium};
use crate::entity::{organization, organization_sector, zone};

use ZoneKey::{AinHarrouda, AlAlia, BeniYakhlef, ElHassania, Kasbah, Rachidia, Wafae};

/// How the data tables name a zone before the database has given it an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum ZoneKey {
    AlAlia,
    ElHassania,
    Rachidia,
    Wafae,
    Kasbah,
    BeniYakhlef,
    AinHarrouda,
}

/// The article says the center serves the population rehoused from the slums of Mohammédia in
/// 1989 but not where it was rehoused: the demo places it in Hay Rachidia and Hay Al Wafae.
const ZONES: &[(ZoneKey, &str, &str, VulnerabilityLevel)] = &[
    (AlAlia, "Al Alia", "Mohammédia", High),
    (ElHassania, "El Hassania", "Mohammédia", Medium),
    // Rehousing quarter of 1989 (demo attribution).
    (Rachidia, "Hay Rachidia", "Mohammédia", High),
    // Rehousing quarter of 1989 (demo attribution).
    (Wafae, "Hay Al Wafae", "Mohammédia", High),
    (Kasbah, "Kasbah", "Mohammédia", Medium),
    (BeniYakhlef, "Beni Yakhlef", "Beni Yakhlef", High),
    (AinHarrouda, "Aïn Harrouda", "Aïn Harrouda", Medium),
];

pub(super) async fn insert_zones(
    txn: &DatabaseTransaction,
    center_id: i64,
) -> Result<HashMap<ZoneKey, i64>, DbErr> {
    let created_at = instant("2003-02-03T09:00:00Z")?;
    let mut ids = HashMap::new();
    for &(key, name, commune, vulnerability) in ZONES {
        let inserted = zone::ActiveModel {
            center_id: Set(center_id),
            name: Set(name.to_owned()),
            commune: Set(Some(commune.to_owned())),
            vulnerability: Set(Some(vulnerability)),
            created_at: Set(created_at),
            updated_at: Set(created_at),
            version: Set(1),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        ids.insert(key, inserted.id);
    }
    Ok(ids)
}

/// How the data tables name an organization before the database has given it an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum OrgKey {
    AlAmal,
    Nour,
    Chabab,
    Tadamoun,
    Bassma,
    Environnement,
    Ennahda,
    Baraka,
    Nassij,
    Khayata,
}

pub(super) async fn insert_organizations(
    txn: &DatabaseTransaction,
    center_id: i64,
    zones: &HashMap<ZoneKey, i64>,
) -> Result<HashMap<OrgKey, i64>, DbErr> {
    let mut ids = HashMap::new();
    let mut sectors = Vec::new();
    for row in ORGANIZATIONS {
        let created_at = instant(row.created_at)?;
        let email = format!("contact@{}.example.ma", row.acronym.to_lowercase());
        let address = format!(
            "Siège social, {}, préfecture de Mohammédia",
            zone_name(row.zone)
        );
        let inserted = organization::ActiveModel {
            kind: Set(row.kind),
            center_id: Set(center_id),
            zone_id: Set(Some(super::lookup(zones, row.zone)?)),
            name: Set(row.name.to_owned()),
            acronym: Set(Some(row.acronym.to_owned())),
            registration_number: Set(Some(row.registration_number.to_owned())),
            founded_on: Set(Some(day(row.founded_on)?)),
            status: Set(row.status),
            members_count: Set(Some(row.members_count)),
            network_member_since: Set(opt_day(row.network_member_since)?),
            activity: Set(row.activity.map(str::to_owned)),
            search_text: Set(search_text([Some(row.name), Some(row.acronym)])),
            contact_email: Set(Some(email)),
            contact_phone: Set(Some(row.phone.to_owned())),
            contact_address: Set(Some(address)),
            contact_representative: Set(Some(row.representative.to_owned())),
            created_at: Set(created_at),
            updated_at: Set(created_at),
            version: Set(1),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        ids.insert(row.key, inserted.id);
        sectors.extend(
            row.sectors
                .iter()
                .map(|&sector| organization_sector::ActiveModel {
                    organization_id: Set(inserted.id),
                    sector: Set(sector),
                    created_at: Set(created_at),
                    updated_at: Set(created_at),
                }),
        );
    }
    organization_sector::Entity::insert_many(sectors)
        .exec_without_returning(txn)
        .await?;
    Ok(ids)
}

/// The zone's display name, for the invented postal addresses.
fn zone_name(key: ZoneKey) -> &'static str {
    ZONES
        .iter()
        .find(|(k, ..)| *k == key)
        .map_or("", |(_, name, ..)| name)
}
