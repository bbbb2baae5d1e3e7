//! Correcting the center's work, measurements: a wrong value corrected or removed stops driving
//! `latest` and `progress`; checked like a measurement, by whoever may change the indicator,
//! never on a computed indicator.

use cqs::graphql::id::{NodeType, encode};
use serde_json::{Value, json};

use crate::corrections::{
    CORRECT, REMOVE_MEASUREMENT, answer, created, id, indicator, measure, write,
};
use crate::helpers::spawn_app;
use crate::write_helpers::{assert_matrix, assert_refused, audit_rows, callers, count};

#[tokio::test]
async fn a_wrong_value_corrected_then_removed_no_longer_drives_latest_and_progress() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let indicator = indicator(&app, &who).await;
    measure(&app, &who, &indicator, "2004-01-31", "12").await;
    let wrong = measure(&app, &who, &indicator, "2004-06-30", "300").await;

    let input =
        json!({ "id": wrong, "expectedVersion": 1, "value": "15", "note": "relevé corrigé" });
    let corrected = write(
        &app,
        &who.staff,
        CORRECT,
        input,
        "updateIndicatorMeasurement",
    )
    .await;
    assert_eq!(corrected["userErrors"], json!([]), "{corrected}");
    assert_eq!(
        corrected["measurement"],
        json!({ "id": wrong, "measuredOn": "2004-06-30", "value": "15", "note": "relevé corrigé", "version": 2 })
    );
    assert_eq!(corrected["indicator"]["latest"], "15");
    assert_eq!(corrected["indicator"]["progress"], "0.5");
    assert_eq!(
        corrected["indicator"]["version"], 4,
        "created, two measurements, a correction"
    );

    let stale = json!({ "id": wrong, "expectedVersion": 1 });
    let refused = answer(&app, &who.staff, REMOVE_MEASUREMENT, stale).await;
    assert_refused(
        &refused,
        "removeIndicatorMeasurement",
        "indicator",
        "VERSION_CONFLICT",
        &["input", "expectedVersion"],
    );

    let input = json!({ "id": wrong, "expectedVersion": 2 });
    let removed = write(
        &app,
        &who.staff,
        REMOVE_MEASUREMENT,
        input.clone(),
        "removeIndicatorMeasurement",
    )
    .await;
    assert_eq!(removed["userErrors"], json!([]), "{removed}");
    assert_eq!(removed["removedMeasurementId"], json!(wrong));
    assert_eq!(
        removed["indicator"],
        json!({ "latest": "12", "progress": "0.2", "version": 5, "measurements": [{ "value": "12" }] }),
        "the measurement left drives the indicator again"
    );
    assert_eq!(
        audit_rows(&app, "update_indicator_measurement").await,
        2,
        "the measurement and its indicator"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM audit_events WHERE entity_type = 'IndicatorMeasurement' AND action = 'remove_indicator_measurement'").await,
        1
    );

    let again = answer(&app, &who.staff, REMOVE_MEASUREMENT, input).await;
    assert_refused(
        &again,
        "removeIndicatorMeasurement",
        "indicator",
        "NOT_FOUND",
        &["input", "id"],
    );
}

#[tokio::test]
async fn a_correction_is_checked_like_a_measurement_and_writes_nothing_when_refused() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let indicator = indicator(&app, &who).await;
    let measurement = measure(&app, &who, &indicator, "2004-01-31", "12").await;
    let cases = [
        (
            "five decimals",
            json!({ "value": "1.23456" }),
            vec!["input", "value"],
        ),
        (
            "a date out of the calendar",
            json!({ "measuredOn": "1800-01-01" }),
            vec!["input", "measuredOn"],
        ),
        (
            "a note too long",
            json!({ "note": "x".repeat(5_001) }),
            vec!["input", "note"],
        ),
    ];
    for (case, change, field) in cases {
        let mut input = change;
        input["id"] = json!(measurement);
        let refused = write(
            &app,
            &who.staff,
            CORRECT,
            input,
            "updateIndicatorMeasurement",
        )
        .await;
        assert_eq!(
            refused["userErrors"][0]["field"],
            json!(field),
            "{case}: {refused}"
        );
        assert_eq!(refused["measurement"], Value::Null, "{case}");
    }
    let other = json!({ "id": encode(NodeType::Indicator, 1), "value": "3" });
    let (_, body) = app
        .gql_as(&who.staff, CORRECT, json!({ "input": other }))
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "an indicator's id is not a measurement's: {body}"
    );
    assert_eq!(audit_rows(&app, "update_indicator_measurement").await, 0);
}

