//! Answers written in the order the query asks for its fields (the spec's "serialized map
//! ordering"). async-graphql resolves a query's fields concurrently and writes each one as it
//! completes, so two runs of one query could write their keys in two orders, and a connection's
//! flattened `totalCount` always comes last; the planner writes the order asked. Putting every
//! object's keys back in the order of the selection that asked for them makes an answer the same
//! bytes whichever path computed it, and whatever finished first.
//!
//! Type conditions are not consulted (an answer's objects do not say their type unless asked):
//! a response key takes the place of its first appearance in the selection and its fragments.
//! Only when two fragments on different types list the same keys in different orders does this
//! differ from the spec's per-type order, and then the same way on every run.

use std::collections::HashMap;

use async_graphql::Name;
use async_graphql::Value;
use async_graphql::indexmap::IndexMap;
use async_graphql::parser::Positioned;
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, FragmentDefinition, OperationDefinition, Selection,
    SelectionSet,
};

type Fragments = HashMap<Name, Positioned<FragmentDefinition>>;

/// The operation a request runs: the one named, else the document's only one.
pub fn operation<'a>(
    document: &'a ExecutableDocument,
    name: Option<&str>,
) -> Option<&'a OperationDefinition> {
    match (&document.operations, name) {
        (DocumentOperations::Single(single), _) => Some(&single.node),
        (DocumentOperations::Multiple(named), Some(name)) => {
            named.get(name).map(|chosen| &chosen.node)
        }
        (DocumentOperations::Multiple(named), None) if named.len() == 1 => {
            named.values().next().map(|only| &only.node)
        }
        (DocumentOperations::Multiple(_), None) => None,
    }
}

/// Writes the keys of every object of `data` in the order `operation` of `document` asks them.
pub fn in_order_asked(
    data: &mut Value,
    document: &ExecutableDocument,
    operation_name: Option<&str>,
) {
    if let Some(operation) = operation(document, operation_name) {
        reorder(data, &[&operation.selection_set.node], &document.fragments);
    }
}

/// Orders `value` (an object, or a list of them at any depth) by the merged `sets`.
fn reorder(value: &mut Value, sets: &[&SelectionSet], fragments: &Fragments) {
    if !matches!(value, Value::Object(_) | Value::List(_)) {
        return;
    }
    let mut asked = IndexMap::new();
    let mut spread = Vec::new();
    for set in sets {
        collect(set, fragments, &mut asked, &mut spread);
    }
    apply(value, &asked, fragments);
}

fn apply(value: &mut Value, asked: &IndexMap<&str, Vec<&SelectionSet>>, fragments: &Fragments) {
    match value {
        Value::List(items) => {
            for item in items {
                apply(item, asked, fragments);
            }
        }
        Value::Object(fields) => {
            let mut written = std::mem::take(fields);
            for (key, sets) in asked {
                if let Some((key, mut value)) = written.swap_remove_entry(*key) {
                    reorder(&mut value, sets, fragments);
                    fields.insert(key, value);
                }
            }
            // Nothing else is expected; kept rather than lost if anything is.
            fields.extend(written);
        }
        _ => {}
    }
}

/// Each response key of `set` (through its fragments), in the order of first appearance, with
/// the sub-selections asked under it. `spread` holds the named fragments already followed.
fn collect<'a>(
    set: &'a SelectionSet,
    fragments: &'a Fragments,
    asked: &mut IndexMap<&'a str, Vec<&'a SelectionSet>>,
    spread: &mut Vec<&'a str>,
) {
    for selection in &set.items {
        match &selection.node {
            Selection::Field(field) => asked
                .entry(field.node.response_key().node.as_str())
                .or_default()
                .push(&field.node.selection_set.node),
            Selection::InlineFragment(fragment) => {
                collect(&fragment.node.selection_set.node, fragments, asked, spread);
            }
            Selection::FragmentSpread(name) => {
                let name = name.node.fragment_name.node.as_str();
                if spread.contains(&name) {
                    continue;
                }
                spread.push(name);
                if let Some(fragment) = fragments.get(name) {
                    collect(&fragment.node.selection_set.node, fragments, asked, spread);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;
    use serde_json::json;

    fn ordered(query: &str, written: serde_json::Value) -> String {
        let document = parse_query(query).unwrap();
        let mut data = Value::from_json(written).unwrap();
        in_order_asked(&mut data, &document, None);
        serde_json::to_string(&data.into_json().unwrap()).unwrap()
    }

    #[test]
    fn keys_follow_the_selection_through_lists_aliases_and_fragments() {
        let query = "query { b: zones { nodes { ...Z } totalCount } a: centers { id ... on Center { name slug } } }
                     fragment Z on Zone { name id }";
        let written = json!({
            "a": { "slug": "s", "id": "1", "name": "n" },
            "b": { "totalCount": 2, "nodes": [ { "id": "1", "name": "x" }, { "id": "2", "name": "y" } ] },
        });
        assert_eq!(
            ordered(query, written),
            r#"{"b":{"nodes":[{"name":"x","id":"1"},{"name":"y","id":"2"}],"totalCount":2},"a":{"id":"1","name":"n","slug":"s"}}"#
        );
    }

    #[test]
    fn a_field_asked_twice_merges_its_selections_in_first_appearance_order() {
        let query = "{ p { x } q p { y x z } }";
        let written = json!({ "q": 1, "p": { "z": 3, "y": 2, "x": 1 } });
        assert_eq!(
            ordered(query, written),
            r#"{"p":{"x":1,"y":2,"z":3},"q":1}"#
        );
    }

    #[test]
    fn the_named_operation_orders_and_a_null_answer_stays_null() {
        let query = "query A { a b } query B { b a }";
        let document = parse_query(query).unwrap();
        let mut data = Value::from_json(json!({ "a": 1, "b": 2 })).unwrap();
        in_order_asked(&mut data, &document, Some("B"));
        assert_eq!(data.into_json().unwrap().to_string(), r#"{"b":2,"a":1}"#);
        let mut null = Value::Null;
        in_order_asked(&mut null, &document, Some("A"));
        assert_eq!(null, Value::Null);
    }
}
