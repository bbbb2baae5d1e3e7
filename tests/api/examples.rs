//! Every document under `examples/` runs against the demo data without errors and finds data.

use serde_json::Value;

use crate::helpers::spawn_demo_app;

fn examples() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut documents: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("the examples directory")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "graphql"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (
                name,
                std::fs::read_to_string(&path).expect("a readable example"),
            )
        })
        .collect();
    documents.sort();
    documents
}

/// True when some list in `value` holds at least one item.
fn finds_something(value: &Value) -> bool {
    match value {
        Value::Array(items) => !items.is_empty(),
        Value::Object(fields) => fields.values().any(finds_something),
        _ => false,
    }
}

#[tokio::test]
async fn every_example_runs_against_the_demo_data() {
    let app = spawn_demo_app().await;
    let documents = examples();
    assert!(
        documents.len() >= 4,
        "the examples are there: {documents:?}"
    );
    for (name, document) in documents {
        let body = app.gql(&document, Value::Null).await;
        assert!(body.get("errors").is_none(), "{name}: {body:#}");
        assert!(
            finds_something(&body["data"]),
            "{name} finds data: {body:#}"
        );
    }
}

#[tokio::test]
async fn the_project_page_example_shows_the_couscous_workshop_funding() {
    let app = spawn_demo_app().await;
    let document = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/project-page.graphql"
    ))
    .unwrap();
    let data = app.gql_ok(&document, Value::Null).await;
    let project = &data["projects"]["nodes"][0];
    assert_eq!(project["reference"], "MOH-2003-0001");
    assert_eq!(project["program"]["maxCofinancingRate"], "0.70");
    assert_eq!(project["funding"]["gap"]["amount"], "0.00");
}
