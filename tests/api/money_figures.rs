//! One definition of every money figure, per currency: projects in MAD and in EUR, their
//! commitments and payments, and every figure of `stats`, `Partner.totals` and `Project.funding`
//! against hand-computed values — never MAD and EUR added together, and a partner's figure the
//! same from every path.

use cqs::domain::role::Role;
use cqs::graphql::id::{NodeType, encode};
use serde_json::{Value, json};

use crate::helpers::{Links, TestApp, spawn_app};
use crate::write_commitments::commit;

struct Books {
    admin: String,
    center: Value,
    a: Value,
    b: Value,
    mad_project: Value,
    eur_project: Value,
}

async fn project(app: &TestApp, admin: &str, carrier: &Value, total: Value, own: Value) -> Value {
    let (_, body) = app
        .gql_as(admin, "mutation C($input: CreateProjectInput!) { createProject(input: $input) { project { id } userErrors { code } } }",
            json!({ "input": { "carrierId": carrier, "title": "Projet", "sector": "INCOME_GENERATION", "totalCost": total, "ownContribution": own } }))
        .await;
    let id = body["data"]["createProject"]["project"]["id"].clone();
    assert!(id.is_string(), "{body}");
    id
}

/// Two projects (100,000.00 MAD, own 10,000.00; 10,000.00 EUR, own 1,000.00) and two partners:
/// A commits 40,000.00 MAD (confirmed, 15,000.00 paid) and 5,000.00 EUR to them, and 3,000.00
/// MAD to the center; B commits 2,000.00 EUR in kind, an unvalued in-kind help in MAD, and
/// 25,000.00 MAD it then cancels.
async fn books(app: &TestApp) -> Books {
    let center_id = crate::fixtures::center(&app.db, "figures")
        .await
        .unwrap()
        .id;
    let carrier_id = crate::fixtures::association(&app.db, center_id, None)
        .await
        .unwrap()
        .id;
    let a_id = crate::fixtures::partner(&app.db, "Partenaire A")
        .await
        .unwrap()
        .id;
    let b_id = crate::fixtures::partner(&app.db, "Partenaire B")
        .await
        .unwrap()
        .id;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    let carrier = json!(encode(NodeType::Organization, carrier_id));
    let mad_project = project(
        app,
        &admin,
        &carrier,
        json!({ "amount": "100000.00" }),
        json!({ "amount": "10000.00" }),
    )
    .await;
    let eur_project = project(
        app,
        &admin,
        &carrier,
        json!({ "amount": "10000.00", "currency": "EUR" }),
        json!({ "amount": "1000.00", "currency": "EUR" }),
    )
    .await;
    let (a, b) = (
        json!(encode(NodeType::Partner, a_id)),
        json!(encode(NodeType::Partner, b_id)),
    );
    let center = json!(encode(NodeType::Center, center_id));
    let a_mad = commit(app, &admin, json!({ "partnerId": a, "projectId": mad_project, "kind": "FINANCIAL", "amount": { "amount": "40000.00" }, "status": "CONFIRMED" })).await["commitment"]["id"].clone();
    let (_, paid) = app
        .gql_as(&admin, "mutation D($input: RecordDisbursementInput!) { recordDisbursement(input: $input) { userErrors { code } } }",
            json!({ "input": { "commitmentId": a_mad, "amount": { "amount": "15000.00" }, "paidOn": "2004-03-01" } }))
        .await;
    assert_eq!(
        paid["data"]["recordDisbursement"]["userErrors"],
        json!([]),
        "{paid}"
    );
    let inputs = [
        json!({ "partnerId": a, "projectId": eur_project, "kind": "FINANCIAL", "amount": { "amount": "5000.00", "currency": "EUR" } }),
        json!({ "partnerId": a, "centerId": center, "kind": "FINANCIAL", "amount": { "amount": "3000.00" } }),
        json!({ "partnerId": b, "projectId": eur_project, "kind": "EQUIPMENT", "amount": { "amount": "2000.00", "currency": "EUR" } }),
        json!({ "partnerId": b, "projectId": mad_project, "kind": "TECHNICAL_ASSISTANCE" }),
    ];
    for input in inputs {
        let made = commit(app, &admin, input).await;
        assert_eq!(made["userErrors"], json!([]), "{made}");
    }
    let cancelled = commit(app, &admin, json!({ "partnerId": b, "projectId": mad_project, "kind": "FINANCIAL", "amount": { "amount": "25000.00" } })).await["commitment"]["id"].clone();
    app.gql_as(&admin, "mutation T($input: TransitionCommitmentInput!) { transitionCommitment(input: $input) { userErrors { code } } }",
        json!({ "input": { "id": cancelled, "to": "CANCELLED" } })).await;
    Books {
        admin,
        center,
        a,
        b,
        mad_project,
        eur_project,
    }
}

