//! Search ignores case and accents, the same way on SQLite and PostgreSQL.

use serde_json::{Value, json};

use crate::helpers::spawn_demo_app;

async fn found(app: &crate::helpers::TestApp, list: &str, field: &str, term: &str) -> Vec<String> {
    let query = format!(
        "query S($term: String) {{ {list}(first: 100, filter: {{ search: $term }}) {{ nodes {{ {field} }} }} }}"
    );
    let data = app.gql_ok(&query, json!({ "term": term })).await;
    data[list]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|node| node[field].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn organizations_are_found_without_accents_or_case() {
    let app = spawn_demo_app().await;
    let amal = "Association Al Amal pour le développement social d'Al Alia".to_owned();
    for term in [
        "developpement social",
        "DÉVELOPPEMENT SOCIAL",
        "al amal",
        "AADSA",
    ] {
        assert_eq!(
            found(&app, "organizations", "name", term).await,
            vec![amal.clone()],
            "{term:?}"
        );
    }
    let cooperatives = found(&app, "organizations", "name", "cooperative").await;
    assert_eq!(cooperatives.len(), 3, "every coopérative: {cooperatives:?}");
    assert!(
        found(&app, "associations", "name", "cooperative")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn projects_are_found_by_title_words_or_reference() {
    let app = spawn_demo_app().await;
    let football = vec!["École de football et tournoi inter-quartiers d'El Hassania".to_owned()];
    assert_eq!(
        found(&app, "projects", "title", "ecole football").await,
        football
    );
    assert_eq!(
        found(&app, "projects", "title", "FOOTBALL école").await,
        football,
        "words in any order"
    );
    assert_eq!(
        found(&app, "projects", "reference", "moh-2005-0002").await,
        vec!["MOH-2005-0002"]
    );
    let year: Vec<String> = found(&app, "projects", "reference", "MOH-2003").await;
    assert_eq!(year.len(), 4, "{year:?}");
}

#[tokio::test]
async fn wildcards_typed_by_users_match_only_themselves() {
    let app = spawn_demo_app().await;
    for term in ["%", "_", "couscous%", "c_uscous", "\\"] {
        assert!(
            found(&app, "projects", "title", term).await.is_empty(),
            "{term:?}"
        );
    }
    let blank = found(&app, "projects", "title", "   ").await;
    let all = app.gql_ok("{ projects { totalCount } }", Value::Null).await;
    assert_eq!(
        blank.len() as u64,
        all["projects"]["totalCount"].as_u64().unwrap(),
        "a blank search filters nothing"
    );
}

#[tokio::test]
async fn partners_are_found_by_acronym_or_name() {
    let app = spawn_demo_app().await;
    assert_eq!(
        found(&app, "partners", "name", "ads").await,
        vec!["Agence de Développement Social"]
    );
    assert_eq!(
        found(&app, "partners", "name", "prefecture").await,
        vec!["Préfecture de Mohammédia"]
    );
}
