//! Builds the executable schema, and prints its SDL for `cqs schema` and `schema.graphql`.

use std::sync::Arc;

use async_graphql::{EmptySubscription, Schema, SchemaBuilder};

use crate::auth::Auth;
use crate::graphql::error::ErrorCodes;
use crate::graphql::guard::RequireViewer;
use crate::graphql::mutation::Mutation;
use crate::graphql::query::Query;
use crate::graphql::types::node::Node;
use crate::graphql::types::organization::OrganizationImplementsNode;
use crate::service::write::Services;

pub type CqsSchema = Schema<Query, Mutation, EmptySubscription>;

/// How deep a query may nest; deeper requests are refused before they reach the database.
const MAX_DEPTH: usize = 16;

fn builder() -> SchemaBuilder<Query, Mutation, EmptySubscription> {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .register_output_type::<Node>()
        .register_output_type::<OrganizationImplementsNode>()
        .limit_depth(MAX_DEPTH)
        .extension(ErrorCodes)
}

/// The schema, serving from `db`. Each request must also carry its own
/// [`crate::graphql::loaders::Loaders`] (the HTTP layer adds them).
pub fn build_schema(services: Services, auth: Arc<Auth>) -> CqsSchema {
    let mut schema = builder();
    if !auth.public_read {
        schema = schema.extension(RequireViewer);
    }
    schema
        .data(services.db.clone())
        .data(services)
        .data(auth)
        .finish()
}

/// The schema in SDL, as checked in at `schema.graphql`.
pub fn sdl() -> String {
    builder().finish().sdl()
}