fn money(amount: &str, currency: &str) -> Value {
    json!({ "amount": amount, "currency": currency })
}

const STATS: &str = "query S($filter: StatsFilter) { stats(filter: $filter) {
  projects { total totalCost { amount currency } }
  funding { totalCost { amount currency } committed { amount currency } disbursed { amount currency }
            gap { amount currency } coverageRate inKindValued { amount currency } }
  byPartner { partner { id } committed { amount currency } disbursed { amount currency } commitmentsCount projectsCount }
  commitmentsOverTime(interval: YEAR) { committed { amount currency } count }
} }";

#[tokio::test]
async fn stats_count_one_currency_at_a_time() {
    let app = spawn_app().await;
    let books = books(&app).await;
    let stats = |currency: &str| {
        let filter = json!({ "filter": { "centerId": books.center, "currency": currency } });
        let app = &app;
        async move { app.gql_ok(STATS, filter).await["stats"].clone() }
    };

    let mad = stats("MAD").await;
    assert_eq!(
        mad["projects"],
        json!({ "total": 1, "totalCost": money("100000.00", "MAD") })
    );
    assert_eq!(
        mad["funding"],
        json!({
        "totalCost": money("100000.00", "MAD"), "committed": money("50000.00", "MAD"),
        "disbursed": money("15000.00", "MAD"), "gap": money("50000.00", "MAD"),
        "coverageRate": "0.50", "inKindValued": money("0.00", "MAD") })
    );
    assert_eq!(
        mad["byPartner"],
        json!([
            { "partner": { "id": books.a }, "committed": money("40000.00", "MAD"), "disbursed": money("15000.00", "MAD"), "commitmentsCount": 1, "projectsCount": 1 },
            { "partner": { "id": books.b }, "committed": money("0.00", "MAD"), "disbursed": money("0.00", "MAD"), "commitmentsCount": 1, "projectsCount": 1 },
        ])
    );

    let eur = stats("EUR").await;
    assert_eq!(
        eur["projects"],
        json!({ "total": 1, "totalCost": money("10000.00", "EUR") })
    );
    assert_eq!(
        eur["funding"],
        json!({
        "totalCost": money("10000.00", "EUR"), "committed": money("8000.00", "EUR"),
        "disbursed": money("0.00", "EUR"), "gap": money("2000.00", "EUR"),
        "coverageRate": "0.80", "inKindValued": money("2000.00", "EUR") })
    );
    assert_eq!(
        eur["byPartner"],
        json!([
            { "partner": { "id": books.a }, "committed": money("5000.00", "EUR"), "disbursed": money("0.00", "EUR"), "commitmentsCount": 1, "projectsCount": 1 },
            { "partner": { "id": books.b }, "committed": money("2000.00", "EUR"), "disbursed": money("0.00", "EUR"), "commitmentsCount": 1, "projectsCount": 1 },
        ])
    );
    let buckets = eur["commitmentsOverTime"].as_array().unwrap();
    assert_eq!(buckets.len(), 1, "{buckets:?}");
    assert_eq!(
        buckets[0],
        json!({ "committed": money("7000.00", "EUR"), "count": 2 })
    );

    let usd = stats("USD").await;
    assert_eq!(usd["funding"]["committed"], money("0.00", "USD"));
    assert_eq!(usd["byPartner"], json!([]));
}

