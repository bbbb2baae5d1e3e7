//! The two meetings of July 2003, the partners' engagement, and the management agreement with
//! the Réseau associatif — as the article tells them.
//!
//! From the article: the information meeting of Saturday 5 July 2003 at the center, organised by
//! the Réseau for associations and civil-society actors; the dinner-debate of 9 July 2003,
//! attended by the governor of Mohammédia, the director general of the ADS and several of the
//! city's industrialists, where the Réseau's secretary general presented the center and invited
//! the industrialists to join; the management of the center by the Réseau under a cahier des
//! charges, and what the Réseau undertakes.
//!
//! Invented, and kept modest: the hours, that the dinner-debate's industrialists are the demo's
//! three companies, which associations came on 5 July (those already recorded), the agreement's
//! dates. The article names none of the guests: a guest is named by the office held.

use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseTransaction, DbErr};

use super::institutions::PartnerKey;
use super::territory::OrgKey;
use super::{Ids, day, instant};
use crate::domain::event::{Attendance, EngagementStatus, EventKind};
use crate::domain::management::AgreementStatus;
use crate::entity::{event, event_participant, management_agreement, partner_engagement};

const CENTER: &str = "Centre de qualification sociale de Mohammédia";

/// Who came, as the data tables name them.
enum Who {
    Organization(OrgKey),
    Partner(PartnerKey),
    Guest(&'static str, &'static str, PartnerKey),
}

use Who::{Guest, Organization, Partner};

const INFORMATION_MEETING: &[Who] = &[
    Partner(PartnerKey::Network),
    Organization(OrgKey::AlAmal),
    Organization(OrgKey::Nour),
    Organization(OrgKey::Chabab),
    Organization(OrgKey::Tadamoun),
];

const DINNER_DEBATE: &[Who] = &[
    Guest(
        "Le gouverneur de Mohammédia",
        "gouverneur",
        PartnerKey::Prefecture,
    ),
    Guest(
        "Le directeur général de l'Agence de Développement Social",
        "directeur général",
        PartnerKey::Ads,
    ),
    Guest(
        "Le secrétaire général du Réseau associatif de la solidarité sociale",
        "secrétaire général",
        PartnerKey::Network,
    ),
    Partner(PartnerKey::Chimique),
    Partner(PartnerKey::Textiles),
    Partner(PartnerKey::Mecanique),
];

/// What the Réseau undertakes, in the article's words.
const OBLIGATIONS: &[&str] = &[
    "Assurer l'encadrement pédagogique et technique du centre",
    "Assurer la gestion quotidienne du centre",
    "Gérer le centre comme une structure à but non lucratif, par les associations pour les associations",
    "Accompagner les associations porteuses de microprojets dans les phases de montage de projets et de recherche de financements",
];

pub(super) async fn insert_events(txn: &DatabaseTransaction, ids: &Ids) -> Result<(), DbErr> {
    let meeting = insert_event(
        txn,
        ids,
        EventKind::InformationMeeting,
        "Rencontre d'information en faveur des associations et des acteurs de la société civile",
        "2003-07-05T10:00:00Z",
        Some(CENTER),
        "Organisée par le Réseau associatif de la solidarité sociale : un débat sur la médiation \
         sociale, en présence de personnalités sportives et de militants associatifs.",
    )
    .await?;
    insert_participants(txn, ids, meeting, INFORMATION_MEETING).await?;
    let dinner = insert_event(
        txn,
        ids,
        EventKind::DinnerDebate,
        "Dîner-débat avec les partenaires industriels de la ville",
        "2003-07-09T20:00:00Z",
        None,
        "Le secrétaire général du Réseau expose la philosophie du CQS et invite les industriels \
         de la ville à adhérer au projet social « pour une ville pour tous ».",
    )
    .await?;
    insert_participants(txn, ids, dinner, DINNER_DEBATE).await?;
    insert_engagements(txn, ids).await?;
    insert_agreement(txn, ids).await
}

