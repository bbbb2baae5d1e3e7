//! The partners, the center, the PASEC program and the commitments to the center: the part of
//! the demo that the article states, so its facts are kept exactly as printed.

use std::collections::HashMap;

use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseTransaction, DbErr};

use super::commitments::{Target, insert_commitment};
use super::rows::{CommitmentRow, in_kind};
use super::{Ids, day, instant, mad};
use crate::domain::commitment::CommitmentKind::{
    self, Antenna, Construction, Equipment, Management, Staff, Study, Supervision,
    TechnicalAssistance,
};
use crate::domain::money::Currency;
use crate::domain::partner::PartnerKind;
use crate::domain::search::search_text;
use crate::entity::{center, partner, program};

use PartnerKey::{Ads, Network, Prefecture};

/// How the data tables name a partner before the database has given it an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum PartnerKey {
    Prefecture,
    Ads,
    Network,
    /// The companies are invented; the article only says the city's industrialists were invited.
    Chimique,
    Textiles,
    Mecanique,
}

struct PartnerRow {
    key: PartnerKey,
    name: &'static str,
    acronym: Option<&'static str>,
    kind: PartnerKind,
    joined_on: &'static str,
    created_at: &'static str,
    email: &'static str,
    phone: &'static str,
    address: &'static str,
    representative: &'static str,
}

/// The three founders join on the day the partnership is signed (invented date, the article
/// gives none); the companies only after the dinner-debate of 9 July 2003 that invited them.
const PARTNERS: &[PartnerRow] = &[
    PartnerRow {
        key: PartnerKey::Prefecture,
        name: "Préfecture de Mohammédia",
        acronym: None,
        kind: PartnerKind::PublicAuthority,
        joined_on: "2003-01-15",
        created_at: "2003-01-15T08:00:00Z",
        email: "action.sociale@prefecture-mohammedia.example.ma",
        phone: "+212 523 00 10 00",
        address: "Siège de la préfecture, Mohammédia",
        representative: "Division de l'action sociale",
    },
    PartnerRow {
        key: PartnerKey::Ads,
        name: "Agence de Développement Social",
        acronym: Some("ADS"),
        kind: PartnerKind::PublicAgency,
        joined_on: "2003-01-15",
        created_at: "2003-01-15T08:10:00Z",
        email: "antenne.mohammedia@ads.example.ma",
        phone: "+212 523 00 10 20",
        address: "Antenne de l'ADS, Centre de qualification sociale, Mohammédia",
        representative: "Responsable de l'antenne de Mohammédia",
    },
    PartnerRow {
        key: PartnerKey::Network,
        name: "Réseau associatif de la solidarité sociale",
        acronym: Some("RASS"),
        kind: PartnerKind::AssociativeNetwork,
        joined_on: "2003-01-15",
        created_at: "2003-01-15T08:20:00Z",
        email: "secretariat@rass-mohammedia.example.ma",
        phone: "+212 523 00 10 30",
        address: "Centre de qualification sociale, Mohammédia",
        representative: "Secrétaire général du réseau",
    },
    PartnerRow {
        key: PartnerKey::Chimique,
        name: "Société Chimique du Littoral",
        acronym: Some("SCL"),
        kind: PartnerKind::PrivateCompany,
        joined_on: "2003-09-29",
        created_at: "2003-09-29T10:00:00Z",
        email: "solidarite@scl.example.ma",
        phone: "+212 523 00 20 40",
        address: "Zone industrielle Sud-Ouest, Mohammédia",
        representative: "Nadia El Idrissi, directrice des relations extérieures",
    },
    PartnerRow {
        key: PartnerKey::Textiles,
        name: "Textiles de Mohammédia",
        acronym: Some("TEXMO"),
        kind: PartnerKind::PrivateCompany,
        joined_on: "2003-10-14",
        created_at: "2003-10-14T10:00:00Z",
        email: "direction@texmo.example.ma",
        phone: "+212 523 00 20 50",
        address: "Quartier industriel, Mohammédia",
        representative: "Driss Alaoui, directeur général",
    },
    PartnerRow {
        key: PartnerKey::Mecanique,
        name: "Mécanique et Chaudronnerie de Mohammédia",
        acronym: Some("MCM"),
        kind: PartnerKind::PrivateCompany,
        joined_on: "2004-02-02",
        created_at: "2004-02-02T10:00:00Z",
        email: "contact@mcm.example.ma",
        phone: "+212 523 00 20 60",
        address: "Route de Rabat, zone industrielle, Mohammédia",
        representative: "Youssef Tazi, directeur des ressources humaines",
    },
];

