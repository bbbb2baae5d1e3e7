//! Synthetic projects with their status histories, commitments and disbursements. Amounts are
//! split so that every rule holds: the plan never exceeds the cost, the program's funder stays
//! within its cap, started projects are fully secured, payments never exceed their commitment
//! and a commitment paid in full is FULFILLED on its last payment.

use chrono::{DateTime, Datelike, Duration, Utc};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use sea_orm::{DatabaseTransaction, DbErr, Set};

use super::batch::insert_all;
use super::reference::{Center, World, instant};
use super::{SyntheticReport, dirhams};
use crate::domain::commitment::{CommitmentKind, CommitmentStatus};
use crate::domain::money::Currency;
use crate::domain::organization::Sector;
use crate::domain::project::ProjectStatus;
use crate::domain::rate::Rate;
use crate::domain::{reference, search::search_text};
use crate::entity::{commitment, disbursement, project, project_status_change};

/// The workflow path from DRAFT to each final status.
fn path(status: ProjectStatus) -> Vec<ProjectStatus> {
    use ProjectStatus::*;
    let forward = [
        Draft,
        InPreparation,
        SeekingFunding,
        UnderReview,
        Approved,
        InProgress,
        Completed,
    ];
    match status {
        Rejected => vec![Draft, InPreparation, SeekingFunding, UnderReview, Rejected],
        Cancelled => vec![Draft, InPreparation, Cancelled],
        other => forward
            .iter()
            .copied()
            .take_while(|s| *s != other)
            .chain([other])
            .collect(),
    }
}

fn pick_status(rng: &mut StdRng) -> ProjectStatus {
    use ProjectStatus::*;
    let weights = [
        (Draft, 10),
        (InPreparation, 10),
        (SeekingFunding, 20),
        (UnderReview, 10),
        (Approved, 10),
        (InProgress, 20),
        (Completed, 12),
        (Rejected, 4),
        (Cancelled, 4),
    ];
    let mut roll = rng.random_range(0..100);
    for (status, weight) in weights {
        if roll < weight {
            return status;
        }
        roll -= weight;
    }
    Draft
}

#[derive(Default)]
struct Rows {
    projects: Vec<project::ActiveModel>,
    changes: Vec<project_status_change::ActiveModel>,
    commitments: Vec<commitment::ActiveModel>,
    disbursements: Vec<disbursement::ActiveModel>,
    next_change: i64,
    next_commitment: i64,
    next_disbursement: i64,
}

pub async fn insert(
    txn: &DatabaseTransaction,
    rng: &mut StdRng,
    world: &World,
    report: &mut SyntheticReport,
) -> Result<(), DbErr> {
    let mut rows = Rows {
        next_change: 1,
        next_commitment: 1,
        next_disbursement: 1,
        ..Rows::default()
    };
    let mut next_project = 1;
    for center in &world.centers {
        let mut sequences = std::collections::HashMap::<i32, u32>::new();
        for n in 0..10_000 {
            let created = instant(
                2020 + (n * 6 / 10_000),
                1 + u32::try_from(n % 360).unwrap_or(0),
            );
            let sequence = sequences.entry(created.year()).or_insert(0);
            *sequence += 1;
            let prefix = reference::prefix(&center.slug, created.year());
            let reference = format!("{prefix}{:04}", *sequence);
            add_project(
                rng,
                world,
                center,
                next_project,
                reference,
                created,
                &mut rows,
            );
            next_project += 1;
        }
    }
    report.projects = rows.projects.len();
    report.commitments = rows.commitments.len();
    report.disbursements = rows.disbursements.len();
    report.status_changes = rows.changes.len();
    insert_all(txn, rows.projects).await?;
    insert_all(txn, rows.changes).await?;
    insert_all(txn, rows.commitments).await?;
    insert_all(txn, rows.disbursements).await?;
    Ok(())
}

