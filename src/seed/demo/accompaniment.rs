//! The center's accompaniment work and its expected results, in the demo.
//!
//! From the article: the center "accompanies the associations carrying micro-projects in the
//! phases of setting up projects (*montage*) and of the search for financing"; the prefecture
//! gives "technical assistance in preparing the files of the social projects" the center
//! supervises; the Réseau associatif brings the center's "pedagogical and technical supervision";
//! and the five expected results, word for word below.
//!
//! Derived from the demo's own projects (so the log agrees with their history): each project
//! that went into preparation had a setup session facilitated by the prefecture that day, each
//! that sought funding a funding-search session facilitated by the Réseau, each that started a
//! training session by the Réseau. The demo has no user accounts, so no session names a staff
//! member: the partners the article names lead them. Invented, modestly: every duration and
//! participant count, and the outcomes' wording.
//!
//! The indicators: the article gives no figure and no target, so none is invented — the manual
//! ones have no measurement, the computed ones count the demo's data. Computed where the data
//! can say it: the network by the organizations the center accompanies, the quality of life by
//! the projects funded (the micro-projects are how the center means to improve it: a proxy, said
//! in its name), capacity building by the sessions held, participation by the people trained.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::Ids;
use super::institutions::PartnerKey;
use crate::domain::indicator::IndicatorSource;
use crate::domain::project::ProjectStatus;
use crate::domain::support_session::SupportKind;
use crate::entity::{indicator, project, project_status_change, support_session};

/// A session the project's history implies: at which step, what kind, who facilitated it, how
/// long (minutes), how many took part, and what came out of it.
struct Implied {
    step: ProjectStatus,
    kind: SupportKind,
    partner: PartnerKey,
    minutes: i32,
    participants: i32,
    outcome: &'static str,
}

const IMPLIED: [Implied; 3] = [
    Implied {
        step: ProjectStatus::InPreparation,
        kind: SupportKind::ProjectSetup,
        partner: PartnerKey::Prefecture,
        minutes: 120,
        participants: 3,
        outcome: "Dossier du projet préparé avec l'assistance technique de la préfecture.",
    },
    Implied {
        step: ProjectStatus::SeekingFunding,
        kind: SupportKind::FundingSearch,
        partner: PartnerKey::Network,
        minutes: 90,
        participants: 2,
        outcome: "Bailleurs identifiés et dossier de financement envoyé.",
    },
    Implied {
        step: ProjectStatus::InProgress,
        kind: SupportKind::Training,
        partner: PartnerKey::Network,
        minutes: 180,
        participants: 8,
        outcome: "Formation à la gestion du projet et au suivi des dépenses.",
    },
];

/// The five expected results of the article, with the source of their values and their unit.
const RESULTS: [(&str, IndicatorSource, &str); 5] = [
    (
        "Mise en place d'un réseau de la solidarité sociale (associations et coopératives accompagnées)",
        IndicatorSource::OrganizationsAccompanied,
        "organisations",
    ),
    (
        "Amélioration de la qualité de vie de la population (microprojets financés)",
        IndicatorSource::ProjectsFunded,
        "projets",
    ),
    (
        "Renforcement des capacités institutionnelles des associations et des coopératives locales (séances d'accompagnement)",
        IndicatorSource::SessionsHeld,
        "séances",
    ),
    (
        "Participation active et rationnelle des habitants des quartiers en situation difficile (personnes formées)",
        IndicatorSource::ParticipantsTrained,
        "participants",
    ),
    (
        "Capitalisation des actions et production de cadres conceptuels et méthodologiques",
        IndicatorSource::Manual,
        "cadres méthodologiques",
    ),
];

/// The day the article published the expected results (L'Economiste n° 1576).
const PUBLISHED: &str = "2003-08-06T09:00:00Z";

pub(super) async fn insert_accompaniment(
    txn: &DatabaseTransaction,
    ids: &Ids,
) -> Result<(), DbErr> {
    insert_sessions(txn, ids).await?;
    insert_indicators(txn, ids).await
}

async fn insert_sessions(txn: &DatabaseTransaction, ids: &Ids) -> Result<(), DbErr> {
    let steps = project_status_change::Entity::find()
        .order_by_asc(project_status_change::Column::At)
        .order_by_asc(project_status_change::Column::Id)
        .all(txn)
        .await?;
    for change in steps {
        let Some(implied) = IMPLIED
            .iter()
            .find(|implied| implied.step == change.to_status)
        else {
            continue;
        };
        let project = project::Entity::find()
            .filter(project::Column::Id.eq(change.project_id))
            .one(txn)
            .await?
            .ok_or_else(|| DbErr::Custom("demo data: a change of no project".into()))?;
        support_session::ActiveModel {
            center_id: Set(project.center_id),
            organization_id: Set(project.carrier_id),
            project_id: Set(Some(project.id)),
            kind: Set(implied.kind),
            held_on: Set(change.at.date_naive()),
            duration_minutes: Set(implied.minutes),
            staff_id: Set(None),
            facilitating_partner_id: Set(Some(ids.partner(implied.partner)?)),
            participants_count: Set(implied.participants),
            outcome: Set(Some(implied.outcome.to_owned())),
            notes: Set(None),
            created_at: Set(change.at),
            updated_at: Set(change.at),
            version: Set(1),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

async fn insert_indicators(txn: &DatabaseTransaction, ids: &Ids) -> Result<(), DbErr> {
    let at: DateTime<Utc> = PUBLISHED
        .parse()
        .map_err(|_| DbErr::Custom("demo data: a bad instant".into()))?;
    for (name, source, unit) in RESULTS {
        indicator::ActiveModel {
            center_id: Set(Some(ids.center_id)),
            program_id: Set(None),
            name: Set(name.to_owned()),
            unit: Set(unit.to_owned()),
            baseline: Set(0),
            target: Set(None),
            source: Set(source),
            created_at: Set(at),
            updated_at: Set(at),
            version: Set(1),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}
