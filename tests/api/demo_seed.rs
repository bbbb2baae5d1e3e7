//! The demo data set tells the Mohammédia story with the article's facts, respects every rule of
//! DESIGN.md, and loads only into an empty database.

use cqs::app::App;
use cqs::config::Config;
use cqs::seed::demo::{SeedOutcome, seed_demo};
use serde_json::{Value, json};

use crate::helpers::{
    TestApp, TestDatabase, spawn_app, spawn_app_on, spawn_demo_app, spawn_demo_app_with_limits,
};

fn texts<'a>(items: &'a Value, field: &str) -> Vec<&'a str> {
    items
        .as_array()
        .expect("a list")
        .iter()
        .map(|item| item[field].as_str().unwrap_or_default())
        .collect()
}

const CENTER: &str = r#"{
  centers(first: 1) {
    totalCount
    nodes {
      name slug city region openedOn
      managedBy { name kind }
      commitments(first: 50) {
        nodes {
          kind description status taxIncluded quantity unit fulfilledOn
          amount { amount currency }
          partner { name acronym kind }
          target { __typename ... on Center { slug } }
        }
      }
      zones(first: 50) { totalCount nodes { name vulnerability } }
    }
  }
}"#;

#[tokio::test]
async fn the_demo_center_is_the_one_the_article_describes() {
    let app = spawn_demo_app().await;
    let data = app.gql_ok(CENTER, Value::Null).await;
    assert_eq!(data["centers"]["totalCount"], 1);
    let center = &data["centers"]["nodes"][0];
    assert_eq!(
        center["name"],
        "Centre de qualification sociale de Mohammédia"
    );
    assert_eq!(center["city"], "Mohammédia");
    assert!(
        center["openedOn"].as_str().unwrap().starts_with("2003-"),
        "opened in 2003"
    );
    assert_eq!(
        center["managedBy"]["name"],
        "Réseau associatif de la solidarité sociale"
    );
    assert_eq!(center["managedBy"]["kind"], "ASSOCIATIVE_NETWORK");
    assert!(
        center["zones"]["totalCount"].as_i64().unwrap() >= 4,
        "its neighbourhoods"
    );
}

#[tokio::test]
async fn every_commitment_of_the_article_is_made_to_the_center() {
    let app = spawn_demo_app().await;
    let data = app.gql_ok(CENTER, Value::Null).await;
    let commitments = data["centers"]["nodes"][0]["commitments"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    let by = |partner: &str, kind: &str| -> Vec<Value> {
        commitments
            .iter()
            .filter(|c| c["partner"]["name"] == partner && c["kind"] == kind)
            .cloned()
            .collect()
    };
    let prefecture = "Préfecture de Mohammédia";
    let ads = "Agence de Développement Social";
    let network = "Réseau associatif de la solidarité sociale";
    for (partner, kind, what) in [
        (prefecture, "CONSTRUCTION", "construction of the center"),
        (prefecture, "STUDY", "feasibility study"),
        (prefecture, "STAFF", "two administrative staff"),
        (
            prefecture,
            "TECHNICAL_ASSISTANCE",
            "technical assistance on project files",
        ),
        (ads, "EQUIPMENT", "office and IT equipment"),
        (ads, "ANTENNA", "the ADS antenna in the center"),
        (
            network,
            "SUPERVISION",
            "pedagogical and technical supervision",
        ),
        (network, "MANAGEMENT", "daily management"),
    ] {
        assert_eq!(by(partner, kind).len(), 1, "{what}: {partner} {kind}");
    }
    let staff = &by(prefecture, "STAFF")[0];
    assert!(
        staff["description"]
            .as_str()
            .unwrap()
            .contains("deux cadres administratifs")
    );
    assert_eq!(staff["quantity"], 2, "{staff}");
    assert_eq!(staff["unit"], "cadres administratifs");
    for kind in ["CONSTRUCTION", "STUDY"] {
        let done = &by(prefecture, kind)[0];
        assert_eq!(done["status"], "FULFILLED", "the center opened: {done}");
        assert!(
            done["fulfilledOn"].as_str().unwrap() <= "2003-07-05",
            "{done}"
        );
    }
    assert!(
        commitments
            .iter()
            .all(|c| c["kind"] != "OTHER" && c["kind"] != "TRAINING"),
        "the antenna and the supervision have their own kinds"
    );
    let ttc: Vec<_> = commitments
        .iter()
        .filter(|c| c["taxIncluded"] == true)
        .collect();
    assert_eq!(ttc.len(), 1, "only the equipment is stated TTC: {ttc:?}");
    let equipment = &by(ads, "EQUIPMENT")[0];
    assert_eq!(
        equipment["amount"],
        json!({ "amount": "250000.00", "currency": "MAD" })
    );
    assert_eq!(equipment["taxIncluded"], true, "250,000 DH TTC");
    let antenna = commitments
        .iter()
        .filter(|c| c["partner"]["name"] == ads)
        .filter(|c| {
            c["description"]
                .as_str()
                .unwrap_or_default()
                .contains("antenne")
        });
    assert_eq!(antenna.count(), 1, "the ADS antenna in the center");
    let supervision = commitments
        .iter()
        .filter(|c| c["partner"]["name"] == network)
        .filter(|c| {
            c["description"]
                .as_str()
                .unwrap_or_default()
                .contains("pédagogique")
        });
    assert_eq!(
        supervision.count(),
        1,
        "pedagogical and technical supervision"
    );
    assert!(
        commitments
            .iter()
            .all(|c| c["target"]["__typename"] == "Center")
    );
}

#[tokio::test]
async fn the_partners_and_pasec_are_those_of_the_article() {
    let app = spawn_demo_app().await;
    let data = app
        .gql_ok(
            "{ partners(first: 100) { nodes { name acronym kind } }
               programs { nodes { code name maxCofinancingRate funder { name acronym } } } }",
            Value::Null,
        )
        .await;
    let partners = &data["partners"]["nodes"];
    let names = texts(partners, "name");
    for name in [
        "Préfecture de Mohammédia",
        "Agence de Développement Social",
        "Réseau associatif de la solidarité sociale",
    ] {
        assert!(names.contains(&name), "{name} among {names:?}");
    }
    let companies = partners
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "PRIVATE_COMPANY")
        .count();
    assert!(
        companies >= 2,
        "at least two industrial companies, got {companies}"
    );
    let pasec = &data["programs"]["nodes"][0];
    assert_eq!(pasec["code"], "PASEC");
    assert_eq!(pasec["maxCofinancingRate"], "0.70");
    assert_eq!(pasec["funder"]["acronym"], "ADS");
}

