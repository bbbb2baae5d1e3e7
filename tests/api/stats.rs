//! `stats` over a data set written through the API: every figure equals what the test computes
//! from the data it wrote, the totals equal the sum of the projects' `funding`, filters apply to
//! every figure, and the statement count does not grow with the data.

use cqs::domain::role::Role;
use serde_json::{Value, json};

use crate::helpers::{Links, TestApp, spawn_app};

/// Runs `name(input:)` as `token` and returns the id of the `object` it made.
async fn make(
    app: &TestApp,
    token: &str,
    name: &str,
    input_type: &str,
    object: &str,
    input: Value,
) -> Value {
    let query = format!(
        "mutation M($input: {input_type}!) {{ {name}(input: $input) {{ {object} {{ id }} userErrors {{ code field message }} }} }}"
    );
    let (_, body) = app.gql_as(token, &query, json!({ "input": input })).await;
    let payload = &body["data"][name];
    assert_eq!(payload["userErrors"], json!([]), "{name}: {body}");
    payload[object]["id"].clone()
}

fn cents(text: &str) -> i64 {
    let (units, fraction) = text.split_once('.').unwrap();
    units.parse::<i64>().unwrap() * 100 + fraction.parse::<i64>().unwrap()
}

fn money(c: i64) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

/// A project of the data set: zone index, sector, under the program, total and own (dirhams).
const PROJECTS: [(usize, &str, bool, i64, i64); 4] = [
    (0, "EDUCATION", true, 100_000, 10_000),
    (0, "HEALTH", false, 50_000, 5_000),
    (1, "EDUCATION", true, 200_000, 20_000),
    (1, "WOMEN", false, 80_000, 0),
];

/// A commitment: project, partner index (0 is the program's funder), kind, amount, final
/// status, pledge date, payments.
type Row = (
    usize,
    usize,
    &'static str,
    Option<i64>,
    &'static str,
    &'static str,
    &'static [i64],
);
const COMMITMENTS: [Row; 8] = [
    (
        0,
        0,
        "FINANCIAL",
        Some(60_000),
        "CONFIRMED",
        "2004-01-15",
        &[20_000, 10_000],
    ),
    (0, 1, "EQUIPMENT", Some(5_000), "PLEDGED", "2004-02-10", &[]),
    (
        0,
        2,
        "FINANCIAL",
        Some(9_000),
        "CANCELLED",
        "2004-02-20",
        &[],
    ),
    (
        1,
        1,
        "FINANCIAL",
        Some(45_000),
        "CONFIRMED",
        "2004-04-01",
        &[45_000],
    ),
    (
        2,
        0,
        "FINANCIAL",
        Some(140_000),
        "CONFIRMED",
        "2004-06-30",
        &[70_000],
    ),
    (2, 2, "TRAINING", None, "PLEDGED", "2004-07-01", &[]),
    (
        3,
        2,
        "FINANCIAL",
        Some(30_000),
        "PLEDGED",
        "2005-01-05",
        &[],
    ),
    (3, 1, "STUDY", Some(8_000), "CONFIRMED", "2005-03-09", &[]),
];

struct DataSet {
    zones: Vec<Value>,
    projects: Vec<Value>,
}

async fn write_data_set(app: &TestApp, admin: &str) -> DataSet {
    let center = make(
        app,
        admin,
        "createCenter",
        "CreateCenterInput",
        "center",
        json!({ "name": "Centre", "slug": "centre-stats", "city": "Mohammédia" }),
    )
    .await;
    let mut zones = Vec::new();
    for name in ["Al Alia", "Hay Rachidia"] {
        zones.push(
            make(
                app,
                admin,
                "createZone",
                "CreateZoneInput",
                "zone",
                json!({ "centerId": center, "name": name }),
            )
            .await,
        );
    }
    let mut partners = Vec::new();
    for (name, kind) in [
        ("ADS", "PUBLIC_AGENCY"),
        ("Textiles", "PRIVATE_COMPANY"),
        ("Préfecture", "PUBLIC_AUTHORITY"),
    ] {
        partners.push(
            make(
                app,
                admin,
                "createPartner",
                "CreatePartnerInput",
                "partner",
                json!({ "name": name, "kind": kind }),
            )
            .await,
        );
    }
    let program = make(app, admin, "createProgram", "CreateProgramInput", "program", json!({ "code": "PASEC-STATS", "name": "PASEC", "funderId": partners[0], "maxCofinancingRate": "0.70" })).await;
    let mut carriers = Vec::new();
    for (kind, zone, member) in [
        ("Association", 0, true),
        ("Association", 1, false),
        ("Cooperative", 1, true),
    ] {
        let mut input = json!({ "centerId": center, "name": format!("{kind} {zone}"), "zoneId": zones[zone], "sectors": ["EDUCATION"] });
        if member {
            input["networkMemberSince"] = json!("2003-01-01");
        }
        carriers.push(
            make(
                app,
                admin,
                &format!("create{kind}"),
                &format!("Create{kind}Input"),
                "organization",
                input,
            )
            .await,
        );
    }
    let mut projects = Vec::new();
    for (n, (zone, sector, under, total, own)) in PROJECTS.iter().enumerate() {
        let mut input = json!({ "carrierId": carriers[n % 3], "zoneId": zones[*zone], "title": format!("Projet {n}"), "sector": sector,
            "totalCost": { "amount": money(total * 100) }, "ownContribution": { "amount": money(own * 100) }, "beneficiariesCount": 10 * (n + 1) });
        if *under {
            input["programId"] = program.clone();
        }
        projects.push(
            make(
                app,
                admin,
                "createProject",
                "CreateProjectInput",
                "project",
                input,
            )
            .await,
        );
    }
    for (project, partner, kind, amount, status, pledged, payments) in COMMITMENTS {
        let mut input = json!({ "partnerId": partners[partner], "projectId": projects[project], "kind": kind, "pledgedOn": pledged,
            "status": if status == "PLEDGED" { "PLEDGED" } else { "CONFIRMED" } });
        if let Some(amount) = amount {
            input["amount"] = json!({ "amount": money(amount * 100) });
        }
        let id = make(
            app,
            admin,
            "createCommitment",
            "CreateCommitmentInput",
            "commitment",
            input,
        )
        .await;
        for (k, paid) in payments.iter().enumerate() {
            let day = format!("2004-{:02}-15", 8 + k);
            make(app, admin, "recordDisbursement", "RecordDisbursementInput", "disbursement", json!({ "commitmentId": id, "amount": { "amount": money(paid * 100) }, "paidOn": day })).await;
        }
        if status == "CANCELLED" {
            make(
                app,
                admin,
                "transitionCommitment",
                "TransitionCommitmentInput",
                "commitment",
                json!({ "id": id, "to": "CANCELLED" }),
            )
            .await;
        }
    }
    DataSet { zones, projects }
}

