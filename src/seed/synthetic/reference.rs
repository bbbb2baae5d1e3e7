//! The synthetic reference data: centers, zones, partners, programs, organizations and users.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use sea_orm::{DatabaseTransaction, DbErr, Set};

use super::SyntheticReport;
use super::batch::insert_all;
use crate::auth::password::hash_password;
use crate::domain::money::Currency;
use crate::domain::organization::{OrganizationKind, OrganizationStatus, Sector};
use crate::domain::partner::PartnerKind;
use crate::domain::role::Role;
use crate::domain::search::search_text;
use crate::domain::zone::VulnerabilityLevel;
use crate::entity::{center, organization, organization_sector, partner, program, user, zone};

/// The password of every synthetic user (the benchmark logs in with it).
pub const PASSWORD: &str = "synthetic password";

pub struct Program {
    pub id: i64,
    pub funder_id: i64,
    pub rate_bp: i32,
}

pub struct Center {
    pub id: i64,
    pub slug: String,
    pub zones: Vec<i64>,
    pub organizations: Vec<i64>,
    pub programs: Vec<Program>,
}

pub struct World {
    pub centers: Vec<Center>,
    pub partners: Vec<i64>,
}

pub fn instant(year: i32, day_of_year: u32) -> DateTime<Utc> {
    let date = NaiveDate::from_yo_opt(year, day_of_year.clamp(1, 365)).unwrap_or_default();
    Utc.from_utc_datetime(&date.and_hms_opt(9, 0, 0).unwrap_or_default())
}

const SECTORS: [Sector; 14] = [
    Sector::Education,
    Sector::Health,
    Sector::IncomeGeneration,
    Sector::Crafts,
    Sector::Agriculture,
    Sector::Environment,
    Sector::Culture,
    Sector::Sport,
    Sector::Youth,
    Sector::Women,
    Sector::Disability,
    Sector::Housing,
    Sector::SocialSupport,
    Sector::Other,
];

pub async fn insert(
    txn: &DatabaseTransaction,
    rng: &mut StdRng,
    scale: u32,
    report: &mut SyntheticReport,
) -> Result<World, DbErr> {
    let at = instant(2019, 1);
    let partner_count = 20 * i64::from(scale);
    let kinds = [
        PartnerKind::PublicAgency,
        PartnerKind::PublicAuthority,
        PartnerKind::PrivateCompany,
        PartnerKind::Foundation,
        PartnerKind::InternationalDonor,
    ];
    let partners: Vec<partner::ActiveModel> = (1..=partner_count)
        .map(|id| {
            let name = format!("Partenaire synthétique {id:04}");
            partner::ActiveModel {
                id: Set(id),
                search_text: Set(search_text([Some(name.as_str())])),
                name: Set(name),
                acronym: Set(Some(format!("PS{id:04}"))),
                kind: Set(kinds[usize::try_from(id).unwrap_or(0) % kinds.len()]),
                joined_on: Set(Some(at.date_naive())),
                contact_email: Set(Some(format!("contact{id}@partner.example.ma"))),
                contact_phone: Set(None),
                contact_address: Set(None),
                contact_representative: Set(None),
                created_at: Set(at),
                updated_at: Set(at),
                version: Set(1),
            }
        })
        .collect();
    insert_all(txn, partners).await?;
    report.partners = usize::try_from(partner_count).unwrap_or(0);
    let mut centers = Vec::new();
    for n in 1..=i64::from(scale) {
        centers.push(insert_center(txn, rng, n, at, report).await?);
    }
    insert_users(txn, &centers, partner_count, at, report).await?;
    Ok(World {
        centers,
        partners: (1..=partner_count).collect(),
    })
}

async fn insert_center(
    txn: &DatabaseTransaction,
    rng: &mut StdRng,
    n: i64,
    at: DateTime<Utc>,
    report: &mut SyntheticReport,
) -> Result<Center, DbErr> {
    let slug = format!("synthetic-{n}");
    insert_all(
        txn,
        vec![center::ActiveModel {
            id: Set(n),
            name: Set(format!("Centre synthétique {n}")),
            slug: Set(slug.clone()),
            city: Set("Mohammédia".to_owned()),
            region: Set(Some("Casablanca-Settat".to_owned())),
            opened_on: Set(Some(at.date_naive())),
            managed_by_id: Set(Some((n - 1) * 20 + 3)),
            created_at: Set(at),
            updated_at: Set(at),
            version: Set(1),
        }],
    )
    .await?;
    report.centers += 1;
    let levels = [
        VulnerabilityLevel::Low,
        VulnerabilityLevel::Medium,
        VulnerabilityLevel::High,
    ];
    let zone_ids: Vec<i64> = ((n - 1) * 30 + 1..=n * 30).collect();
    let zones = zone_ids.iter().map(|&id| zone::ActiveModel {
        id: Set(id),
        center_id: Set(n),
        name: Set(format!("Quartier {id:03}")),
        commune: Set(Some("Mohammédia".to_owned())),
        vulnerability: Set(levels.choose(rng).copied()),
        created_at: Set(at),
        updated_at: Set(at),
        version: Set(1),
    });
    insert_all(txn, zones.collect()).await?;
    let programs: Vec<Program> = (0..3)
        .map(|k| Program {
            id: (n - 1) * 3 + k + 1,
            funder_id: (n - 1) * 20 + k + 1,
            rate_bp: [7000, 5000, 8000][usize::try_from(k).unwrap_or(0)],
        })
        .collect();
    let rows = programs.iter().map(|p| program::ActiveModel {
        id: Set(p.id),
        code: Set(format!("SYN{:03}", p.id)),
        name: Set(format!("Programme synthétique {}", p.id)),
        funder_id: Set(p.funder_id),
        max_cofinancing_rate_bp: Set(p.rate_bp),
        budget_amount: Set(Some(1_000_000_000_000)),
        budget_currency: Set(Some(Currency::Mad)),
        starts_on: Set(NaiveDate::from_ymd_opt(2019, 1, 1)),
        ends_on: Set(NaiveDate::from_ymd_opt(2030, 12, 31)),
        created_at: Set(at),
        updated_at: Set(at),
        version: Set(1),
    });
    insert_all(txn, rows.collect()).await?;
    let organizations = insert_organizations(txn, rng, n, &zone_ids, at).await?;
    report.organizations += organizations.len();
    Ok(Center {
        id: n,
        slug,
        zones: zone_ids,
        organizations,
        programs,
    })
}