fn add_project(
    rng: &mut StdRng,
    world: &World,
    center: &Center,
    id: i64,
    reference: String,
    created: DateTime<Utc>,
    rows: &mut Rows,
) {
    let status = pick_status(rng);
    let total = dirhams(rng, 50_000, 2_000_000);
    let own = total * rng.random_range(10..=20) / 100 / 100 * 100;
    let program = rng
        .random_bool(0.7)
        .then(|| center.programs.choose(rng))
        .flatten();
    let steps = path(status);
    let updated = created + Duration::days(7 * i64::try_from(steps.len()).unwrap_or(1));
    let title = format!("Projet synthétique {id:06}");
    let sector = *[
        Sector::IncomeGeneration,
        Sector::Education,
        Sector::Health,
        Sector::Women,
        Sector::Youth,
        Sector::Crafts,
    ]
    .choose(rng)
    .unwrap_or(&Sector::Other);
    rows.projects.push(project::ActiveModel {
        id: Set(id),
        center_id: Set(center.id),
        carrier_id: Set(*center.organizations.choose(rng).unwrap_or(&1)),
        zone_id: Set(center.zones.choose(rng).copied()),
        program_id: Set(program.map(|p| p.id)),
        search_text: Set(search_text([
            Some(title.as_str()),
            Some(reference.as_str()),
        ])),
        reference: Set(reference),
        title: Set(title),
        summary: Set(Some("Micro-projet généré pour le banc d'essai.".to_owned())),
        sector: Set(sector),
        status: Set(status),
        currency: Set(Currency::Mad),
        total_cost: Set(total),
        own_contribution: Set(own),
        beneficiaries_count: Set(Some(rng.random_range(10..400))),
        starts_on: Set(Some(created.date_naive())),
        ends_on: Set(Some((created + Duration::days(365)).date_naive())),
        created_at: Set(created),
        updated_at: Set(updated),
        version: Set(i32::try_from(steps.len()).unwrap_or(1)),
    });
    for (k, step) in steps.iter().enumerate() {
        let at = created + Duration::days(7 * i64::try_from(k).unwrap_or(0));
        rows.changes.push(project_status_change::ActiveModel {
            id: Set(rows.next_change),
            project_id: Set(id),
            from_status: Set(k.checked_sub(1).map(|prev| steps[prev])),
            to_status: Set(*step),
            at: Set(at),
            by_user_id: Set(Some(2)),
            note: Set(None),
            created_at: Set(at),
            updated_at: Set(at),
        });
        rows.next_change += 1;
    }
    add_commitments(
        rng,
        world,
        center,
        id,
        total,
        own,
        program.map(|p| (p.id, p.funder_id, p.rate_bp)),
        status,
        created,
        rows,
    );
}

