//! The management agreement — at most one ACTIVE per center, even under concurrent activations,
//! with `Center.managedBy` following it — and a partner's engagement with a center.

use cqs::graphql::id::{NodeType, encode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};
use crate::write_helpers::{assert_matrix, assert_refused, audit_rows, callers, count};

const CREATE: &str = "mutation C($input: CreateManagementAgreementInput!) {
  createManagementAgreement(input: $input) {
    agreement { id status obligations version manager { name } }
    userErrors { code field message }
  }
}";

const UPDATE: &str = "mutation U($input: UpdateManagementAgreementInput!) {
  updateManagementAgreement(input: $input) {
    agreement { id status version }
    userErrors { code field message }
  }
}";

const MANAGED_BY: &str = "query M($id: ID!) {
  node(id: $id) { ... on Center { version managedBy { id } managementAgreement { id }
                                   agreements { status } } }
}";

fn agreement(center: i64, manager: i64, status: &str) -> Value {
    json!({ "input": { "centerId": encode(NodeType::Center, center),
        "managerId": encode(NodeType::Partner, manager), "status": status,
        "obligations": [" Gestion quotidienne du centre ", "Encadrement pédagogique et technique"] } })
}

async fn managed_by(app: &TestApp, center: i64) -> Value {
    let body = app
        .gql_ok(
            MANAGED_BY,
            json!({ "id": encode(NodeType::Center, center) }),
        )
        .await;
    body["node"].clone()
}

#[tokio::test]
async fn the_center_is_managed_by_the_partner_of_its_active_agreement() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let (_, draft) = app
        .gql_as(
            &who.admin,
            CREATE,
            agreement(who.center, who.partner, "DRAFT"),
        )
        .await;
    let draft = &draft["data"]["createManagementAgreement"]["agreement"];
    assert_eq!(
        draft["obligations"][0], "Gestion quotidienne du centre",
        "{draft}"
    );
    assert_eq!(
        managed_by(&app, who.center).await["managedBy"],
        Value::Null,
        "a draft manages nothing"
    );

    let activate =
        json!({ "input": { "id": draft["id"], "status": "ACTIVE", "expectedVersion": 1 } });
    let (_, active) = app.gql_as(&who.admin, UPDATE, activate).await;
    assert_eq!(
        active["data"]["updateManagementAgreement"]["agreement"]["version"], 2,
        "{active}"
    );
    let center = managed_by(&app, who.center).await;
    assert_eq!(
        center["managedBy"]["id"],
        encode(NodeType::Partner, who.partner).0,
        "{center}"
    );
    assert_eq!(center["managementAgreement"]["id"], draft["id"]);
    assert_eq!(center["version"], 2, "the center changed with its manager");

    let end = json!({ "input": { "id": draft["id"], "status": "ENDED" } });
    app.gql_as(&who.admin, UPDATE, end).await;
    let center = managed_by(&app, who.center).await;
    assert_eq!(center["managedBy"], Value::Null, "{center}");
    assert_eq!(center["managementAgreement"], Value::Null);
    let again = json!({ "input": { "id": draft["id"], "status": "ACTIVE" } });
    let (_, again) = app.gql_as(&who.admin, UPDATE, again).await;
    assert_refused(
        &again,
        "updateManagementAgreement",
        "agreement",
        "INVALID_TRANSITION",
        &["input", "status"],
    );
    assert_eq!(audit_rows(&app, "follow_management_agreement").await, 2);
}

#[tokio::test]
async fn a_second_active_agreement_is_refused() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let (_, first) = app
        .gql_as(
            &who.admin,
            CREATE,
            agreement(who.center, who.partner, "ACTIVE"),
        )
        .await;
    assert!(
        first["data"]["createManagementAgreement"]["agreement"].is_object(),
        "{first}"
    );
    let (_, second) = app
        .gql_as(
            &who.admin,
            CREATE,
            agreement(who.center, who.partner, "ACTIVE"),
        )
        .await;
    assert_refused(
        &second,
        "createManagementAgreement",
        "agreement",
        "AGREEMENT_ALREADY_ACTIVE",
        &["input", "status"],
    );
    let (_, draft) = app
        .gql_as(
            &who.admin,
            CREATE,
            agreement(who.center, who.partner, "DRAFT"),
        )
        .await;
    let id = draft["data"]["createManagementAgreement"]["agreement"]["id"].clone();
    let (_, activate) = app
        .gql_as(
            &who.admin,
            UPDATE,
            json!({ "input": { "id": id, "status": "ACTIVE" } }),
        )
        .await;
    assert_refused(
        &activate,
        "updateManagementAgreement",
        "agreement",
        "AGREEMENT_ALREADY_ACTIVE",
        &["input", "status"],
    );
    let (_, other) = app
        .gql_as(
            &who.admin,
            CREATE,
            agreement(who.other_center, who.partner, "ACTIVE"),
        )
        .await;
    assert!(
        other["data"]["createManagementAgreement"]["agreement"].is_object(),
        "another center: {other}"
    );
    let active = "SELECT COUNT(*) FROM management_agreements WHERE status = 'ACTIVE'";
    assert_eq!(count(&app, active).await, 2);
}

