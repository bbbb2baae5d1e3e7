//! The funding search behind the demo's projects: the documents PASEC asks of a dossier, the
//! dossiers of the PASEC projects, and the requests the center sent to partners for them.
//!
//! Read back from the projects and commitments already loaded, so that it can never disagree
//! with them: a project that reached UNDER_REVIEW has a complete dossier (the review gate), and
//! every CONFIRMED or FULFILLED commitment of the ADS under PASEC is the acceptance of a request
//! (linked, not duplicated). The article names neither PASEC's checklist nor any request: the
//! five documents are the usual ones of an association's dossier, and the dates, the pending
//! requests to companies of the city and the one declined are invented, modestly, for the demo.

use chrono::{Duration, NaiveDate};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};

use super::institutions::PartnerKey;
use super::{Ids, office_hour};
use crate::domain::commitment::{CommitmentKind, CommitmentStatus};
use crate::domain::funding_search::FundingRequestStatus;
use crate::domain::project::ProjectStatus;
use crate::entity::{
    commitment, dossier_item, funding_request, program_requirement, project, project_status_change,
};

/// PASEC's checklist: code, label, mandatory.
const REQUIREMENTS: [(&str, &str, bool); 5] = [
    (
        "STATUTES",
        "Statuts de l'association ou de la coopérative",
        true,
    ),
    ("RECEIPT", "Récépissé de dépôt du dossier juridique", true),
    (
        "GA_MINUTES",
        "Procès-verbal de la dernière assemblée générale",
        true,
    ),
    ("BUDGET", "Budget prévisionnel du projet", true),
    ("QUOTES", "Devis des équipements et des travaux", true),
];

pub(super) async fn insert_funding_search(
    txn: &DatabaseTransaction,
    ids: &Ids,
) -> Result<(), DbErr> {
    let requirements = insert_requirements(txn, ids).await?;
    let projects = project::Entity::find()
        .filter(project::Column::ProgramId.eq(ids.program_id))
        .order_by_asc(project::Column::Id)
        .all(txn)
        .await?;
    let mut declined_one = false;
    let mut companies = [PartnerKey::Textiles, PartnerKey::Mecanique]
        .into_iter()
        .cycle();
    for project in &projects {
        let review = review_day(txn, project.id).await?;
        insert_dossier(txn, project, &requirements, review).await?;
        let accepted = insert_accepted(txn, ids, project).await?;
        if project.status == ProjectStatus::SeekingFunding
            && let Some(company) = companies.next()
        {
            insert_pending(txn, ids, project, company).await?;
        }
        if accepted > 0 && !declined_one {
            insert_declined(txn, ids, project).await?;
            declined_one = true;
        }
    }
    Ok(())
}

async fn insert_requirements(
    txn: &DatabaseTransaction,
    ids: &Ids,
) -> Result<Vec<program_requirement::Model>, DbErr> {
    let at = office_hour(NaiveDate::from_ymd_opt(2003, 7, 5).unwrap_or_default())?;
    let mut rows = Vec::new();
    for (code, label, mandatory) in REQUIREMENTS {
        rows.push(
            program_requirement::ActiveModel {
                program_id: Set(ids.program_id),
                code: Set(code.to_owned()),
                label: Set(label.to_owned()),
                mandatory: Set(mandatory),
                created_at: Set(at),
                updated_at: Set(at),
                version: Set(1),
                ..Default::default()
            }
            .insert(txn)
            .await?,
        );
    }
    Ok(rows)
}

/// The day the project first went UNDER_REVIEW, if it ever did.
async fn review_day(
    txn: &DatabaseTransaction,
    project_id: i64,
) -> Result<Option<NaiveDate>, DbErr> {
    Ok(project_status_change::Entity::find()
        .filter(project_status_change::Column::ProjectId.eq(project_id))
        .filter(project_status_change::Column::ToStatus.eq(ProjectStatus::UnderReview))
        .order_by_asc(project_status_change::Column::At)
        .one(txn)
        .await?
        .map(|change| change.at.date_naive()))
}