#[tokio::test]
async fn a_partners_figure_is_the_same_from_every_path_in_each_currency() {
    let app = spawn_app().await;
    let books = books(&app).await;
    let totals = "query T($id: ID!) { node(id: $id) { ... on Partner {
      mad: totals { committed { amount currency } committedToProjects { amount } disbursed { amount } count projectsCount }
      eur: totals(currency: EUR) { committed { amount currency } committedToProjects { amount } disbursed { amount } count projectsCount }
      usd: totals(currency: USD) { committed { amount currency } count }
    } } }";
    let a = app.gql_ok(totals, json!({ "id": books.a })).await["node"].clone();
    assert_eq!(
        a["mad"],
        json!({ "committed": money("43000.00", "MAD"), "committedToProjects": { "amount": "40000.00" }, "disbursed": { "amount": "15000.00" }, "count": 2, "projectsCount": 1 })
    );
    assert_eq!(
        a["eur"],
        json!({ "committed": money("5000.00", "EUR"), "committedToProjects": { "amount": "5000.00" }, "disbursed": { "amount": "0.00" }, "count": 1, "projectsCount": 1 })
    );
    assert_eq!(
        a["usd"],
        json!({ "committed": money("0.00", "USD"), "count": 0 })
    );
    let b = app.gql_ok(totals, json!({ "id": books.b })).await["node"].clone();
    assert_eq!(
        b["mad"],
        json!({ "committed": money("0.00", "MAD"), "committedToProjects": { "amount": "0.00" }, "disbursed": { "amount": "0.00" }, "count": 1, "projectsCount": 1 })
    );
    assert_eq!(
        b["eur"],
        json!({ "committed": money("2000.00", "EUR"), "committedToProjects": { "amount": "2000.00" }, "disbursed": { "amount": "0.00" }, "count": 1, "projectsCount": 1 })
    );

    let funding = "query F($id: ID!) { node(id: $id) { ... on Project {
      funding { committed { amount currency } gap { amount currency } }
      commitments { nodes { status amount { amount currency } partner { id } } }
    } } }";
    let mut by_path: Vec<(Value, &str, String)> = Vec::new();
    for (project, currency) in [(&books.mad_project, "MAD"), (&books.eur_project, "EUR")] {
        let page = app.gql_ok(funding, json!({ "id": project })).await["node"].clone();
        assert_eq!(page["funding"]["committed"]["currency"], currency);
        for partner in [&books.a, &books.b] {
            let cents: i64 = page["commitments"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|n| n["partner"]["id"] == *partner && n["status"] != "CANCELLED")
                .filter_map(|n| n["amount"]["amount"].as_str())
                .map(|amount| amount.replace('.', "").parse::<i64>().unwrap())
                .sum();
            by_path.push((
                partner.clone(),
                currency,
                format!("{}.{:02}", cents / 100, cents % 100),
            ));
        }
    }
    assert_eq!(
        app.gql_ok(funding, json!({ "id": books.mad_project }))
            .await["node"]["funding"]["committed"],
        money("50000.00", "MAD")
    );
    assert_eq!(
        app.gql_ok(funding, json!({ "id": books.eur_project }))
            .await["node"]["funding"]["committed"],
        money("8000.00", "EUR")
    );
    for (partner, currency, from_pages) in by_path {
        let stats = app
            .gql_ok(
                STATS,
                json!({ "filter": { "centerId": books.center, "currency": currency } }),
            )
            .await;
        let from_stats = stats["stats"]["byPartner"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["partner"]["id"] == partner)
            .map_or("0.00".to_owned(), |row| {
                row["committed"]["amount"].as_str().unwrap().to_owned()
            });
        let node = if partner == books.a { &a } else { &b };
        let from_totals = node[currency.to_lowercase()]["committedToProjects"]["amount"]
            .as_str()
            .unwrap();
        assert_eq!(
            from_stats, from_pages,
            "{partner} {currency}: stats and project pages"
        );
        assert_eq!(
            from_totals, from_pages,
            "{partner} {currency}: totals and project pages"
        );
    }
    let _ = &books.admin;
}
