//! Builds the executable schema, and prints its SDL for `cqs schema` and `schema.graphql`.

use crate::graphql::plan::PlannerSwitch;
use std::sync::Arc;

use async_graphql::{Schema, SchemaBuilder};

use crate::auth::Auth;
use crate::config::{Limits, SchemaExposure};
use crate::graphql::connection::ListConnection;
use crate::graphql::error::ErrorCodes;
use crate::graphql::exposure::RefuseIntrospection;
use crate::graphql::guard::RequireViewer;
use crate::graphql::limits::RequestLimits;
use crate::graphql::mutation::Mutation;
use crate::graphql::panic::CatchPanics;
use crate::graphql::query::Query;
use crate::graphql::subscription::Subscription;
use crate::graphql::types::audit::AuditEvent;
use crate::graphql::types::center::Center;
use crate::graphql::types::commitment::Commitment;
use crate::graphql::types::funding_search::FundingRequest;
use crate::graphql::types::indicator::Indicator;
use crate::graphql::types::node::Node;
use crate::graphql::types::organization::{
    Association, Cooperative, Organization, OrganizationImplementsNode,
};
use crate::graphql::types::partner::Partner;
use crate::graphql::types::program::Program;
use crate::graphql::types::project::Project;
use crate::graphql::types::support_session::SupportSession;
use crate::graphql::types::user::User;
use crate::graphql::types::zone::Zone;
use crate::service::changes::Changes;
use crate::service::write::Services;

/// One page of a list of `$items`, as every list of the API answers it.
macro_rules! connection {
    ($items:literal) => {
        concat!(
            "One page of a list of ",
            $items,
            ": at most 100 items, 20 unless `first` or `last` says otherwise. Follow `pageInfo` ",
            "and the edges' cursors for the next pages; `totalCount` counts the whole list."
        )
    };
}

pub type CqsSchema = Schema<Query, Mutation, Subscription>;

type Builder = SchemaBuilder<Query, Mutation, Subscription>;

fn builder() -> Builder {
    let builder = Schema::build(Query::default(), Mutation::default(), Subscription)
        .register_output_type::<Node>()
        .register_output_type::<OrganizationImplementsNode>();
    describe_generic_types(with_error_handling(builder))
}

/// Codes on every error, and panics caught as `INTERNAL`: what any schema of ours is served with
/// (the tests build a schema with a panicking field through it).
pub fn with_error_handling<Q, M, S>(builder: SchemaBuilder<Q, M, S>) -> SchemaBuilder<Q, M, S> {
    builder.extension(ErrorCodes).extension(CatchPanics)
}

/// Descriptions of the types async-graphql builds from one generic definition, which a doc
/// comment cannot tell apart: each list's connection, and the two kinds of organization.
fn describe_generic_types(builder: Builder) -> Builder {
    builder
        .override_output_type_description::<Association>(
            "An association accompanied by a center: a non-profit that carries micro-projects. \
             Its public fields are readable by anyone; `contact` only by those allowed.",
        )
        .override_output_type_description::<Cooperative>(
            "A cooperative accompanied by a center: it carries micro-projects, and `activity` \
             says what it produces or sells. Its public fields are readable by anyone; `contact` \
             only by those allowed.",
        )
        .override_output_type_description::<ListConnection<AuditEvent>>(connection!("audit events"))
        .override_output_type_description::<ListConnection<Center>>(connection!("centers"))
        .override_output_type_description::<ListConnection<Commitment>>(connection!("commitments"))
        .override_output_type_description::<ListConnection<Association>>(connection!(
            "associations"
        ))
        .override_output_type_description::<ListConnection<Cooperative>>(connection!(
            "cooperatives"
        ))
        .override_output_type_description::<ListConnection<Organization>>(connection!(
            "associations and cooperatives"
        ))
        .override_output_type_description::<ListConnection<Partner>>(connection!("partners"))
        .override_output_type_description::<ListConnection<Program>>(connection!("programs"))
        .override_output_type_description::<ListConnection<Project>>(connection!("projects"))
        .override_output_type_description::<ListConnection<User>>(connection!("accounts"))
        .override_output_type_description::<ListConnection<Zone>>(connection!("zones"))
        .override_output_type_description::<ListConnection<FundingRequest>>(connection!(
            "funding requests"
        ))
        .override_output_type_description::<ListConnection<crate::graphql::types::event::Event>>(
            connection!("events"),
        )
        .override_output_type_description::<ListConnection<SupportSession>>(connection!(
            "accompaniment sessions"
        ))
        .override_output_type_description::<ListConnection<Indicator>>(connection!("indicators"))
}

/// The schema, serving from `db`, holding every request to `limits` before it reaches a resolver.
/// Each request must also carry its own [`crate::graphql::loaders::Loaders`] (the HTTP layer adds
/// them). `exposure` may hide introspection and suggestions; [`sdl`] always prints everything.
pub fn build_schema(
    services: Services,
    auth: Arc<Auth>,
    limits: Limits,
    exposure: SchemaExposure,
    planner: PlannerSwitch,
    changes: Changes,
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
        .data(planner)
        .data(changes)
        .finish()
}

/// The schema in SDL, as checked in at `schema.graphql`.
pub fn sdl() -> String {
    builder().finish().sdl()
}
