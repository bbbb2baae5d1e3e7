//! The synthetic data set has the documented shape, respects every rule, and leaves the
//! database ready for writes through the API.

use cqs::seed::synthetic::seed_synthetic;
use serde_json::json;

use crate::helpers::spawn_app;
use crate::write_projects::{actors, create, new_project};

const VIOLATIONS: [(&str, &str); 5] = [
    (
        "overfunded projects",
        "SELECT COUNT(*) FROM projects p WHERE p.own_contribution + COALESCE((SELECT SUM(COALESCE(c.amount, 0)) FROM commitments c WHERE c.project_id = p.id AND c.status <> 'CANCELLED'), 0) > p.total_cost",
    ),
    (
        "funders above their cap",
        "SELECT COUNT(*) FROM projects p JOIN programs g ON g.id = p.program_id WHERE COALESCE((SELECT SUM(c.amount) FROM commitments c WHERE c.project_id = p.id AND c.program_id = p.program_id AND c.status <> 'CANCELLED'), 0) * 10000 > p.total_cost * g.max_cofinancing_rate_bp",
    ),
    (
        "overdisbursed commitments",
        "SELECT COUNT(*) FROM commitments c WHERE (SELECT SUM(d.amount) FROM disbursements d WHERE d.commitment_id = c.id) > c.amount",
    ),
    (
        "fulfilled money not paid in full",
        "SELECT COUNT(*) FROM commitments c WHERE c.kind = 'FINANCIAL' AND (c.status = 'FULFILLED') <> (COALESCE((SELECT SUM(d.amount) FROM disbursements d WHERE d.commitment_id = c.id), 0) = c.amount)",
    ),
    (
        "started projects not secured",
        "SELECT COUNT(*) FROM projects p WHERE p.status IN ('IN_PROGRESS', 'COMPLETED') AND p.own_contribution + COALESCE((SELECT SUM(COALESCE(c.amount, 0)) FROM commitments c WHERE c.project_id = p.id AND c.status IN ('CONFIRMED', 'FULFILLED')), 0) < p.total_cost",
    ),
];

#[tokio::test]
async fn scale_one_has_the_documented_shape_and_breaks_no_rule() {
    let app = spawn_app().await;
    let report = seed_synthetic(&app.db, 1)
        .await
        .unwrap()
        .expect("an empty database is seeded");
    assert_eq!(report.projects, 10_000);
    assert_eq!(report.organizations, 1_000);
    assert!(
        (45_000..=60_000).contains(&report.commitments),
        "about 5 per project: {}",
        report.commitments
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM zones").await, 30);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM partners").await, 20);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM programs").await, 3);
    let total = app.scalar("SELECT COUNT(*) FROM commitments").await;
    let cancelled = app
        .scalar("SELECT COUNT(*) FROM commitments WHERE status = 'CANCELLED'")
        .await;
    let to_center = app
        .scalar("SELECT COUNT(*) FROM commitments WHERE center_id IS NOT NULL")
        .await;
    assert!(
        (8..=12).contains(&(cancelled * 100 / total)),
        "about 10% cancelled: {cancelled}/{total}"
    );
    assert!(
        (1..=3).contains(&(to_center * 100 / total)),
        "about 2% to the center: {to_center}/{total}"
    );
    assert!(app.scalar("SELECT MAX(c) FROM (SELECT COUNT(*) AS c FROM commitments WHERE project_id IS NOT NULL GROUP BY project_id) t").await <= 15);
    assert_eq!(
        app.analyzed_main_tables().await,
        4,
        "the load ends with ANALYZE, so reads are planned on the real sizes"
    );
    for (rule, sql) in VIOLATIONS {
        assert_eq!(app.scalar(sql).await, 0, "{rule}");
    }
    assert!(
        seed_synthetic(&app.db, 1).await.unwrap().is_none(),
        "never into a populated database"
    );

    // Writes through the API get fresh ids after the explicit ones.
    let a = actors(&app).await;
    let created = create(&app, &a.staff, new_project(&a, "100000.00")).await;
    assert!(created["project"]["id"].is_string(), "{created}");
    let query = "{ projects(first: 1, orderBy: { field: CREATED_AT, direction: DESC }) { totalCount nodes { reference } } }";
    assert_eq!(
        app.gql_ok(query, json!(null)).await["projects"]["totalCount"],
        10_001
    );
}
