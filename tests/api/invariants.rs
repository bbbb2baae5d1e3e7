//! The money rules as invariants: random sequences of operations — commitments created, changed,
//! moved along their workflow and paid; projects' costs, own contributions and programs changed;
//! programs' rates changed — are driven through the service layer, and after every step the
//! financing plan, the co-financing cap, the payments and the programs' labels hold, recomputed
//! here from the rows themselves. A refused step leaves every row as it was.

use std::collections::HashMap;

use cqs::auth::viewer::{Principal, Viewer};
use cqs::domain::commitment::{CommitmentKind, CommitmentStatus};
use cqs::domain::money::{Currency, RawMoney};
use cqs::domain::role::Role;
use cqs::entity::{commitment, disbursement, program, project, user};
use cqs::error::AppError;
use cqs::service::commitment::payment::{NewDisbursement, record_disbursement};
use cqs::service::commitment::write::{
    CommitmentChanges, NewCommitment, create_commitment, transition_commitment, update_commitment,
};
use cqs::service::funding::funding_inputs;
use cqs::service::program::write::{NewProgram, ProgramInput, create_program, update_program};
use cqs::service::project::write::{ProjectFields, update_project};
use cqs::service::write::Services;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::helpers::{Links, TestApp, spawn_app};

const PROJECTS: usize = 3;
const PARTNERS: usize = 3;
const PROGRAMS: usize = 2;

/// One step a sequence may attempt; indexes pick among the case's rows.
#[derive(Clone, Debug)]
enum Op {
    Commit {
        project: usize,
        partner: usize,
        units: i64,
        confirmed: bool,
        names_program: bool,
    },
    ChangeAmount {
        commitment: usize,
        units: i64,
    },
    Move {
        commitment: usize,
        to: CommitmentStatus,
    },
    Pay {
        commitment: usize,
        units: i64,
    },
    SetProgram {
        project: usize,
        program: Option<usize>,
    },
    SetCost {
        project: usize,
        units: i64,
    },
    SetOwn {
        project: usize,
        units: i64,
    },
    SetRate {
        program: usize,
        basis_points: u16,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let status = prop_oneof![
        Just(CommitmentStatus::Confirmed),
        Just(CommitmentStatus::Cancelled),
        Just(CommitmentStatus::Fulfilled),
        Just(CommitmentStatus::Pledged),
    ];
    prop_oneof![
        4 => (0..PROJECTS, 0..PARTNERS, 1..=8_000i64, any::<bool>(), any::<bool>()).prop_map(
            |(project, partner, units, confirmed, names_program)| Op::Commit {
                project, partner, units, confirmed, names_program
            }
        ),
        2 => (0..16usize, 1..=8_000i64).prop_map(|(commitment, units)| Op::ChangeAmount { commitment, units }),
        2 => (0..16usize, status).prop_map(|(commitment, to)| Op::Move { commitment, to }),
        2 => (0..16usize, 1..=5_000i64).prop_map(|(commitment, units)| Op::Pay { commitment, units }),
        2 => (0..PROJECTS, proptest::option::of(0..PROGRAMS)).prop_map(|(project, program)| Op::SetProgram { project, program }),
        1 => (0..PROJECTS, 1_000..=12_000i64).prop_map(|(project, units)| Op::SetCost { project, units }),
        1 => (0..PROJECTS, 0..=6_000i64).prop_map(|(project, units)| Op::SetOwn { project, units }),
        1 => (0..PROGRAMS, 1_000..=9_000u16).prop_map(|(program, basis_points)| Op::SetRate { program, basis_points }),
    ]
}

/// The rows one case works on: fresh projects and programs in a shared database.
struct World {
    services: Services,
    admin: Viewer,
    partners: Vec<i64>,
    projects: Vec<i64>,
    programs: Vec<i64>,
}

fn mad(units: i64) -> RawMoney {
    RawMoney {
        amount: Decimal::from(units),
        currency: Currency::Mad,
    }
}

/// Every row the case's money rules depend on, in id order.
#[derive(Debug, PartialEq)]
struct Snapshot {
    projects: Vec<project::Model>,
    programs: Vec<program::Model>,
    commitments: Vec<commitment::Model>,
    payments: Vec<disbursement::Model>,
}

impl World {
    async fn snapshot(&self) -> Snapshot {
        let db = &self.services.db;
        let projects = project::Entity::find()
            .filter(project::Column::Id.is_in(self.projects.clone()))
            .order_by_asc(project::Column::Id)
            .all(db)
            .await
            .expect("projects");
        let programs = program::Entity::find()
            .filter(program::Column::Id.is_in(self.programs.clone()))
            .order_by_asc(program::Column::Id)
            .all(db)
            .await
            .expect("programs");
        let commitments = commitment::Entity::find()
            .filter(commitment::Column::ProjectId.is_in(self.projects.clone()))
            .order_by_asc(commitment::Column::Id)
            .all(db)
            .await
            .expect("commitments");
        let ids: Vec<i64> = commitments.iter().map(|c| c.id).collect();
        let payments = disbursement::Entity::find()
            .filter(disbursement::Column::CommitmentId.is_in(ids))
            .order_by_asc(disbursement::Column::Id)
            .all(db)
            .await
            .expect("payments");
        Snapshot {
            projects,
            programs,
            commitments,
            payments,
        }
    }