#[tokio::test]
async fn of_two_concurrent_activations_exactly_one_wins() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let mut drafts = Vec::new();
    for _ in 0..2 {
        let (_, draft) = app
            .gql_as(
                &who.admin,
                CREATE,
                agreement(who.center, who.partner, "DRAFT"),
            )
            .await;
        drafts.push(draft["data"]["createManagementAgreement"]["agreement"]["id"].clone());
    }
    let activate = |id: Value| {
        let app = &app;
        let token = who.admin.clone();
        async move {
            app.gql_as(
                &token,
                UPDATE,
                json!({ "input": { "id": id, "status": "ACTIVE" } }),
            )
            .await
            .1
        }
    };
    let (a, b) = tokio::join!(activate(drafts[0].clone()), activate(drafts[1].clone()));
    let won = [&a, &b]
        .iter()
        .filter(|body| body["data"]["updateManagementAgreement"]["agreement"].is_object())
        .count();
    assert_eq!(won, 1, "{a} {b}");
    let lost = if won == 1 && a["data"]["updateManagementAgreement"]["agreement"].is_object() {
        &b
    } else {
        &a
    };
    assert_eq!(
        lost["data"]["updateManagementAgreement"]["userErrors"][0]["code"],
        "AGREEMENT_ALREADY_ACTIVE",
        "{lost}"
    );
    let active = "SELECT COUNT(*) FROM management_agreements WHERE status = 'ACTIVE'";
    assert_eq!(count(&app, active).await, 1);
}

#[tokio::test]
async fn only_admins_make_management_agreements() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let expected = [
        ("admin", "ok"),
        ("staff of the center", "FORBIDDEN"),
        ("staff of another center", "FORBIDDEN"),
        ("partner account", "FORBIDDEN"),
        ("organization account", "FORBIDDEN"),
        ("viewer", "FORBIDDEN"),
        ("anonymous", "UNAUTHENTICATED"),
    ];
    assert_matrix(
        &app,
        &who,
        ("createManagementAgreement", "agreement"),
        &expected,
        |_| {
            (
                CREATE.to_owned(),
                agreement(who.center, who.partner, "DRAFT"),
            )
        },
    )
    .await;
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM management_agreements").await,
        1
    );
}

const ENGAGE: &str = "mutation E($input: SetPartnerEngagementInput!) {
  setPartnerEngagement(input: $input) {
    engagement { id status statusChangedAt note version partner { name } center { slug } }
    userErrors { code field message }
  }
}";

const ENGAGEMENTS: &str = "query E($id: ID!, $status: EngagementStatus) {
  node(id: $id) { ... on Center { partnerEngagements(status: $status) { status partner { name } } } }
}";

fn engage(who: &crate::write_helpers::Callers, status: &str) -> Value {
    json!({ "input": { "partnerId": encode(NodeType::Partner, who.partner),
        "centerId": encode(NodeType::Center, who.center), "status": status } })
}

#[tokio::test]
async fn a_partners_engagement_is_followed_from_invited_to_engaged() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let (_, invited) = app
        .gql_as(&who.staff, ENGAGE, engage(&who, "INVITED"))
        .await;
    let invited = invited["data"]["setPartnerEngagement"]["engagement"].clone();
    assert_eq!(invited["status"], "INVITED", "{invited}");
    assert_eq!(invited["version"], 1);
    let (_, again) = app
        .gql_as(&who.staff, ENGAGE, engage(&who, "INVITED"))
        .await;
    let again = &again["data"]["setPartnerEngagement"]["engagement"];
    assert_eq!(
        again["version"], 1,
        "the same status again writes nothing: {again}"
    );
    assert_eq!(again["statusChangedAt"], invited["statusChangedAt"]);

    let center = json!({ "id": encode(NodeType::Center, who.center), "status": "INVITED" });
    let listed = app.gql_ok(ENGAGEMENTS, center.clone()).await;
    assert_eq!(
        listed["node"]["partnerEngagements"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "{listed}"
    );

    let mut stale = engage(&who, "ENGAGED");
    stale["input"]["expectedVersion"] = json!(7);
    let (_, stale) = app.gql_as(&who.staff, ENGAGE, stale).await;
    assert_refused(
        &stale,
        "setPartnerEngagement",
        "engagement",
        "VERSION_CONFLICT",
        &["input", "expectedVersion"],
    );
    let (_, engaged) = app
        .gql_as(&who.staff, ENGAGE, engage(&who, "ENGAGED"))
        .await;
    let engaged = &engaged["data"]["setPartnerEngagement"]["engagement"];
    assert_eq!(engaged["status"], "ENGAGED", "{engaged}");
    assert_eq!(engaged["version"], 2);
    assert_ne!(engaged["statusChangedAt"], invited["statusChangedAt"]);
    let listed = app.gql_ok(ENGAGEMENTS, center).await;
    assert_eq!(
        listed["node"]["partnerEngagements"],
        json!([]),
        "no longer INVITED"
    );
    assert_eq!(audit_rows(&app, "set_partner_engagement").await, 2);

    let (_, other) = app
        .gql_as(&who.other_staff, ENGAGE, engage(&who, "PROSPECT"))
        .await;
    assert_eq!(
        other["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{other}"
    );
}
