//! Builds the executable schema, and prints its SDL for `cqs schema` and `schema.graphql`.

use std::sync::Arc;

use async_graphql::{EmptySubscription, Schema, SchemaBuilder};

use crate::auth::Auth;
use crate::config::{Limits, SchemaExposure};
use crate::graphql::error::ErrorCodes;
use crate::graphql::exposure::RefuseIntrospection;
use crate::graphql::guard::RequireViewer;
use crate::graphql::limits::RequestLimits;
use crate::graphql::mutation::Mutation;
use crate::graphql::panic::CatchPanics;
use crate::graphql::query::Query;
use crate::graphql::types::node::Node;
use crate::graphql::types::organization::OrganizationImplementsNode;
use crate::service::write::Services;

pub type CqsSchema = Schema<Query, Mutation, EmptySubscription>;

fn builder() -> SchemaBuilder<Query, Mutation, EmptySubscription> {
    with_error_handling(
        Schema::build(Query::default(), Mutation::default(), EmptySubscription)
            .register_output_type::<Node>()
            .register_output_type::<OrganizationImplementsNode>(),
    )
}

/// Codes on every error, and panics caught as `INTERNAL`: what any schema of ours is served with
/// (the tests build a schema with a panicking field through it).
pub fn with_error_handling<Q, M, S>(builder: SchemaBuilder<Q, M, S>) -> SchemaBuilder<Q, M, S> {
    builder.extension(ErrorCodes).extension(CatchPanics)
}

/// The schema, serving from `db`, holding every request to `limits` before it reaches a resolver.
/// Each request must also carry its own [`crate::graphql::loaders::Loaders`] (the HTTP layer adds
/// them). `exposure` may hide introspection and suggestions; [`sdl`] always prints everything.
pub fn build_schema(
    services: Services,
    auth: Arc<Auth>,
    limits: Limits,
    exposure: SchemaExposure,
) -> CqsSchema {
    let mut schema = builder().extension(RequestLimits::new(limits));
    if !auth.public_read {
        schema = schema.extension(RequireViewer);
    }
    if !exposure.introspection {
        schema = schema
            .disable_introspection()
            .extension(RefuseIntrospection);
    }
    if !exposure.suggestions {
        schema = schema.disable_suggestions();
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
