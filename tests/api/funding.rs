//! `Project.funding` and `Partner.totals`, computed by the database, equal the figures the test
//! computes by hand from the commitments it wrote.

use chrono::NaiveDate;
use cqs::domain::commitment::{CommitmentKind, CommitmentStatus};
use cqs::domain::money::Currency;
use cqs::entity::{commitment, disbursement, program};
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use serde_json::{Value, json};

use crate::fixtures::{self, at};
use crate::helpers::spawn_app;

async fn commit(
    db: &DatabaseConnection,
    partner_id: i64,
    project_id: i64,
    program_id: Option<i64>,
    kind: CommitmentKind,
    amount: Option<i64>,
    status: CommitmentStatus,
) -> commitment::Model {
    commitment::ActiveModel {
        partner_id: Set(partner_id),
        project_id: Set(Some(project_id)),
        center_id: Set(None),
        program_id: Set(program_id),
        kind: Set(kind),
        description: Set(None),
        amount: Set(amount),
        currency: Set(Currency::Mad),
        tax_included: Set(true),
        status: Set(status),
        pledged_on: Set(NaiveDate::from_ymd_opt(2003, 7, 9).unwrap()),
        due_on: Set(None),
        fulfilled_on: Set(None),
        created_at: Set(at(9)),
        updated_at: Set(at(9)),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
}

const FUNDING: &str = r#"{
  projects {
    nodes {
      funding {
        ownContribution { amount currency }
        committedFinancial { amount }
        committedInKind { amount }
        committed { amount }
        disbursed { amount }
        gap { amount }
        coverageRate
        programCap { amount }
        programCommitted { amount }
        programRemaining { amount }
      }
    }
  }
  partners(first: 10) { nodes { name totals { committed { amount currency } disbursed { amount } count projectsCount } } }
}"#;

#[tokio::test]
async fn the_financing_plan_and_partner_totals_add_up() {
    let app = spawn_app().await;
    let db = &app.db;
    let ads = fixtures::partner(db, "ADS").await.unwrap();
    let company = fixtures::partner(db, "Textiles").await.unwrap();
    let prefecture = fixtures::partner(db, "Préfecture").await.unwrap();
    let center = fixtures::center(db, "mohammedia").await.unwrap();
    let carrier = fixtures::association(db, center.id, None).await.unwrap();
    let pasec = program::ActiveModel {
        code: Set("PASEC".into()),
        name: Set("PASEC".into()),
        funder_id: Set(ads.id),
        max_cofinancing_rate_bp: Set(7000),
        budget_amount: Set(None),
        budget_currency: Set(None),
        starts_on: Set(None),
        ends_on: Set(None),
        created_at: Set(at(1)),
        updated_at: Set(at(1)),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    // Total cost 100,000.00 with an own contribution of 10,000.00 (the fixture's).
    let project = fixtures::project(db, center.id, carrier.id, "MOH-2003-0001")
        .await
        .unwrap();
    let mut project: cqs::entity::project::ActiveModel = project.into();
    project.program_id = Set(Some(pasec.id));
    let project = project.update(db).await.unwrap();

    use CommitmentKind::*;
    use CommitmentStatus::*;
    let financed = commit(
        db,
        ads.id,
        project.id,
        Some(pasec.id),
        Financial,
        Some(6_000_000),
        Confirmed,
    )
    .await;
    commit(
        db,
        company.id,
        project.id,
        None,
        Equipment,
        Some(500_000),
        Pledged,
    )
    .await;
    commit(
        db,
        prefecture.id,
        project.id,
        None,
        TechnicalAssistance,
        None,
        Confirmed,
    )
    .await;
    commit(
        db,
        company.id,
        project.id,
        None,
        Financial,
        Some(1_000_000),
        Cancelled,
    )
    .await;
    for (amount, day) in [(1_500_000, 10), (500_000, 20)] {
        disbursement::ActiveModel {
            commitment_id: Set(financed.id),
            amount: Set(amount),
            currency: Set(Currency::Mad),
            paid_on: Set(NaiveDate::from_ymd_opt(2003, 8, day).unwrap()),
            reference: Set(None),
            created_at: Set(at(20)),
            updated_at: Set(at(20)),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
    }

    let data = app.gql_ok(FUNDING, Value::Null).await;
    let amount = |value: &str| json!({ "amount": value });
    let funding = &data["projects"]["nodes"][0]["funding"];
    assert_eq!(
        funding["ownContribution"],
        json!({ "amount": "10000.00", "currency": "MAD" })
    );
    assert_eq!(
        funding["committedFinancial"],
        amount("60000.00"),
        "the cancelled one is left out"
    );
    assert_eq!(
        funding["committedInKind"],
        amount("5000.00"),
        "only valued in-kind counts"
    );
    assert_eq!(funding["committed"], amount("75000.00"));
    assert_eq!(funding["disbursed"], amount("20000.00"));
    assert_eq!(funding["gap"], amount("25000.00"));
    assert_eq!(funding["coverageRate"], "0.75");
    assert_eq!(funding["programCap"], amount("70000.00"));
    assert_eq!(funding["programCommitted"], amount("60000.00"));
    assert_eq!(funding["programRemaining"], amount("10000.00"));

    let totals = |name: &str| -> Value {
        data["partners"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()["totals"]
            .clone()
    };
    assert_eq!(
        totals("ADS"),
        json!({ "committed": { "amount": "60000.00", "currency": "MAD" }, "disbursed": { "amount": "20000.00" }, "count": 1, "projectsCount": 1 })
    );
    assert_eq!(
        totals("Textiles")["committed"]["amount"],
        "5000.00",
        "its cancelled pledge is left out"
    );
    assert_eq!(totals("Textiles")["count"], 1);
    assert_eq!(
        totals("Préfecture")["committed"]["amount"],
        "0.00",
        "in kind without a value"
    );
    assert_eq!(totals("Préfecture")["count"], 1);
}

#[tokio::test]
async fn a_project_without_commitments_has_its_whole_cost_as_gap() {
    let app = spawn_app().await;
    let center = fixtures::center(&app.db, "mohammedia").await.unwrap();
    let carrier = fixtures::association(&app.db, center.id, None)
        .await
        .unwrap();
    fixtures::project(&app.db, center.id, carrier.id, "MOH-2003-0001")
        .await
        .unwrap();
    let data = app.gql_ok(FUNDING, Value::Null).await;
    let funding = &data["projects"]["nodes"][0]["funding"];
    assert_eq!(
        funding["committed"]["amount"], "10000.00",
        "the own contribution alone"
    );
    assert_eq!(funding["gap"]["amount"], "90000.00");
    assert_eq!(funding["coverageRate"], "0.10");
    assert_eq!(funding["programCap"], Value::Null, "outside any program");
}