async fn insert_organizations(
    txn: &DatabaseTransaction,
    rng: &mut StdRng,
    center: i64,
    zones: &[i64],
    at: DateTime<Utc>,
) -> Result<Vec<i64>, DbErr> {
    let ids: Vec<i64> = ((center - 1) * 1000 + 1..=center * 1000).collect();
    let mut rows = Vec::with_capacity(ids.len());
    let mut sectors = Vec::new();
    for &id in &ids {
        let cooperative = rng.random_bool(0.2);
        let kind = if cooperative {
            OrganizationKind::Cooperative
        } else {
            OrganizationKind::Association
        };
        let name = format!(
            "{} synthétique {id:05}",
            if cooperative {
                "Coopérative"
            } else {
                "Association"
            }
        );
        rows.push(organization::ActiveModel {
            id: Set(id),
            kind: Set(kind),
            center_id: Set(center),
            zone_id: Set(zones.choose(rng).copied()),
            search_text: Set(search_text([Some(name.as_str())])),
            name: Set(name),
            acronym: Set(None),
            registration_number: Set(Some(format!("SYN-{id:06}"))),
            founded_on: Set(NaiveDate::from_ymd_opt(
                rng.random_range(1980..2019),
                1 + rng.random_range(0..12),
                1,
            )),
            status: Set(if rng.random_bool(0.95) {
                OrganizationStatus::Active
            } else {
                OrganizationStatus::Inactive
            }),
            members_count: Set(Some(rng.random_range(5..500))),
            network_member_since: Set(rng.random_bool(0.6).then(|| at.date_naive())),
            activity: Set(cooperative.then(|| "Production artisanale".to_owned())),
            contact_email: Set(Some(format!("org{id}@example.ma"))),
            contact_phone: Set(None),
            contact_address: Set(None),
            contact_representative: Set(None),
            created_at: Set(at),
            updated_at: Set(at),
            version: Set(1),
        });
        let how_many = rng.random_range(1..=3);
        let mut own: Vec<Sector> = SECTORS.choose_multiple(rng, how_many).copied().collect();
        own.sort();
        sectors.extend(
            own.into_iter()
                .map(|sector| organization_sector::ActiveModel {
                    organization_id: Set(id),
                    sector: Set(sector),
                    created_at: Set(at),
                    updated_at: Set(at),
                }),
        );
    }
    insert_all(txn, rows).await?;
    insert_all(txn, sectors).await?;
    Ok(ids)
}

/// An admin, one staff member per center and one account per partner, all with [`PASSWORD`].
async fn insert_users(
    txn: &DatabaseTransaction,
    centers: &[Center],
    partners: i64,
    at: DateTime<Utc>,
    report: &mut SyntheticReport,
) -> Result<(), DbErr> {
    let hash = hash_password(PASSWORD).map_err(|err| DbErr::Custom(err.to_string()))?;
    let user = |id: i64, email: String, role: Role, partner: Option<i64>, center: Option<i64>| {
        let display_name = format!("Synthetic {role:?} {id}");
        user::ActiveModel {
            id: Set(id),
            email_normalized: Set(email.to_lowercase()),
            search_text: Set(search_text([
                Some(display_name.as_str()),
                Some(email.as_str()),
            ])),
            email: Set(email),
            display_name: Set(display_name),
            role: Set(role),
            password_hash: Set(hash.clone()),
            partner_id: Set(partner),
            organization_id: Set(None),
            center_id: Set(center),
            disabled_at: Set(None),
            created_at: Set(at),
            updated_at: Set(at),
            version: Set(1),
        }
    };
    let mut rows = vec![user(
        1,
        "admin@synthetic.example.ma".into(),
        Role::Admin,
        None,
        None,
    )];
    let mut next = 2;
    for center in centers {
        rows.push(user(
            next,
            format!("staff{}@synthetic.example.ma", center.id),
            Role::Staff,
            None,
            Some(center.id),
        ));
        next += 1;
    }
    for partner in 1..=partners {
        rows.push(user(
            next,
            format!("partner{partner}@synthetic.example.ma"),
            Role::Partner,
            Some(partner),
            None,
        ));
        next += 1;
    }
    report.users = rows.len();
    insert_all(txn, rows).await
}