pub(super) async fn insert_partners(
    txn: &DatabaseTransaction,
) -> Result<HashMap<PartnerKey, i64>, DbErr> {
    let mut ids = HashMap::new();
    for row in PARTNERS {
        let created_at = instant(row.created_at)?;
        let inserted = partner::ActiveModel {
            name: Set(row.name.to_owned()),
            acronym: Set(row.acronym.map(str::to_owned)),
            kind: Set(row.kind),
            joined_on: Set(Some(day(row.joined_on)?)),
            search_text: Set(search_text([Some(row.name), row.acronym])),
            contact_email: Set(Some(row.email.to_owned())),
            contact_phone: Set(Some(row.phone.to_owned())),
            contact_address: Set(Some(row.address.to_owned())),
            contact_representative: Set(Some(row.representative.to_owned())),
            created_at: Set(created_at),
            updated_at: Set(created_at),
            version: Set(1),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        ids.insert(row.key, inserted.id);
    }
    Ok(ids)
}

/// The center's slug; project references start with its first three letters, upper case.
pub(super) const CENTER_SLUG: &str = "mohammedia";

/// The center as the article describes it; "Grand Casablanca" is the region Mohammédia belonged
/// to in 2003.
pub(super) async fn insert_center(
    txn: &DatabaseTransaction,
    partners: &HashMap<PartnerKey, i64>,
) -> Result<i64, DbErr> {
    let created_at = instant("2003-01-15T09:00:00Z")?;
    let inserted = center::ActiveModel {
        name: Set("Centre de qualification sociale de Mohammédia".to_owned()),
        slug: Set(CENTER_SLUG.to_owned()),
        city: Set("Mohammédia".to_owned()),
        region: Set(Some("Grand Casablanca".to_owned())),
        // The article shows the center in use on 5 July 2003 but gives no opening day.
        opened_on: Set(Some(day("2003-06-02")?)),
        // Delegated management: the network runs the center under a cahier des charges.
        managed_by_id: Set(Some(super::lookup(partners, PartnerKey::Network)?)),
        created_at: Set(created_at),
        updated_at: Set(created_at),
        version: Set(1),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(inserted.id)
}

/// PASEC and its 70% cap are from the article; its budget and dates are invented.
pub(super) async fn insert_program(
    txn: &DatabaseTransaction,
    partners: &HashMap<PartnerKey, i64>,
) -> Result<i64, DbErr> {
    let created_at = instant("2003-01-15T09:30:00Z")?;
    let inserted = program::ActiveModel {
        code: Set("PASEC".to_owned()),
        name: Set(
            "Programme d'actions de la solidarité et l'éducation à la citoyenneté".to_owned(),
        ),
        funder_id: Set(super::lookup(partners, PartnerKey::Ads)?),
        max_cofinancing_rate_bp: Set(7000),
        budget_amount: Set(Some(mad(20_000_000))),
        budget_currency: Set(Some(Currency::Mad)),
        starts_on: Set(Some(day("2003-01-01")?)),
        ends_on: Set(Some(day("2007-12-31")?)),
        created_at: Set(created_at),
        updated_at: Set(created_at),
        version: Set(1),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(inserted.id)
}

/// Every commitment the article lists, in its order, pledged on the (invented) day the
/// partnership was signed. Only the equipment has a valuation in the article, and only it is
/// stated TTC, so the others carry no amount rather than an invented one. The construction and
/// the feasibility study are done: the center opened and held the meeting of 5 July 2003 (their
/// days are invented: the study before the works, the building on the opening day). The ADS
/// co-financing is not here: it goes to projects, under PASEC.
const CENTER_COMMITMENTS: &[CommitmentRow] = &[
    signed(Prefecture, Construction)
        .about("Construction du centre")
        .delivered("2003-06-02"),
    signed(Prefecture, Study)
        .about("Élaboration de l'étude de faisabilité du centre")
        .delivered("2003-03-31"),
    signed(Prefecture, Staff)
        .about("Mise à la disposition du centre de deux cadres administratifs")
        .counted(2, "cadres administratifs"),
    signed(Prefecture, TechnicalAssistance).about(
        "Assistance technique en matière de préparation des dossiers de projets sociaux \
         encadrés par le centre",
    ),
    signed(Ads, Equipment)
        .valued(mad(250_000))
        .ttc(true)
        .about("Équipement bureautique et informatique du centre (250.000 DH TTC)")
        // Invented: delivered before the opening.
        .delivered("2003-05-26"),
    signed(Ads, Antenna)
        .about("Instauration d'une antenne de l'Agence de Développement Social dans le centre"),
    signed(Network, Supervision).about("Encadrement pédagogique et technique du centre"),
    signed(Network, Management).about(
        "Gestion quotidienne du centre, en gestion déléguée sur la base d'un cahier des charges",
    ),
];

const SIGNED_ON: &str = "2003-01-15";

const fn signed(partner: PartnerKey, kind: CommitmentKind) -> CommitmentRow {
    in_kind(partner, kind, SIGNED_ON)
        .confirmed(SIGNED_ON)
        .ttc(false)
}

pub(super) async fn insert_center_commitments(
    txn: &DatabaseTransaction,
    ids: &Ids,
) -> Result<(), DbErr> {
    for row in CENTER_COMMITMENTS {
        insert_commitment(txn, ids, Target::Center(ids.center_id), row).await?;
    }
    Ok(())
}
