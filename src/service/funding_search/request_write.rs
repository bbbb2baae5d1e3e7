//! Writing funding requests: the center's staff (and ADMIN) prepare, send and withdraw them; the
//! addressed partner's accounts (or the staff, recording an answer received) accept or decline.
//! Accepting creates the partner's commitment in the same transaction, through the commitment
//! create's own insert, so the financing plan (`OVERFUNDED`) and the co-financing cap
//! (`COFINANCING_CAP_EXCEEDED`) hold or nothing is written.

use chrono::NaiveDate;
use sea_orm::{EntityTrait, Set};

use crate::auth::viewer::Viewer;
use crate::domain::commitment::{CommitmentKind, CommitmentStatus};
use crate::domain::funding_search::{FundingRequestStatus as Status, request_may_move};
use crate::domain::input::{self, Problems, TEXT_MAX, optional_text};
use crate::domain::money::{RawMoney, centimes_to_decimal};
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{funding_request, partner, program, project};
use crate::error::{AppError, Result};
use crate::service::commitment::write::{NewCommitment, Target, insert_commitment, lock_target};
use crate::service::events::{ChangeKind, Entity};
use crate::service::write::{self, Begun, Blame, Services, Write};

const CREATE_REQUEST: &str = "createFundingRequest";

/// A new funding request, as received (ids are row ids).
#[derive(Clone, Debug)]
pub struct NewFundingRequest {
    pub project_id: i64,
    pub partner_id: i64,
    pub program_id: Option<i64>,
    pub requested: RawMoney,
}

/// A move of a request along its workflow.
#[derive(Clone, Debug)]
pub struct RequestMove {
    pub to: Status,
    /// The day it was sent or answered; today when not given.
    pub on: Option<NaiveDate>,
    /// The partner's reasons, for a decision.
    pub note: Option<String>,
    pub expected_version: Option<i32>,
}

fn error(code: ErrorCode, field: &str, message: &str) -> UserError {
    UserError::new(code, &["input", field], message)
}

/// Creates a DRAFT request to a partner for a project (STAFF of the project's center, ADMIN).
pub async fn create_funding_request(
    services: &Services,
    viewer: &Viewer,
    new: NewFundingRequest,
    key: Option<&str>,
) -> Result<funding_request::Model> {
    viewer.require_authenticated()?;
    let outcome = try_create(services, viewer, &new, key).await;
    write::or_replayed::<funding_request::Entity>(
        outcome,
        &services.db,
        viewer,
        CREATE_REQUEST,
        key,
    )
    .await
}

async fn try_create(
    services: &Services,
    viewer: &Viewer,
    new: &NewFundingRequest,
    key: Option<&str>,
) -> Result<funding_request::Model> {
    let mut write =
        match Write::create::<funding_request::Entity>(services, viewer, CREATE_REQUEST, key)
            .await?
        {
            Begun::Replayed(existing) => return Ok(existing),
            Begun::Fresh(write) => write,
        };
    let project = write
        .lock(project::Entity::find_by_id(new.project_id))
        .await?
        .ok_or_else(|| error(ErrorCode::NotFound, "projectId", "no such project"))?;
    viewer.may_manage_center(project.center_id, "send funding requests for this project")?;
    let row = checked_row(&write, new, &project).await?;
    let mut fields = vec!["projectId", "partnerId", "requested", "status"];
    if new.program_id.is_some() {
        fields.push("programId");
    }
    let created = write
        .insert(
            Entity::FundingRequest,
            "create_funding_request",
            row,
            &fields,
        )
        .await?;
    write.commit().await?;
    Ok(created)
}

/// The new request's row: an open project, an existing partner, money in the project's
/// currency, and a program only when the project is under it and the partner funds it.
async fn checked_row(
    write: &Write<'_>,
    new: &NewFundingRequest,
    project: &project::Model,
) -> Result<funding_request::ActiveModel> {
    if project.status.is_closed() {
        return Err(error(
            ErrorCode::ProjectClosed,
            "projectId",
            "the project is closed to new funding",
        )
        .into());
    }
    let mut problems = Problems::default();
    let partner = partner::Entity::find_by_id(new.partner_id)
        .one(write.txn())
        .await?;
    if partner.is_none() {
        problems.push(error(ErrorCode::NotFound, "partnerId", "no such partner"));
    }
    if let Some(program_id) = new.program_id {
        match program::Entity::find_by_id(program_id)
            .one(write.txn())
            .await?
        {
            None => problems.push(error(ErrorCode::NotFound, "programId", "no such program")),
            Some(program)
                if project.program_id != Some(program.id)
                    || program.funder_id != new.partner_id =>
            {
                problems.push(error(
                    ErrorCode::Invalid,
                    "programId",
                    "a request under a program is for a project of that program, to its funder",
                ));
            }
            Some(_) => {}
        }
    }
    let amount = requested(&mut problems, new.requested, project);
    problems.finish().map_err(AppError::User)?;
    Ok(funding_request::ActiveModel {
        project_id: Set(project.id),
        partner_id: Set(new.partner_id),
        program_id: Set(new.program_id),
        requested_amount: Set(amount.unwrap_or_default()),
        currency: Set(project.currency),
        status: Set(Status::Draft),
        submitted_on: Set(None),
        decided_on: Set(None),
        decision_note: Set(None),
        commitment_id: Set(None),
        ..Default::default()
    })
}

/// The amount asked, in centimes of the project's currency.
fn requested(problems: &mut Problems, money: RawMoney, project: &project::Model) -> Option<i64> {
    if money.currency != project.currency {
        problems.push(error(
            ErrorCode::Invalid,
            "requested",
            "a funding request is in its project's currency",
        ));
        return None;
    }
    problems.take(input::amount(
        money.amount,
        &["input", "requested", "amount"],
    ))
}