#[expect(
    clippy::too_many_arguments,
    reason = "the plan of one project is drawn from all of these"
)]
fn add_commitments(
    rng: &mut StdRng,
    world: &World,
    center: &Center,
    project: i64,
    total: i64,
    own: i64,
    program: Option<(i64, i64, i32)>,
    status: ProjectStatus,
    created: DateTime<Utc>,
    rows: &mut Rows,
) {
    use ProjectStatus::*;
    let started = matches!(status, InProgress | Completed);
    let funded_share = if started || status == Approved {
        100
    } else {
        rng.random_range(30..=95)
    };
    let mut remaining = (total - own) * funded_share / 100 / 100 * 100;
    let live = rng.random_range(2..=6);
    let commit =
        |rng: &mut StdRng, partner: i64, under: Option<i64>, amount: i64, rows: &mut Rows| {
            let kind = if rng.random_bool(0.85) {
                CommitmentKind::Financial
            } else {
                CommitmentKind::Equipment
            };
            let state = if status == Completed {
                CommitmentStatus::Fulfilled
            } else if started || status == Approved || rng.random_bool(0.5) {
                CommitmentStatus::Confirmed
            } else {
                CommitmentStatus::Pledged
            };
            push_commitment(
                rng,
                rows,
                partner,
                Some(project),
                None,
                under,
                kind,
                Some(amount),
                state,
                created,
            );
        };
    if let Some((program_id, funder, rate_bp)) = program {
        let cap = Rate::from_stored(rate_bp).map_or(0, |rate| rate.cap_of(total));
        let amount = (remaining.min(cap) * rng.random_range(60..=100) / 100 / 100 * 100).max(100);
        if amount <= remaining && amount <= cap {
            commit(rng, funder, Some(program_id), amount, rows);
            remaining -= amount;
        }
    }
    for k in 0..live {
        if remaining < 100 {
            break;
        }
        let last = k + 1 == live;
        let amount = if last {
            remaining
        } else {
            (remaining / 2).max(100) / 100 * 100
        };
        let partner = *world.partners.choose(rng).unwrap_or(&1);
        let partner = if program.is_some_and(|(_, funder, _)| funder == partner) {
            partner % 20 + 4
        } else {
            partner
        };
        commit(rng, partner, None, amount, rows);
        remaining -= amount;
    }
    if rng.random_bool(0.55) {
        let partner = *world.partners.choose(rng).unwrap_or(&1);
        let amount = dirhams(rng, 1_000, 100_000);
        push_commitment(
            rng,
            rows,
            partner,
            Some(project),
            None,
            None,
            CommitmentKind::Financial,
            Some(amount),
            CommitmentStatus::Cancelled,
            created,
        );
    }
    if rng.random_bool(0.11) {
        let partner = *world.partners.choose(rng).unwrap_or(&1);
        push_commitment(
            rng,
            rows,
            partner,
            None,
            Some(center.id),
            None,
            CommitmentKind::TechnicalAssistance,
            None,
            CommitmentStatus::Confirmed,
            created,
        );
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "a commitment row has this many independent fields"
)]
fn push_commitment(
    rng: &mut StdRng,
    rows: &mut Rows,
    partner: i64,
    project: Option<i64>,
    center: Option<i64>,
    program: Option<i64>,
    kind: CommitmentKind,
    amount: Option<i64>,
    status: CommitmentStatus,
    created: DateTime<Utc>,
) {
    let id = rows.next_commitment;
    rows.next_commitment += 1;
    let pledged = created + Duration::days(rng.random_range(7..60));
    let mut fulfilled_on = None;
    if let (CommitmentKind::Financial, Some(amount)) = (kind, amount) {
        let tranches = match status {
            CommitmentStatus::Fulfilled => rng.random_range(1..=3),
            CommitmentStatus::Confirmed if rng.random_bool(0.5) => 1,
            _ => 0,
        };
        let mut paid = 0;
        for t in 0..tranches {
            let part = if status == CommitmentStatus::Fulfilled && t + 1 == tranches {
                amount - paid
            } else {
                amount * rng.random_range(20..=45) / 100
            };
            let paid_on = (pledged + Duration::days(30 * (i64::from(t) + 1))).date_naive();
            rows.disbursements.push(disbursement::ActiveModel {
                id: Set(rows.next_disbursement),
                commitment_id: Set(id),
                amount: Set(part),
                currency: Set(Currency::Mad),
                paid_on: Set(paid_on),
                reference: Set(Some(format!("VIR-{}", rows.next_disbursement))),
                created_at: Set(pledged),
                updated_at: Set(pledged),
            });
            rows.next_disbursement += 1;
            paid += part;
            fulfilled_on = Some(paid_on);
        }
    } else if status == CommitmentStatus::Fulfilled {
        fulfilled_on = Some((pledged + Duration::days(30)).date_naive());
    }
    rows.commitments.push(commitment::ActiveModel {
        id: Set(id),
        partner_id: Set(partner),
        project_id: Set(project),
        center_id: Set(center),
        program_id: Set(program),
        kind: Set(kind),
        description: Set(None),
        amount: Set(amount),
        currency: Set(Currency::Mad),
        tax_included: Set(true),
        status: Set(status),
        pledged_on: Set(pledged.date_naive()),
        due_on: Set(None),
        fulfilled_on: Set(if status == CommitmentStatus::Fulfilled {
            fulfilled_on
        } else {
            None
        }),
        quantity: Set(None),
        unit: Set(None),
        created_at: Set(pledged),
        updated_at: Set(pledged),
        version: Set(1),
    });
}