#[tokio::test]
async fn only_who_may_change_an_indicator_may_correct_or_remove_its_measurements() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let indicator = indicator(&app, &who).await;
    let expected = [
        ("admin", "ok"),
        ("staff of the center", "ok"),
        ("staff of another center", "FORBIDDEN"),
        ("partner account", "FORBIDDEN"),
        ("organization account", "FORBIDDEN"),
        ("viewer", "FORBIDDEN"),
        ("anonymous", "UNAUTHENTICATED"),
    ];
    let corrected = measure(&app, &who, &indicator, "2004-01-31", "12").await;
    assert_matrix(
        &app,
        &who,
        ("updateIndicatorMeasurement", "measurement"),
        &expected,
        |_| {
            let input = json!({ "id": corrected, "value": "13" });
            (CORRECT.to_owned(), json!({ "input": input }))
        },
    )
    .await;
    let mut measurements = std::collections::HashMap::new();
    for (day, (name, _)) in who.all().into_iter().enumerate() {
        let day = format!("2005-01-{:02}", day + 1);
        measurements.insert(name, measure(&app, &who, &indicator, &day, "14").await);
    }
    assert_matrix(
        &app,
        &who,
        ("removeIndicatorMeasurement", "indicator"),
        &expected,
        |name| {
            let input = json!({ "id": measurements[name] });
            (REMOVE_MEASUREMENT.to_owned(), json!({ "input": input }))
        },
    )
    .await;
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM indicator_measurements").await,
        6
    );
}

#[tokio::test]
async fn a_measurement_of_a_computed_indicator_is_neither_corrected_nor_removed() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let query = "mutation($input: CreateIndicatorInput!) { createIndicator(input: $input) { indicator { id } userErrors { code } } }";
    let input = json!({ "centerId": id(NodeType::Center, who.center), "name": "Séances tenues",
                        "unit": "séances", "source": "SESSIONS_HELD" });
    let computed = created(
        &app,
        &who.staff,
        query,
        input,
        ["createIndicator", "indicator"],
    )
    .await;
    let indicator = cqs::graphql::id::decode_as(&computed, NodeType::Indicator).unwrap();
    let now = chrono::Utc::now();
    let stray = cqs::entity::indicator_measurement::ActiveModel {
        indicator_id: sea_orm::Set(indicator),
        measured_on: sea_orm::Set(chrono::NaiveDate::from_ymd_opt(2004, 1, 31).unwrap()),
        value: sea_orm::Set(30_000),
        note: sea_orm::Set(None),
        created_at: sea_orm::Set(now),
        updated_at: sea_orm::Set(now),
        version: sea_orm::Set(1),
        ..Default::default()
    };
    let stray = sea_orm::ActiveModelTrait::insert(stray, &app.db)
        .await
        .unwrap();
    let stray = json!(cqs::graphql::id::encode_named(
        "IndicatorMeasurement",
        stray.id
    ));

    let input = json!({ "id": stray, "value": "4" });
    let refused = answer(&app, &who.staff, CORRECT, input).await;
    assert_refused(
        &refused,
        "updateIndicatorMeasurement",
        "measurement",
        "INVALID",
        &["input", "id"],
    );
    let refused = answer(&app, &who.staff, REMOVE_MEASUREMENT, json!({ "id": stray })).await;
    assert_refused(
        &refused,
        "removeIndicatorMeasurement",
        "indicator",
        "INVALID",
        &["input", "id"],
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM indicator_measurements").await,
        1
    );
}