/// The demo app, allowed to read every project with every commitment in one request (`PROJECTS`),
/// which costs more than a client may ask for.
async fn spawn_demo_app_reading_everything() -> TestApp {
    spawn_demo_app_with_limits(cqs::config::Limits {
        max_cost: 1_000_000,
        ..cqs::config::Limits::default()
    })
    .await
}

const PROJECTS: &str = r#"{
  associations { totalCount }
  cooperatives { totalCount }
  projects(first: 100) {
    totalCount
    nodes {
      reference status
      totalCost { amount }
      ownContribution { amount }
      funding { committed { amount } programCap { amount } programCommitted { amount } }
      commitments(first: 100) {
        nodes {
          kind status amount { amount } fulfilledOn
          disbursed { amount }
          program { code }
          partner { acronym }
          disbursements { paidOn }
        }
      }
    }
  }
}"#;

fn cents(money: &Value) -> i64 {
    let text = money["amount"].as_str().expect("an amount");
    let (units, fraction) = text.split_once('.').expect("two decimals");
    units.parse::<i64>().unwrap() * 100 + fraction.parse::<i64>().unwrap()
}

#[tokio::test]
async fn the_demo_organizations_and_projects_respect_every_rule() {
    let app = spawn_demo_app_reading_everything().await;
    let data = app.gql_ok(PROJECTS, Value::Null).await;
    assert!(data["associations"]["totalCount"].as_i64().unwrap() >= 6);
    assert!(data["cooperatives"]["totalCount"].as_i64().unwrap() >= 3);
    let projects = data["projects"]["nodes"].as_array().unwrap();
    assert!(projects.len() >= 12);
    let mut statuses: Vec<&str> = projects
        .iter()
        .map(|p| p["status"].as_str().unwrap())
        .collect();
    statuses.sort();
    statuses.dedup();
    assert!(statuses.len() >= 4, "projects across {statuses:?}");

    for project in projects {
        let reference = project["reference"].as_str().unwrap();
        assert!(
            reference.starts_with("MOH-") && reference.len() == 13,
            "{reference}"
        );
        let total = cents(&project["totalCost"]);
        let funding = &project["funding"];
        assert!(
            cents(&funding["committed"]) <= total,
            "{reference} is not overfunded"
        );
        if !funding["programCap"].is_null() {
            let program = cents(&funding["programCommitted"]);
            assert!(
                program <= cents(&funding["programCap"]),
                "{reference} respects the 70% cap"
            );
        }
        let commitments = project["commitments"]["nodes"].as_array().unwrap();
        if ["IN_PROGRESS", "COMPLETED"].contains(&project["status"].as_str().unwrap()) {
            let secured: i64 = commitments
                .iter()
                .filter(|c| c["status"] == "CONFIRMED" || c["status"] == "FULFILLED")
                .filter(|c| !c["amount"].is_null())
                .map(|c| cents(&c["amount"]))
                .sum();
            let own = cents(&project["ownContribution"]);
            assert!(
                own + secured >= total,
                "{reference} was fully funded before it started"
            );
        }
        for commitment in commitments {
            if !commitment["program"].is_null() {
                assert_eq!(
                    commitment["partner"]["acronym"], "ADS",
                    "only the funder names PASEC"
                );
            }
            if commitment["kind"] != "FINANCIAL" {
                continue;
            }
            let amount = cents(&commitment["amount"]);
            let paid = cents(&commitment["disbursed"]);
            assert!(paid <= amount, "{reference}: not overdisbursed");
            let has_payments = !commitment["disbursements"].as_array().unwrap().is_empty();
            if has_payments {
                assert!(
                    ["CONFIRMED", "FULFILLED"].contains(&commitment["status"].as_str().unwrap())
                );
            }
            assert_eq!(
                commitment["status"] == "FULFILLED",
                paid == amount,
                "{reference}: FULFILLED exactly when paid in full"
            );
        }
    }
}