async fn insert_event(
    txn: &DatabaseTransaction,
    ids: &Ids,
    kind: EventKind,
    title: &str,
    starts_at: &str,
    location: Option<&str>,
    description: &str,
) -> Result<i64, DbErr> {
    let starts_at = instant(starts_at)?;
    let inserted = event::ActiveModel {
        center_id: Set(ids.center_id),
        title: Set(title.to_owned()),
        kind: Set(kind),
        starts_at: Set(starts_at),
        ends_at: Set(None),
        location: Set(location.map(str::to_owned)),
        description: Set(Some(description.to_owned())),
        created_at: Set(starts_at),
        updated_at: Set(starts_at),
        version: Set(1),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(inserted.id)
}

/// Everyone listed came: the article names those who attended.
async fn insert_participants(
    txn: &DatabaseTransaction,
    ids: &Ids,
    event_id: i64,
    who: &[Who],
) -> Result<(), DbErr> {
    let at = event_participant_time(txn, event_id).await?;
    for participant in who {
        let mut row = event_participant::ActiveModel {
            event_id: Set(event_id),
            organization_id: Set(None),
            partner_id: Set(None),
            guest_name: Set(None),
            guest_role: Set(None),
            attendance: Set(Attendance::Attended),
            created_at: Set(at),
            updated_at: Set(at),
            version: Set(1),
            ..Default::default()
        };
        match participant {
            Organization(key) => row.organization_id = Set(Some(ids.organization(*key)?)),
            Partner(key) => row.partner_id = Set(Some(ids.partner(*key)?)),
            Guest(name, role, key) => {
                row.guest_name = Set(Some((*name).to_owned()));
                row.guest_role = Set(Some((*role).to_owned()));
                row.partner_id = Set(Some(ids.partner(*key)?));
            }
        }
        row.insert(txn).await?;
    }
    Ok(())
}

/// The participants are recorded when the event starts.
async fn event_participant_time(
    txn: &DatabaseTransaction,
    event_id: i64,
) -> Result<chrono::DateTime<chrono::Utc>, DbErr> {
    use sea_orm::EntityTrait;
    event::Entity::find_by_id(event_id)
        .one(txn)
        .await?
        .map(|event| event.starts_at)
        .ok_or_else(|| DbErr::Custom("demo data: the event just inserted is missing".into()))
}

/// The founders are engaged from the signature. The industrialists were invited at the
/// dinner-debate; each of the demo's three companies then joined and holds commitments in the
/// demo data, so each is ENGAGED since the day it joined (its row recorded on 9 July 2003, when
/// it was invited, says so in its note).
async fn insert_engagements(txn: &DatabaseTransaction, ids: &Ids) -> Result<(), DbErr> {
    let founders = [PartnerKey::Prefecture, PartnerKey::Ads, PartnerKey::Network];
    for key in founders {
        let at = instant("2003-01-15T09:00:00Z")?;
        insert_engagement(txn, ids, key, at, at, None).await?;
    }
    let invited = instant("2003-07-09T22:00:00Z")?;
    let companies = [
        (PartnerKey::Chimique, "2003-09-29T10:00:00Z"),
        (PartnerKey::Textiles, "2003-10-14T10:00:00Z"),
        (PartnerKey::Mecanique, "2004-02-02T10:00:00Z"),
    ];
    for (key, joined) in companies {
        let note =
            "Invitée à adhérer au dîner-débat du 9 juillet 2003 ; a rejoint le centre depuis.";
        insert_engagement(txn, ids, key, invited, instant(joined)?, Some(note)).await?;
    }
    Ok(())
}

async fn insert_engagement(
    txn: &DatabaseTransaction,
    ids: &Ids,
    key: PartnerKey,
    created_at: chrono::DateTime<chrono::Utc>,
    engaged_at: chrono::DateTime<chrono::Utc>,
    note: Option<&str>,
) -> Result<(), DbErr> {
    partner_engagement::ActiveModel {
        partner_id: Set(ids.partner(key)?),
        center_id: Set(ids.center_id),
        status: Set(EngagementStatus::Engaged),
        status_changed_at: Set(engaged_at),
        note: Set(note.map(str::to_owned)),
        created_at: Set(created_at),
        updated_at: Set(engaged_at),
        version: Set(if created_at == engaged_at { 1 } else { 2 }),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// The cahier des charges: ACTIVE, its manager the center's `managedBy` (set with the center).
async fn insert_agreement(txn: &DatabaseTransaction, ids: &Ids) -> Result<(), DbErr> {
    let obligations = serde_json::to_string(OBLIGATIONS)
        .map_err(|err| DbErr::Custom(format!("demo data: obligations: {err}")))?;
    let at = instant("2003-01-15T09:00:00Z")?;
    management_agreement::ActiveModel {
        center_id: Set(ids.center_id),
        manager_id: Set(ids.partner(PartnerKey::Network)?),
        signed_on: Set(Some(day("2003-01-15")?)),
        starts_on: Set(Some(day("2003-06-02")?)),
        ends_on: Set(None),
        obligations: Set(obligations),
        status: Set(AgreementStatus::Active),
        created_at: Set(at),
        updated_at: Set(at),
        version: Set(1),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}