/// Complete, checked two days before the review, for a project that reached it; the statutes
/// and the receipt only for one being prepared; nothing for a draft.
async fn insert_dossier(
    txn: &DatabaseTransaction,
    project: &project::Model,
    requirements: &[program_requirement::Model],
    review: Option<NaiveDate>,
) -> Result<(), DbErr> {
    let created = project.created_at.date_naive();
    let (count, checked_on) = match (review, project.status) {
        (Some(review), _) => (
            requirements.len(),
            (review - Duration::days(2)).max(created),
        ),
        (None, ProjectStatus::Draft) => return Ok(()),
        (None, _) => (2, created + Duration::days(7)),
    };
    let at = office_hour(checked_on)?;
    for requirement in requirements.iter().take(count) {
        dossier_item::ActiveModel {
            project_id: Set(project.id),
            requirement_id: Set(requirement.id),
            satisfied: Set(true),
            note: Set(None),
            checked_by_id: Set(None),
            checked_at: Set(Some(at)),
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

/// The ADS's secured PASEC commitments to the project, each the acceptance of a request sent
/// a month before its pledge; returns how many.
async fn insert_accepted(
    txn: &DatabaseTransaction,
    ids: &Ids,
    project: &project::Model,
) -> Result<usize, DbErr> {
    let commitments = commitment::Entity::find()
        .filter(commitment::Column::ProjectId.eq(project.id))
        .filter(commitment::Column::PartnerId.eq(ids.partner(PartnerKey::Ads)?))
        .filter(commitment::Column::Kind.eq(CommitmentKind::Financial))
        .filter(
            commitment::Column::Status
                .is_in([CommitmentStatus::Confirmed, CommitmentStatus::Fulfilled]),
        )
        .all(txn)
        .await?;
    for commitment in &commitments {
        let decided = commitment.pledged_on;
        let submitted = (decided - Duration::days(30)).max(project.created_at.date_naive());
        let request = Request {
            partner_id: commitment.partner_id,
            program: true,
            amount: commitment.amount.unwrap_or_default(),
            status: FundingRequestStatus::Accepted,
            submitted,
            decided: Some(decided),
            note: None,
            commitment_id: Some(commitment.id),
        };
        request.insert(txn, ids, project).await?;
    }
    Ok(commitments.len())
}

/// A request awaiting its answer: a company of the city asked to close what the plan leaves
/// open (the ADS's own pledges to these projects stand as they are, without a request).
async fn insert_pending(
    txn: &DatabaseTransaction,
    ids: &Ids,
    project: &project::Model,
    company: PartnerKey,
) -> Result<(), DbErr> {
    let committed: i64 = commitment::Entity::find()
        .filter(commitment::Column::ProjectId.eq(project.id))
        .filter(commitment::Column::Status.ne(CommitmentStatus::Cancelled))
        .all(txn)
        .await?
        .iter()
        .filter_map(|commitment| commitment.amount)
        .sum();
    let open = project.total_cost - project.own_contribution - committed;
    if open <= 0 {
        return Ok(());
    }
    Request {
        partner_id: ids.partner(company)?,
        program: false,
        amount: open,
        status: FundingRequestStatus::Submitted,
        submitted: project.updated_at.date_naive(),
        decided: None,
        note: None,
        commitment_id: None,
    }
    .insert(txn, ids, project)
    .await
}

/// A company of the city asked, before the ADS, for a tenth of the cost, and declining.
async fn insert_declined(
    txn: &DatabaseTransaction,
    ids: &Ids,
    project: &project::Model,
) -> Result<(), DbErr> {
    let submitted = project.created_at.date_naive() + Duration::days(14);
    Request {
        partner_id: ids.partner(PartnerKey::Chimique)?,
        program: false,
        amount: project.total_cost / 10,
        status: FundingRequestStatus::Declined,
        submitted,
        decided: Some(submitted + Duration::days(21)),
        note: Some("Budget de mécénat de l'année déjà engagé"),
        commitment_id: None,
    }
    .insert(txn, ids, project)
    .await
}

struct Request {
    partner_id: i64,
    /// Under PASEC (to the ADS only).
    program: bool,
    amount: i64,
    status: FundingRequestStatus,
    submitted: NaiveDate,
    decided: Option<NaiveDate>,
    note: Option<&'static str>,
    commitment_id: Option<i64>,
}

impl Request {
    async fn insert(
        self,
        txn: &DatabaseTransaction,
        ids: &Ids,
        project: &project::Model,
    ) -> Result<(), DbErr> {
        let created = office_hour(self.submitted - Duration::days(3))?.max(project.created_at);
        let updated = office_hour(self.decided.unwrap_or(self.submitted))?.max(created);
        funding_request::ActiveModel {
            project_id: Set(project.id),
            partner_id: Set(self.partner_id),
            program_id: Set(self.program.then_some(ids.program_id)),
            requested_amount: Set(self.amount),
            currency: Set(project.currency),
            submitted_on: Set(Some(self.submitted)),
            status: Set(self.status),
            decided_on: Set(self.decided),
            decision_note: Set(self.note.map(str::to_owned)),
            commitment_id: Set(self.commitment_id),
            created_at: Set(created),
            updated_at: Set(updated),
            version: Set(1),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        Ok(())
    }
}