#[tokio::test]
async fn seeding_twice_adds_nothing() {
    let app = spawn_demo_app_reading_everything().await;
    let before = app.gql_ok(PROJECTS, Value::Null).await;
    assert_eq!(
        seed_demo(&app.db).await.unwrap(),
        SeedOutcome::AlreadyPopulated
    );
    let after = app.gql_ok(PROJECTS, Value::Null).await;
    assert_eq!(before, after);
}

#[tokio::test]
async fn serve_with_demo_loads_the_data_set_into_an_empty_database_only() {
    let database = TestDatabase::create().await;
    let config = Config {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url: database.url.clone(),
        read_database_url: None,
        demo: true,
        auth: cqs::config::AuthConfig::random(),
        http: cqs::config::HttpConfig::default(),
        limits: cqs::config::Limits::default(),
        exposure: cqs::config::SchemaExposure::default(),
        edge: cqs::config::EdgeConfig::default(),
        planner: true,
        subscriptions: cqs::config::SubscriptionLimits::default(),
    };
    App::build(&config)
        .await
        .expect("a first start with --demo");
    App::build(&config)
        .await
        .expect("a second start with --demo");
    let app = spawn_app_on(database).await;
    let data = app
        .gql_ok(
            "{ centers { totalCount } projects { totalCount } }",
            Value::Null,
        )
        .await;
    assert_eq!(
        data["centers"]["totalCount"], 1,
        "the center was loaded once"
    );
    assert!(data["projects"]["totalCount"].as_i64().unwrap() >= 12);
}

#[tokio::test]
async fn the_demo_load_leaves_planner_statistics() {
    let app = spawn_app().await;
    assert_eq!(app.analyzed_main_tables().await, 0, "a fresh database");
    assert_eq!(seed_demo(&app.db).await.unwrap(), SeedOutcome::Seeded);
    assert_eq!(app.analyzed_main_tables().await, 4);
}

#[tokio::test]
async fn the_demo_shows_the_five_expected_results_and_the_accompaniment_behind_its_projects() {
    let app = spawn_demo_app().await;
    let query = r#"{
      centers(first: 1) { nodes {
        indicators { totalCount nodes { name source latest target measurements { value } } }
        supportSessions(first: 100) { totalCount nodes {
          kind staff { id } facilitatingPartner { name } project { reference carrier { name } } organization { name } } }
      } }
      stats { supportSessions { sessions byKind { kind sessions } } }
    }"#;
    let data = app.gql_ok(query, Value::Null).await;
    let center = &data["centers"]["nodes"][0];
    let indicators = &center["indicators"];
    assert_eq!(
        indicators["totalCount"], 5,
        "the article's five expected results"
    );
    let names = texts(&indicators["nodes"], "name");
    for words in [
        "réseau de la solidarité sociale",
        "qualité de vie",
        "capacités institutionnelles",
        "Participation active",
        "Capitalisation des actions",
    ] {
        assert!(
            names.iter().any(|name| name.contains(words)),
            "{words} in {names:?}"
        );
    }
    let computed: Vec<&Value> = indicators["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|indicator| indicator["source"] != "MANUAL")
        .collect();
    assert_eq!(computed.len(), 4, "computed wherever the data can say it");
    for indicator in &computed {
        let latest: i64 = indicator["latest"].as_str().unwrap().parse().unwrap();
        assert!(latest > 0, "the demo's data count: {indicator}");
    }
    for indicator in indicators["nodes"].as_array().unwrap() {
        assert_eq!(
            indicator["target"],
            Value::Null,
            "the article sets no figure"
        );
        assert_eq!(indicator["measurements"], json!([]), "and measures none");
    }
    let sessions = center["supportSessions"]["nodes"].as_array().unwrap();
    assert!(sessions.len() >= 10, "{}", sessions.len());
    for session in sessions {
        assert_eq!(
            session["project"]["carrier"]["name"], session["organization"]["name"],
            "each session is about one of its organization's projects: {session}"
        );
        let by = session["facilitatingPartner"]["name"].as_str().unwrap();
        let expected = match session["kind"].as_str().unwrap() {
            "PROJECT_SETUP" => "Préfecture de Mohammédia",
            "FUNDING_SEARCH" | "TRAINING" => "Réseau associatif de la solidarité sociale",
            other => panic!("an unexpected kind {other}"),
        };
        assert_eq!(by, expected, "{session}");
    }
    let kinds = texts(&data["stats"]["supportSessions"]["byKind"], "kind");
    for kind in ["PROJECT_SETUP", "FUNDING_SEARCH", "TRAINING"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    assert_eq!(
        data["stats"]["supportSessions"]["sessions"],
        center["supportSessions"]["totalCount"]
    );
}
