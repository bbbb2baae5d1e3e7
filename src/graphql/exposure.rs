//! Introspection turned off (`CQS_ENV=production` or `CQS_INTROSPECTION=false`). async-graphql's
//! `disable_introspection` answers `__schema` with `null` and no error; [`RefuseIntrospection`]
//! refuses the document instead, with a code a client can act on.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Pos, ServerResult, Variables};

use crate::graphql::error::{GRAPHQL_VALIDATION_FAILED, coded_error};

/// Refuses every document that selects `__schema` or `__type`, wherever (fragments included).
/// `__typename` is not introspection of the schema and stays allowed.
pub struct RefuseIntrospection;

impl ExtensionFactory for RefuseIntrospection {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RefuseIntrospection)
    }
}

#[async_trait::async_trait]
impl Extension for RefuseIntrospection {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        match introspection_in(&document) {
            Some(pos) => Err(coded_error(
                "introspection is disabled on this server",
                Some(pos),
                GRAPHQL_VALIDATION_FAILED,
            )),
            None => Ok(document),
        }
    }
}

/// Where the document first selects `__schema` or `__type`.
fn introspection_in(document: &ExecutableDocument) -> Option<Pos> {
    let mut pending: Vec<&SelectionSet> = document
        .operations
        .iter()
        .map(|(_, operation)| &operation.node.selection_set.node)
        .chain(
            document
                .fragments
                .values()
                .map(|fragment| &fragment.node.selection_set.node),
        )
        .collect();
    while let Some(set) = pending.pop() {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    if matches!(field.node.name.node.as_str(), "__schema" | "__type") {
                        return Some(field.pos);
                    }
                    pending.push(&field.node.selection_set.node);
                }
                Selection::InlineFragment(fragment) => {
                    pending.push(&fragment.node.selection_set.node);
                }
                Selection::FragmentSpread(_) => {}
            }
        }
    }
    None
}