    /// The id of the `index`-th commitment of the case (wrapping), if any.
    async fn commitment(&self, index: usize) -> Option<i64> {
        let commitments = self.snapshot().await.commitments;
        (!commitments.is_empty()).then(|| commitments[index % commitments.len()].id)
    }

    async fn apply(&self, op: &Op) -> Result<(), AppError> {
        let (s, v) = (&self.services, &self.admin);
        match *op {
            Op::Commit {
                project,
                partner,
                units,
                confirmed,
                names_program,
            } => {
                let project_id = self.projects[project];
                let program_id = if names_program {
                    project::Entity::find_by_id(project_id)
                        .one(&s.db)
                        .await?
                        .and_then(|p| p.program_id)
                } else {
                    None
                };
                let new = NewCommitment {
                    partner_id: self.partners[partner],
                    project_id: Some(project_id),
                    center_id: None,
                    program_id,
                    kind: CommitmentKind::Financial,
                    description: None,
                    amount: Some(mad(units)),
                    tax_included: true,
                    status: if confirmed {
                        CommitmentStatus::Confirmed
                    } else {
                        CommitmentStatus::Pledged
                    },
                    pledged_on: None,
                    due_on: None,
                    quantity: None,
                    unit: None,
                };
                create_commitment(s, v, new, None).await.map(drop)
            }
            Op::ChangeAmount { commitment, units } => {
                let Some(id) = self.commitment(commitment).await else {
                    return Ok(());
                };
                let changes = CommitmentChanges {
                    amount: Some(mad(units)),
                    ..Default::default()
                };
                update_commitment(s, v, id, None, changes).await.map(drop)
            }
            Op::Move { commitment, to } => {
                let Some(id) = self.commitment(commitment).await else {
                    return Ok(());
                };
                transition_commitment(s, v, id, to, None, None)
                    .await
                    .map(drop)
            }
            Op::Pay { commitment, units } => {
                let Some(id) = self.commitment(commitment).await else {
                    return Ok(());
                };
                let paid_on = chrono::NaiveDate::from_ymd_opt(2004, 1, 1).expect("a date");
                let new = NewDisbursement {
                    commitment_id: id,
                    amount: mad(units),
                    paid_on,
                    reference: None,
                };
                record_disbursement(s, v, new, None).await.map(drop)
            }
            Op::SetProgram { project, program } => {
                let fields = ProjectFields {
                    program_id: Some(program.map(|index| self.programs[index])),
                    ..Default::default()
                };
                update_project(s, v, self.projects[project], None, fields)
                    .await
                    .map(drop)
            }
            Op::SetCost { project, units } => {
                let fields = ProjectFields {
                    total_cost: Some(mad(units)),
                    ..Default::default()
                };
                update_project(s, v, self.projects[project], None, fields)
                    .await
                    .map(drop)
            }
            Op::SetOwn { project, units } => {
                let fields = ProjectFields {
                    own_contribution: Some(mad(units)),
                    ..Default::default()
                };
                update_project(s, v, self.projects[project], None, fields)
                    .await
                    .map(drop)
            }
            Op::SetRate {
                program,
                basis_points,
            } => {
                let input = ProgramInput {
                    max_cofinancing_rate: Some(Decimal::new(i64::from(basis_points), 4)),
                    ..Default::default()
                };
                update_program(s, v, self.programs[program], None, input)
                    .await
                    .map(drop)
            }
        }
    }
}

/// Every rule of DESIGN.md on money, recomputed from the rows, and the one definition of the
/// figures (`funding_inputs`) agreeing with the recomputation.
async fn check_invariants(world: &World, snap: &Snapshot) -> Result<(), TestCaseError> {
    let programs: HashMap<i64, &program::Model> = snap.programs.iter().map(|p| (p.id, p)).collect();
    let mut paid: HashMap<i64, i64> = HashMap::new();
    for payment in &snap.payments {
        *paid.entry(payment.commitment_id).or_default() += payment.amount;
    }
    let figures = funding_inputs(&world.services.db, &world.projects)
        .await
        .expect("figures");
    for project in &snap.projects {
        let standing: Vec<&commitment::Model> = snap
            .commitments
            .iter()
            .filter(|c| c.project_id == Some(project.id) && c.status != CommitmentStatus::Cancelled)
            .collect();
        let committed: i64 = standing.iter().filter_map(|c| c.amount).sum();
        prop_assert!(
            project.own_contribution + committed <= project.total_cost,
            "OVERFUNDED {project:?}"
        );
        let program = project.program_id.and_then(|id| programs.get(&id));
        let funder_share: i64 = standing
            .iter()
            .filter(|c| program.is_some_and(|p| p.funder_id == c.partner_id))
            .filter_map(|c| c.amount)
            .sum();
        if let Some(program) = program {
            let cap = project.total_cost * i64::from(program.max_cofinancing_rate_bp) / 10_000;
            prop_assert!(
                funder_share <= cap,
                "cap {funder_share} > {cap} on {project:?}"
            );
        }
        for c in &standing {
            let label = program
                .filter(|p| p.funder_id == c.partner_id)
                .map(|p| p.id);
            prop_assert_eq!(c.program_id, label, "program label of {:?}", c);
        }
        let sums = figures[&project.id].sums;
        prop_assert_eq!(sums.financial, committed, "committed figure");
        prop_assert_eq!(sums.program, funder_share, "program share figure");
    }
    for c in &snap.commitments {
        let paid = paid.get(&c.id).copied().unwrap_or(0);
        prop_assert!(paid <= c.amount.unwrap_or(0), "OVERDISBURSED {c:?}");
        if c.status == CommitmentStatus::Fulfilled {
            prop_assert_eq!(paid, c.amount.unwrap_or(0), "FULFILLED when paid in full");
        }
        if paid > 0 {
            prop_assert!(
                c.status != CommitmentStatus::Cancelled,
                "a paid commitment is not cancelled"
            );
        }
    }
    Ok(())
}

async fn run_case(world: &World, ops: &[Op]) -> Result<(), TestCaseError> {
    for op in ops {
        let before = world.snapshot().await;
        match world.apply(op).await {
            Ok(()) => {}
            Err(AppError::User(_)) => {
                prop_assert_eq!(
                    &world.snapshot().await,
                    &before,
                    "a refused {:?} wrote nothing",
                    op
                );
            }
            Err(other) => return Err(TestCaseError::fail(format!("{op:?} failed: {other:?}"))),
        }
        check_invariants(world, &world.snapshot().await).await?;
    }
    Ok(())
}

/// Fresh projects, programs and partners for one case, so that cases share a database.
async fn new_world(app: &TestApp, admin: &Viewer, case: usize) -> World {
    let db: &DatabaseConnection = &app.db;
    let center = crate::fixtures::center(db, &format!("case{case}"))
        .await
        .expect("center")
        .id;
    let carrier = crate::fixtures::association(db, center, None)
        .await
        .expect("carrier")
        .id;
    let mut partners = Vec::new();
    for n in 0..PARTNERS {
        partners.push(
            crate::fixtures::partner(db, &format!("Partner {case}-{n}"))
                .await
                .expect("partner")
                .id,
        );
    }
    let services = Services {
        db: app.app_db.clone(),
        events: app.events.clone(),
    };
    let mut programs = Vec::new();
    for (n, &funder_id) in partners.iter().enumerate().take(PROGRAMS) {
        let new = NewProgram {
            code: format!("P{case}X{n}"),
            funder_id,
        };
        let input = ProgramInput {
            name: Some(format!("Programme {n}")),
            max_cofinancing_rate: Some(Decimal::new(7_000, 4)),
            ..Default::default()
        };
        programs.push(
            create_program(&services, admin, new, input, None)
                .await
                .expect("program")
                .id,
        );
    }
    let mut projects = Vec::new();
    for n in 0..PROJECTS {
        let reference = format!("C{case}-{n}");
        let row = crate::fixtures::project(db, center, carrier, &reference)
            .await
            .expect("project");
        projects.push(row.id);
    }
    World {
        services,
        admin: admin.clone(),
        partners,
        projects,
        programs,
    }
}

#[test]
fn money_rules_hold_after_every_step_of_any_sequence_of_writes() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let app = runtime.block_on(spawn_app());
    let admin = runtime.block_on(async {
        let (email, _) = app.user(Role::Admin, Links::default()).await;
        let row = user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(&app.db)
            .await
            .expect("the admin row")
            .expect("the admin");
        Viewer::authenticated(Principal::of(&row, None))
    });
    let cases = std::cell::Cell::new(0usize);
    let mut runner = TestRunner::new(Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    });
    let outcome = runner.run(&proptest::collection::vec(op(), 1..24), |ops| {
        cases.set(cases.get() + 1);
        runtime.block_on(async {
            let world = new_world(&app, &admin, cases.get()).await;
            run_case(&world, &ops).await
        })
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    runtime.block_on(async { drop(app) });
}