const DASHBOARD: &str = r#"query S($filter: StatsFilter, $interval: TimeInterval) { stats(filter: $filter) {
  organizations { total associations cooperatives networkMembers }
  projects { total byStatus { status count } totalCost { amount } beneficiaries }
  funding { totalCost { amount } committed { amount } disbursed { amount } gap { amount } coverageRate inKindValued { amount } }
  byPartner { partner { name } committed { amount } disbursed { amount } commitmentsCount projectsCount }
  byProgram { program { code } committed { amount } projectsCount }
  byZone { zone { name } projectsCount committed { amount } beneficiaries }
  bySector { sector projectsCount committed { amount } }
  commitmentsOverTime(interval: $interval) { start committed { amount } disbursed { amount } count }
} }"#;

/// The counted commitments (not cancelled) of the projects kept, pledged within the dates.
fn counted<'a>(
    keep: &'a dyn Fn(usize) -> bool,
    from: &'a str,
    to: &'a str,
) -> impl Iterator<Item = &'static Row> + 'a {
    COMMITMENTS
        .iter()
        .filter(move |c| keep(c.0) && c.4 != "CANCELLED" && c.5 >= from && c.5 <= to)
}

#[tokio::test]
async fn every_figure_matches_the_data_written_and_the_project_pages() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    write_data_set(&app, &admin).await;
    let stats = app
        .gql_ok(DASHBOARD, json!({ "interval": "QUARTER" }))
        .await["stats"]
        .clone();
    let all = |_: usize| true;
    let sum = |f: &dyn Fn(&Row) -> i64| counted(&all, "0", "9").map(f).sum::<i64>() * 100;

    assert_eq!(
        stats["organizations"],
        json!({ "total": 3, "associations": 2, "cooperatives": 1, "networkMembers": 2 })
    );
    let total_cost: i64 = PROJECTS.iter().map(|p| p.3).sum::<i64>() * 100;
    let own: i64 = PROJECTS.iter().map(|p| p.4).sum::<i64>() * 100;
    assert_eq!(stats["projects"]["total"], 4);
    assert_eq!(stats["projects"]["totalCost"]["amount"], money(total_cost));
    assert_eq!(stats["projects"]["beneficiaries"], 10 + 20 + 30 + 40);
    assert_eq!(
        stats["projects"]["byStatus"][0],
        json!({ "status": "DRAFT", "count": 4 })
    );
    assert_eq!(
        stats["projects"]["byStatus"].as_array().unwrap().len(),
        9,
        "every status"
    );

    let committed = own + sum(&|c| c.3.unwrap_or(0));
    let in_kind = sum(&|c| {
        if c.2 == "FINANCIAL" {
            0
        } else {
            c.3.unwrap_or(0)
        }
    });
    let disbursed = sum(&|c| c.6.iter().sum());
    let funding = &stats["funding"];
    assert_eq!(funding["committed"]["amount"], money(committed));
    assert_eq!(funding["inKindValued"]["amount"], money(in_kind));
    assert_eq!(funding["disbursed"]["amount"], money(disbursed));
    assert_eq!(funding["gap"]["amount"], money(total_cost - committed));
    assert_eq!(
        funding["coverageRate"],
        cqs::domain::funding::ratio(committed, total_cost).to_string()
    );

    let pages = app
        .gql_ok(
            "{ projects { nodes { funding { committed { amount } disbursed { amount } } } } }",
            Value::Null,
        )
        .await;
    let page_sum = |field: &str| {
        pages["projects"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| cents(p["funding"][field]["amount"].as_str().unwrap()))
            .sum::<i64>()
    };
    assert_eq!(
        page_sum("committed"),
        committed,
        "the dashboard adds up to its project pages"
    );
    assert_eq!(page_sum("disbursed"), disbursed);

    let partners = stats["byPartner"].as_array().unwrap();
    let ads = partners
        .iter()
        .find(|p| p["partner"]["name"] == "ADS")
        .unwrap();
    assert_eq!(ads["committed"]["amount"], money(200_000 * 100));
    assert_eq!(ads["disbursed"]["amount"], money(100_000 * 100));
    assert_eq!(
        (
            ads["commitmentsCount"].as_i64(),
            ads["projectsCount"].as_i64()
        ),
        (Some(2), Some(2))
    );
    let prefecture = partners
        .iter()
        .find(|p| p["partner"]["name"] == "Préfecture")
        .unwrap();
    assert_eq!(
        prefecture["commitmentsCount"], 2,
        "its cancelled commitment is not counted"
    );
    assert_eq!(
        stats["byProgram"],
        json!([{ "program": { "code": "PASEC-STATS" }, "committed": { "amount": money((10_000 + 20_000 + 65_000 + 140_000) * 100) }, "projectsCount": 2 }])
    );
    let zone = |name: &str| {
        stats["byZone"]
            .as_array()
            .unwrap()
            .iter()
            .find(|z| z["zone"]["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(
        zone("Al Alia")["committed"]["amount"],
        money((10_000 + 65_000 + 5_000 + 45_000) * 100)
    );
    assert_eq!(zone("Hay Rachidia")["beneficiaries"], 70);
    let education = stats["bySector"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["sector"] == "EDUCATION")
        .unwrap()
        .clone();
    assert_eq!(education["projectsCount"], 2);

    let buckets = stats["commitmentsOverTime"].as_array().unwrap();
    let starts: Vec<&str> = buckets
        .iter()
        .map(|b| b["start"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        [
            "2004-01-01",
            "2004-04-01",
            "2004-07-01",
            "2004-10-01",
            "2005-01-01"
        ],
        "empty quarters included"
    );
    assert_eq!(
        buckets[0]["count"], 2,
        "the cancelled pledge of Q1 is not counted"
    );
    assert_eq!(buckets[0]["committed"]["amount"], money(65_000 * 100));
    assert_eq!(
        buckets[2]["disbursed"]["amount"],
        money(disbursed),
        "every payment was made in Q3 2004"
    );
    assert_eq!(buckets[3]["count"], 0);
}

#[tokio::test]
async fn the_filter_applies_to_every_figure() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    let data = write_data_set(&app, &admin).await;
    let filter = json!({ "zoneId": data.zones[1], "from": "2004-06-01", "to": "2004-12-31" });
    let stats = app.gql_ok(DASHBOARD, json!({ "filter": filter })).await["stats"].clone();
    let keep = |p: usize| PROJECTS[p].0 == 1;
    let commitments: Vec<&Row> = counted(&keep, "2004-06-01", "2004-12-31").collect();
    let own: i64 = PROJECTS
        .iter()
        .filter(|p| p.0 == 1)
        .map(|p| p.4)
        .sum::<i64>()
        * 100;
    let committed = own + commitments.iter().map(|c| c.3.unwrap_or(0)).sum::<i64>() * 100;
    assert_eq!(stats["projects"]["total"], 2);
    assert_eq!(
        stats["organizations"]["total"], 2,
        "organizations of the zone"
    );
    assert_eq!(stats["funding"]["committed"]["amount"], money(committed));
    assert_eq!(stats["byPartner"].as_array().unwrap().len(), 2);
    let counted_total: i64 = stats["commitmentsOverTime"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_i64().unwrap())
        .sum();
    assert_eq!(counted_total, commitments.len() as i64);
    let code = app
        .gql_error_code(
            DASHBOARD,
            json!({ "filter": { "from": "2005-01-01", "to": "2004-01-01" } }),
        )
        .await;
    assert_eq!(code, "BAD_USER_INPUT");
    let _ = data.projects;
}

#[tokio::test]
async fn the_dashboard_runs_a_fixed_number_of_statements_whatever_the_data_size() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    write_data_set(&app, &admin).await;
    let (_, small) = app.gql_counted(DASHBOARD, Value::Null).await;
    crate::fixtures::projects_with_commitments(&app.db, 60)
        .await
        .unwrap();
    let (data, large) = app.gql_counted(DASHBOARD, Value::Null).await;
    assert_eq!(data["stats"]["projects"]["total"], 64);
    assert_eq!(small, large, "statements do not grow with the data");
    assert!(
        small <= 12,
        "one statement per figure and per loader: {small}"
    );
}
