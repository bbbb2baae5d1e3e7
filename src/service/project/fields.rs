//! The fields of a project as a create or an update gives them: parsed into the row, checked
//! against the rows they name (zone, program) and the project's own rules (currency, own
//! contribution within the cost). The rules that span commitments are checked at commit.

use chrono::NaiveDate;
use sea_orm::{DatabaseTransaction, EntityTrait, Set};

use crate::domain::input::{self, NAME_MAX, Problems, TEXT_MAX, optional_text, text};
use crate::domain::money::RawMoney;
use crate::domain::organization::Sector;
use crate::domain::search::search_text;
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{program, project, zone};
use crate::error::{AppError, Result};

/// The fields of a project a create or an update may carry; `None` means "not given", and for
/// clearable fields `Some(None)` means "clear it".
#[derive(Clone, Debug, Default)]
pub struct ProjectFields {
    pub carrier_id: Option<i64>,
    pub program_id: Option<Option<i64>>,
    pub zone_id: Option<Option<i64>>,
    pub title: Option<String>,
    pub summary: Option<Option<String>>,
    pub sector: Option<Sector>,
    pub total_cost: Option<RawMoney>,
    pub own_contribution: Option<RawMoney>,
    pub beneficiaries_count: Option<Option<i32>>,
    pub starts_on: Option<Option<NaiveDate>>,
    pub ends_on: Option<Option<NaiveDate>>,
}

pub(super) fn not_found(field: &str, what: &str) -> UserError {
    UserError::new(
        ErrorCode::NotFound,
        &["input", field],
        format!("no such {what}"),
    )
}

/// Parses `fields` over `current` and checks what depends on other rows (zone, program,
/// currencies, the money rules). Returns the active model and the names of the changed fields.
pub(super) async fn apply(
    txn: &DatabaseTransaction,
    current: &project::Model,
    fields: &ProjectFields,
    creating: bool,
) -> Result<(project::ActiveModel, Vec<&'static str>)> {
    let mut problems = Problems::default();
    let mut row: project::ActiveModel = current.clone().into();
    let mut changed = Vec::new();
    let mut next = current.clone();
    if let Some(title) = fields.title.as_deref().or(creating.then_some(""))
        && let Some(title) = problems.take(text(title, &["input", "title"], NAME_MAX))
    {
        next.title = title;
        changed.push("title");
    }
    if let Some(summary) = &fields.summary
        && let Some(summary) = problems.take(optional_text(
            summary.as_deref(),
            &["input", "summary"],
            TEXT_MAX,
        ))
    {
        next.summary = summary;
        changed.push("summary");
    }
    if let Some(sector) = fields.sector {
        next.sector = sector;
        changed.push("sector");
    }
    if let Some(count) = fields.beneficiaries_count
        && let Some(count) = problems.take(input::count(count, &["input", "beneficiariesCount"]))
    {
        next.beneficiaries_count = count;
        changed.push("beneficiariesCount");
    }
    if let Some(starts_on) = fields.starts_on {
        next.starts_on = starts_on;
        changed.push("startsOn");
    }
    if let Some(ends_on) = fields.ends_on {
        next.ends_on = ends_on;
        changed.push("endsOn");
    }
    problems.take(input::date_order(
        next.starts_on,
        next.ends_on,
        &["input", "endsOn"],
    ));
    apply_money(
        current,
        fields,
        creating,
        &mut next,
        &mut changed,
        &mut problems,
    );
    apply_links(txn, current, fields, &mut next, &mut changed, &mut problems).await?;
    problems.finish().map_err(AppError::User)?;
    if next.own_contribution > next.total_cost {
        // The row's own rule (a CHECK too); with the commitments, the plan is checked at commit.
        return Err(UserError::new(
            ErrorCode::Overfunded,
            &["input", "ownContribution"],
            "the own contribution exceeds the total cost",
        )
        .into());
    }
    next.search_text = search_text([Some(next.title.as_str()), Some(next.reference.as_str())]);
    row.title = Set(next.title);
    row.summary = Set(next.summary);
    row.sector = Set(next.sector);
    row.beneficiaries_count = Set(next.beneficiaries_count);
    row.starts_on = Set(next.starts_on);
    row.ends_on = Set(next.ends_on);
    row.currency = Set(next.currency);
    row.total_cost = Set(next.total_cost);
    row.own_contribution = Set(next.own_contribution);
    row.zone_id = Set(next.zone_id);
    row.program_id = Set(next.program_id);
    row.search_text = Set(next.search_text);
    Ok((row, changed))
}

fn apply_money(
    current: &project::Model,
    fields: &ProjectFields,
    creating: bool,
    next: &mut project::Model,
    changed: &mut Vec<&'static str>,
    problems: &mut Problems,
) {
    if let Some(total) = fields.total_cost {
        if let Some(cents) = problems.take(input::amount(
            total.amount,
            &["input", "totalCost", "amount"],
        )) {
            next.total_cost = cents;
            next.currency = total.currency;
            changed.push("totalCost");
        }
    } else if creating {
        problems.push(UserError::new(
            ErrorCode::Required,
            &["input", "totalCost"],
            "a total cost is required",
        ));
    }
    if let Some(own) = fields.own_contribution {
        if own.currency != next.currency {
            problems.push(UserError::new(
                ErrorCode::Invalid,
                &["input", "ownContribution", "currency"],
                "the own contribution is in the project's currency",
            ));
        } else if let Some(cents) = problems.take(input::non_negative_amount(
            own.amount,
            &["input", "ownContribution", "amount"],
        )) {
            next.own_contribution = cents;
            changed.push("ownContribution");
        }
    }
    if !creating && next.currency != current.currency {
        problems.push(UserError::new(
            ErrorCode::Invalid,
            &["input", "totalCost", "currency"],
            "a project's currency does not change once created",
        ));
    }
}

async fn apply_links(
    txn: &DatabaseTransaction,
    current: &project::Model,
    fields: &ProjectFields,
    next: &mut project::Model,
    changed: &mut Vec<&'static str>,
    problems: &mut Problems,
) -> Result<()> {
    if let Some(zone_id) = fields.zone_id {
        if let Some(id) = zone_id {
            let zone = zone::Entity::find_by_id(id).one(txn).await?;
            if zone.is_none_or(|zone| zone.center_id != current.center_id) {
                problems.push(not_found("zoneId", "zone in the project's center"));
            }
        }
        next.zone_id = zone_id;
        changed.push("zoneId");
    }
    if let Some(program_id) = fields.program_id
        && program_id != current.program_id
    {
        if let Some(id) = program_id
            && program::Entity::find_by_id(id).one(txn).await?.is_none()
        {
            problems.push(not_found("programId", "program"));
        }
        next.program_id = program_id;
        changed.push("programId");
    }
    Ok(())
}
