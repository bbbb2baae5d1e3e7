//! `stats { commitmentsOverTime }` holds at most 2,400 buckets: a wider `from`..`to` is refused
//! before the database is asked, and so is a series stretched by rows already stored in year 1.

use cqs::graphql::id::{NodeType, encode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_demo_app};

const SERIES: &str = "query S($filter: StatsFilter, $interval: TimeInterval) {
  stats(filter: $filter) { commitmentsOverTime(interval: $interval) { start count } } }";

/// The series' bucket starts, or the refusal's code and message.
async fn series(app: &TestApp, filter: Value, interval: &str) -> Result<Vec<String>, String> {
    let variables = json!({ "filter": filter, "interval": interval });
    let body = app.gql(SERIES, variables).await;
    if let Some(error) = body["errors"].get(0) {
        return Err(format!(
            "{}: {}",
            error["extensions"]["code"].as_str().unwrap_or_default(),
            error["message"].as_str().unwrap_or_default()
        ));
    }
    let buckets = body["data"]["stats"]["commitmentsOverTime"].as_array();
    Ok(buckets
        .unwrap_or_else(|| panic!("a series: {body}"))
        .iter()
        .map(|b| b["start"].as_str().unwrap_or_default().to_owned())
        .collect())
}

fn assert_too_wide(outcome: Result<Vec<String>, String>, spanned: &str, case: &str) {
    let refusal = outcome.expect_err(case);
    assert!(
        refusal.starts_with("BAD_USER_INPUT: ") && refusal.contains(spanned),
        "{case}: {refusal}"
    );
    assert!(
        refusal.contains("more than the 2400 buckets") && refusal.contains("coarser interval"),
        "{case}: the refusal says how to narrow the request: {refusal}"
    );
}

#[tokio::test]
async fn a_from_to_spanning_more_than_2400_months_is_refused_by_month_and_answered_by_year() {
    let app = spawn_demo_app().await;
    let whole = json!({ "from": "1900-01-01", "to": "2100-12-31" });
    assert_too_wide(
        series(&app, whole.clone(), "MONTH").await,
        "`from` to `to` spans 2412 months",
        "1900 to 2100 by month",
    );
    let by_year = series(&app, whole.clone(), "YEAR").await.unwrap();
    let by_quarter = series(&app, whole, "QUARTER").await.unwrap();
    assert!(!by_year.is_empty() && by_year.len() <= 201, "{by_year:?}");
    assert!(by_quarter.len() >= by_year.len(), "{by_quarter:?}");
    let two_hundred_years = json!({ "from": "1900-01-01", "to": "2099-12-31" });
    let by_month = series(&app, two_hundred_years, "MONTH").await.unwrap();
    assert!(by_month.len() <= 2400, "exactly the maximum is answered");
}

#[tokio::test]
async fn rows_stored_in_year_one_cannot_stretch_a_series_to_tens_of_thousands_of_buckets() {
    let app = spawn_demo_app().await;
    let counted = "SELECT MIN(c.id) FROM commitments c
      WHERE c.project_id IS NOT NULL AND c.status <> 'CANCELLED'";
    let pledged = app.scalar(counted).await;
    update(
        &app,
        &format!("UPDATE commitments SET pledged_on = '0001-01-01' WHERE id = {pledged}"),
    )
    .await;
    assert_too_wide(
        series(&app, Value::Null, "MONTH").await,
        "the pledges and payments counted span 24",
        "no filter, by month",
    );
    let by_year = series(&app, Value::Null, "YEAR").await.unwrap();
    assert_eq!(by_year[0], "0001-01-01", "{:?}", &by_year[..3]);
    assert!(by_year.len() <= 2400);
    let within = json!({ "from": "1900-01-01", "to": "2100-12-31" });
    let by_quarter = series(&app, within, "QUARTER").await.unwrap();
    assert!(
        by_quarter[0].as_str() >= "1900-01-01",
        "a filter within the calendar leaves the old row out: {by_quarter:?}"
    );
}

#[tokio::test]
async fn a_payment_stored_in_year_one_is_bounded_even_under_a_one_day_filter() {
    let app = spawn_demo_app().await;
    let paid = "SELECT MIN(d.id) FROM disbursements d JOIN commitments c ON c.id = d.commitment_id
      WHERE c.project_id IS NOT NULL AND c.status <> 'CANCELLED'";
    let payment = app.scalar(paid).await;
    let commitment = app
        .scalar(&format!(
            "SELECT commitment_id FROM disbursements WHERE id = {payment}"
        ))
        .await;
    update(
        &app,
        &format!("UPDATE disbursements SET paid_on = '0001-01-01' WHERE id = {payment}"),
    )
    .await;
    let node = "query N($id: ID!) { node(id: $id) { ... on Commitment { pledgedOn } } }";
    let data = app
        .gql_ok(
            node,
            json!({ "id": encode(NodeType::Commitment, commitment) }),
        )
        .await;
    let day = &data["node"]["pledgedOn"];
    assert_too_wide(
        series(&app, json!({ "from": day, "to": day }), "MONTH").await,
        "the pledges and payments counted span",
        "the day of the pledge",
    );
}

async fn update(app: &TestApp, sql: &str) {
    use sea_orm::ConnectionTrait;
    app.db
        .execute_unprepared(sql)
        .await
        .unwrap_or_else(|err| panic!("{sql}: {err}"));
}