/// The request, locked after its project (the order every write of a project's money takes),
/// and the project.
async fn load_locked(write: &mut Write<'_>, id: i64) -> Result<(funding_request::Model, Target)> {
    let missing = || error(ErrorCode::NotFound, "id", "no such funding request");
    let found = funding_request::Entity::find_by_id(id)
        .one(write.txn())
        .await?
        .ok_or_else(missing)?;
    let target = lock_target(write, Some(found.project_id), None).await?;
    let current = write
        .lock(funding_request::Entity::find_by_id(id))
        .await?
        .ok_or_else(missing)?;
    Ok((current, target))
}

/// Changes the amount asked (STAFF of the project's center, ADMIN) while no answer came.
pub async fn update_funding_request(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    expected_version: Option<i32>,
    requested_money: Option<RawMoney>,
) -> Result<funding_request::Model> {
    viewer.require_authenticated()?;
    let mut write = Write::begin(services, viewer).await?;
    let (current, target) = load_locked(&mut write, id).await?;
    viewer.may_manage_center(target.center_id(), "change this funding request")?;
    write::check_version(expected_version, current.version)?;
    if current.status.is_final() {
        return Err(error(
            ErrorCode::InvalidTransition,
            "id",
            "an answered or withdrawn request does not change",
        )
        .into());
    }
    let Target::Project(project) = &target else {
        return Err(AppError::bad_input("a funding request is for a project"));
    };
    let mut row: funding_request::ActiveModel = current.clone().into();
    let mut changed = Vec::new();
    if let Some(money) = requested_money {
        let mut problems = Problems::default();
        let amount = requested(&mut problems, money, project);
        problems.finish().map_err(AppError::User)?;
        if let Some(amount) = amount.filter(|amount| *amount != current.requested_amount) {
            row.requested_amount = Set(amount);
            changed.push("requested");
        }
    }
    write
        .commit_update(
            Entity::FundingRequest,
            "update_funding_request",
            row,
            current,
            &changed,
        )
        .await
}

/// Moves a request along its workflow (DRAFT → SUBMITTED → ACCEPTED | DECLINED, DRAFT |
/// SUBMITTED → WITHDRAWN). An acceptance creates the CONFIRMED FINANCIAL commitment of the
/// amount asked, under the plan and the cap, in the same transaction.
pub async fn transition_funding_request(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    change: RequestMove,
) -> Result<funding_request::Model> {
    viewer.require_authenticated()?;
    let mut problems = Problems::default();
    let note = problems
        .take(optional_text(
            change.note.as_deref(),
            &["input", "note"],
            TEXT_MAX,
        ))
        .flatten();
    let on = change
        .on
        .unwrap_or_else(|| crate::service::now().date_naive());
    problems.take(input::date(on, &["input", "on"]));
    problems.finish().map_err(AppError::User)?;
    let mut write = Write::begin(services, viewer).await?;
    let (current, target) = load_locked(&mut write, id).await?;
    if change.to.is_decision() {
        viewer.may_commit(current.partner_id, target.center_id())?;
    } else {
        viewer.may_manage_center(target.center_id(), "send or withdraw this funding request")?;
    }
    write::check_version(change.expected_version, current.version)?;
    if !request_may_move(current.status, change.to) {
        return Err(error(
            ErrorCode::InvalidTransition,
            "to",
            &format!(
                "a {:?} request cannot become {:?}",
                current.status, change.to
            ),
        )
        .into());
    }
    let (row, fields) = moved(&mut write, &current, &target, &change, on, note).await?;
    let updated = write
        .update(
            Entity::FundingRequest,
            "transition_funding_request",
            ChangeKind::StatusChanged,
            row,
            &fields,
        )
        .await?;
    write.commit().await?;
    Ok(updated)
}

/// The request after the move, and the fields it changed; an acceptance inserts its commitment.
async fn moved(
    write: &mut Write<'_>,
    current: &funding_request::Model,
    target: &Target,
    change: &RequestMove,
    on: NaiveDate,
    note: Option<String>,
) -> Result<(funding_request::ActiveModel, Vec<&'static str>)> {
    let mut row: funding_request::ActiveModel = current.clone().into();
    row.status = Set(change.to);
    let mut fields = vec!["status"];
    match change.to {
        Status::Submitted => {
            row.submitted_on = Set(Some(on));
            fields.push("submittedOn");
        }
        Status::Accepted | Status::Declined => {
            input::date_order(current.submitted_on, Some(on), &["input", "on"])?;
            row.decided_on = Set(Some(on));
            row.decision_note = Set(note);
            fields.extend(["decidedOn", "decisionNote"]);
        }
        Status::Draft | Status::Withdrawn => {}
    }
    if change.to == Status::Accepted {
        let commitment =
            insert_commitment(write, &accepted_commitment(current, on), target).await?;
        write.blame(Blame::on("to"));
        row.commitment_id = Set(Some(commitment.id));
        fields.push("commitment");
    }
    Ok((row, fields))
}

/// What an acceptance commits: the amount asked, in money, CONFIRMED on the day of the answer,
/// under the request's program.
fn accepted_commitment(request: &funding_request::Model, on: NaiveDate) -> NewCommitment {
    NewCommitment {
        partner_id: request.partner_id,
        project_id: Some(request.project_id),
        center_id: None,
        program_id: request.program_id,
        kind: CommitmentKind::Financial,
        description: Some("Funding request accepted".to_owned()),
        amount: Some(RawMoney {
            amount: centimes_to_decimal(request.requested_amount),
            currency: request.currency,
        }),
        tax_included: true,
        status: CommitmentStatus::Confirmed,
        pledged_on: Some(on),
        due_on: None,
        quantity: None,
        unit: None,
    }
}
