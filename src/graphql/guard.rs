//! `CQS_PUBLIC_READ=false`: every operation but `login` needs an authenticated caller.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection};
use async_graphql::{ServerResult, Variables};

use crate::auth::viewer::Viewer;
use crate::graphql::error::{UNAUTHENTICATED, coded_error};

/// Refuses anonymous requests, except a mutation that only logs in, when public reads are off.
pub struct RequireViewer;

impl ExtensionFactory for RequireViewer {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RequireViewer)
    }
}

fn only_logs_in(document: &ExecutableDocument) -> bool {
    document.operations.iter().all(|(_, operation)| {
        operation.node.ty == OperationType::Mutation
            && operation
                .node
                .selection_set
                .node
                .items
                .iter()
                .all(|item| match &item.node {
                    Selection::Field(field) => {
                        let name = field.node.name.node.as_str();
                        name == "login" || name == "__typename"
                    }
                    _ => false,
                })
    })
}

#[async_trait::async_trait]
impl Extension for RequireViewer {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        let anonymous = ctx
            .data_opt::<Viewer>()
            .is_none_or(|viewer| viewer.principal().is_none());
        if anonymous && !only_logs_in(&document) {
            return Err(coded_error(
                "this API requires authentication: log in first",
                None,
                UNAUTHENTICATED,
            ));
        }
        Ok(document)
    }
}
