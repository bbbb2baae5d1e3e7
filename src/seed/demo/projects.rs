//! Loads the demo projects with their status history, commitments and disbursements.
//!
//! The tables (`projects_2003` … `projects_2005`) hold only what a person would decide; what the
//! API derives is derived here the same way: the reference from the creation order, the status
//! and each `from_status` from the chain of steps, the program of a commitment from its partner,
//! so those can never disagree with the rules the demo illustrates. The amounts are chosen by hand
//! to respect the financing plan, the co-financing cap and full funding before work starts.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseTransaction, DbErr, EntityTrait};

use super::commitments::{Target, insert_commitment};
use super::institutions::CENTER_SLUG;
use super::rows::ProjectRow;
use super::{Ids, instant, opt_day};
use crate::domain::money::Currency;
use crate::domain::project::ProjectStatus;
use crate::domain::search::search_text;
use crate::entity::{project, project_status_change};

pub(super) async fn insert_projects(txn: &DatabaseTransaction, ids: &Ids) -> Result<(), DbErr> {
    let mut rows = Vec::new();
    for row in super::projects_2003::PROJECTS
        .iter()
        .chain(super::projects_2004::PROJECTS)
        .chain(super::projects_2005::PROJECTS)
    {
        let first = row.steps.first().ok_or_else(|| bad(row, "has no steps"))?;
        if first.to != ProjectStatus::Draft {
            return Err(bad(row, "does not start in DRAFT"));
        }
        rows.push((instant(first.at)?, row));
    }
    // References count per year in creation order, as the API assigns them.
    rows.sort_by_key(|(created_at, _)| *created_at);
    let prefix: String = CENTER_SLUG
        .chars()
        .take(3)
        .collect::<String>()
        .to_uppercase();
    let mut sequences: HashMap<i32, u32> = HashMap::new();
    for (created_at, row) in rows {
        let year = created_at.year();
        let sequence = sequences.entry(year).or_insert(0);
        *sequence += 1;
        let reference = format!("{prefix}-{year}-{sequence:04}");
        let project_id = insert_project(txn, ids, row, &reference, created_at).await?;
        insert_history(txn, project_id, row).await?;
        let target = Target::Project {
            id: project_id,
            pasec: row.pasec,
        };
        for commitment in row.commitments {
            insert_commitment(txn, ids, target, commitment).await?;
        }
    }
    Ok(())
}

async fn insert_project(
    txn: &DatabaseTransaction,
    ids: &Ids,
    row: &ProjectRow,
    reference: &str,
    created_at: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let last = row.steps.last().ok_or_else(|| bad(row, "has no steps"))?;
    let inserted = project::ActiveModel {
        center_id: Set(ids.center_id),
        carrier_id: Set(ids.organization(row.carrier)?),
        zone_id: Set(row.zone.map(|zone| ids.zone(zone)).transpose()?),
        program_id: Set(row.pasec.then_some(ids.program_id)),
        reference: Set(reference.to_owned()),
        title: Set(row.title.to_owned()),
        summary: Set(Some(row.summary.to_owned())),
        sector: Set(row.sector),
        status: Set(last.to),
        currency: Set(Currency::Mad),
        total_cost: Set(row.total_cost),
        own_contribution: Set(row.own_contribution),
        beneficiaries_count: Set(Some(row.beneficiaries)),
        starts_on: Set(opt_day(row.starts_on)?),
        ends_on: Set(opt_day(row.ends_on)?),
        search_text: Set(search_text([Some(row.title), Some(reference)])),
        created_at: Set(created_at),
        updated_at: Set(instant(last.at)?),
        version: Set(1),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(inserted.id)
}

/// One row per step; each starts where the previous one ended, the first from nothing.
async fn insert_history(
    txn: &DatabaseTransaction,
    project_id: i64,
    row: &ProjectRow,
) -> Result<(), DbErr> {
    let mut changes = Vec::with_capacity(row.steps.len());
    let mut from_status = None;
    for step in row.steps {
        let at = instant(step.at)?;
        changes.push(project_status_change::ActiveModel {
            project_id: Set(project_id),
            from_status: Set(from_status),
            to_status: Set(step.to),
            at: Set(at),
            by_user_id: Set(None),
            note: Set(step.note.map(str::to_owned)),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        });
        from_status = Some(step.to);
    }
    project_status_change::Entity::insert_many(changes)
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

fn bad(row: &ProjectRow, problem: &str) -> DbErr {
    DbErr::Custom(format!("demo data: project {:?} {problem}", row.title))
}
