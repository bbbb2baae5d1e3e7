//! Builds the executable schema, and prints its SDL for `cqs schema` and `schema.graphql`.

use std::sync::Arc;

use async_graphql::{EmptySubscription, Schema, SchemaBuilder};

use crate::auth::Auth;
use crate::config::Limits;
use crate::graphql::error::ErrorCodes;
use crate::graphql::guard::RequireViewer;
use crate::graphql::limits::RequestLimits;
use crate::graphql::mutation::Mutation;
use crate::graphql::query::Query;
use crate::graphql::types::node::Node;
use crate::graphql::types::organization::OrganizationImplementsNode;
use crate::service::write::Services;

pub type CqsSchema = Schema<Query, Mutation, EmptySubscription>;

fn builder() -> SchemaBuilder<Query, Mutation, EmptySubscription> {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .register_output_type::<Node>()
        .register_output_type::<OrganizationImplementsNode>()
        .extension(ErrorCodes)
}

/// The schema, serving from `db`, holding every request to `limits` before it reaches a resolver.
/// Each request must also carry its own [`crate::graphql::loaders::Loaders`] (the HTTP layer adds
/// them).
pub fn build_schema(services: Services, auth: Arc<Auth>, limits: Limits) -> CqsSchema {
    let mut schema = builder().extension(RequestLimits::new(limits));
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
