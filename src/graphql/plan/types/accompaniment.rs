//! The planned vocabulary of the center's accompaniment and expected results (issue 14): support
//! sessions and their lists under a center, an organization or a project; indicators, their
//! measurements, their latest value and progress, and their lists under a center or a program.
//!
//! A session's `notes` are read under [`crate::auth::viewer::Viewer::session_notes`], the rule
//! its resolver applies, as a condition of the statement. Its `staff` (a user, whose visibility
//! depends on the user's row) is not planned. An indicator's `latest` is computed in the
//! statement by [`crate::service::indicator::values::plan_latest`], `progress` from it by the
//! domain's [`rules::progress`], as their resolvers do.

use async_graphql::{Context, ScalarType, Value};
use sea_orm::IdenStatic;
use serde_json::Value as Json;

use super::super::figures::Figure;
use super::super::render::stored as stored_in;
use super::{
    CENTER, Conv, FieldSpec, LIST_ARGUMENTS, ListSpec, Merged, ORGANIZATION, PARTNER, PROGRAM,
    PROJECT, TypeSpec, Typename, admits, argument, column, only, page_args, stored,
};
use crate::domain;
use crate::domain::indicator::{self as rules, IndicatorSource, value_of};
use crate::entity::{
    center, indicator, indicator_measurement, organization, partner, program, project,
    support_session,
};
use crate::graphql::id::{NodeType, encode_named};
use crate::graphql::scalars::Decimal;
use crate::graphql::types::indicator::{IndicatorFilter, indicator_list};
use crate::graphql::types::support_session::{
    SupportSessionFilter, SupportSessionOrder, session_list,
};
use crate::graphql::viewer::viewer;
use crate::service::indicator::values::{plan_latest, planned_latest};
use crate::service::indicator::{IndicatorParent, plan_indicators_of, plan_measurements};
use crate::service::read::{Read, Row};
use crate::service::support_session::{SessionParent, plan_sessions_of};

pub static SUPPORT_SESSION: TypeSpec = TypeSpec {
    typename: Typename::Static(&["SupportSession"]),
    interfaces: &["Node"],
    field: session_field,
};

fn session_field(name: &str) -> Option<FieldSpec> {
    use support_session::Column as C;
    match name {
        "id" => column(C::Id, Conv::Id(NodeType::SupportSession)),
        "center" => one!(&CENTER, center::Entity, C::CenterId),
        "organization" => one!(&ORGANIZATION, organization::Entity, C::OrganizationId),
        "project" => one!(&PROJECT, project::Entity, C::ProjectId),
        "facilitatingPartner" => one!(&PARTNER, partner::Entity, C::FacilitatingPartnerId),
        "kind" => column(
            C::Kind,
            Conv::Enum(
                stored::<
                    domain::support_session::SupportKind,
                    crate::graphql::types::support_session::SupportKind,
                >,
            ),
        ),
        "heldOn" => column(C::HeldOn, Conv::Date),
        "durationMinutes" => column(C::DurationMinutes, Conv::Int),
        "participantsCount" => column(C::ParticipantsCount, Conv::Int),
        "outcome" => column(C::Outcome, Conv::Text),
        "notes" => Some(FieldSpec::GatedColumn {
            column: C::Notes.as_str(),
            conv: Conv::Text,
            link: |ctx, read, child| {
                let scope = viewer(ctx).session_notes();
                read.gated(child, admits(scope, Some(C::CenterId)))
            },
        }),
        "createdAt" => column(C::CreatedAt, Conv::DateTime),
        "updatedAt" => column(C::UpdatedAt, Conv::DateTime),
        "version" => column(C::Version, Conv::Int),
        _ => None,
    }
}

fn link_sessions(
    ctx: &Context<'_>,
    merged: &Merged<'_>,
    read: &mut Read,
    count: bool,
    child: Read,
    parent: SessionParent,
) -> Option<usize> {
    if !only(merged, &LIST_ARGUMENTS) {
        return None;
    }
    let filter: Option<SupportSessionFilter> = argument(ctx, merged, "filter")?;
    let order: Option<SupportSessionOrder> = argument(ctx, merged, "orderBy")?;
    let list = session_list(page_args(ctx, merged)?, filter, order).ok()?;
    plan_sessions_of(read, parent, &list, count, child).ok()
}

pub static CENTER_SESSIONS: ListSpec = ListSpec {
    connection: "SupportSessionConnection",
    edge: "SupportSessionEdge",
    node: &SUPPORT_SESSION,
    link: |ctx, merged, read, count, child| {
        link_sessions(ctx, merged, read, count, child, SessionParent::Center)
    },
};

pub static ORGANIZATION_SESSIONS: ListSpec = ListSpec {
    connection: "SupportSessionConnection",
    edge: "SupportSessionEdge",
    node: &SUPPORT_SESSION,
    link: |ctx, merged, read, count, child| {
        link_sessions(ctx, merged, read, count, child, SessionParent::Organization)
    },
};

pub static PROJECT_SESSIONS: ListSpec = ListSpec {
    connection: "SupportSessionConnection",
    edge: "SupportSessionEdge",
    node: &SUPPORT_SESSION,
    link: |ctx, merged, read, count, child| {
        link_sessions(ctx, merged, read, count, child, SessionParent::Project)
    },
};

/// `Query.supportSessions`: its arguments come converted by its resolver.
pub static SESSION_LIST: ListSpec = ListSpec::root(
    "SupportSessionConnection",
    "SupportSessionEdge",
    &SUPPORT_SESSION,
);

pub static INDICATOR: TypeSpec = TypeSpec {
    typename: Typename::Static(&["Indicator"]),
    interfaces: &["Node"],
    field: indicator_field,
};

/// A value kept in ten-thousandths, as the exact `Decimal` its resolver shows.
const VALUE: Conv = Conv::Custom(|json| {
    json.as_i64()
        .map(|stored| Decimal(value_of(stored)).to_value())
});

fn indicator_field(name: &str) -> Option<FieldSpec> {
    use indicator::Column as C;
    match name {
        "id" => column(C::Id, Conv::Id(NodeType::Indicator)),
        "owner" => Some(FieldSpec::Union {
            name: "IndicatorOwner",
            members: &INDICATOR_OWNER,
        }),
        "name" => column(C::Name, Conv::Text),
        "unit" => column(C::Unit, Conv::Text),
        "baseline" => column(C::Baseline, VALUE),
        "target" => column(C::Target, VALUE),
        "source" => column(
            C::Source,
            Conv::Enum(
                stored::<IndicatorSource, crate::graphql::types::indicator::IndicatorSource>,
            ),
        ),
        "measurements" => Some(FieldSpec::All {
            spec: &MEASUREMENT,
            link: plan_measurements,
        }),
        "latest" => Some(FieldSpec::Figure(|_, merged, read| {
            plan_figure(merged, read, IndicatorFigure::Latest)
        })),
        "progress" => Some(FieldSpec::Figure(|_, merged, read| {
            plan_figure(merged, read, IndicatorFigure::Progress)
        })),
        "createdAt" => column(C::CreatedAt, Conv::DateTime),
        "updatedAt" => column(C::UpdatedAt, Conv::DateTime),
        "version" => column(C::Version, Conv::Int),
        _ => None,
    }
}

/// An indicator is a center's or a program's expected result: the one its keys name, the
/// center first, as its resolver reads it.
static INDICATOR_OWNER: [(&TypeSpec, super::Link); 2] = [
    (&CENTER, |read, child| {
        read.one::<center::Entity>(indicator::Column::CenterId, child)
    }),
    (&PROGRAM, |read, child| {
        read.one::<program::Entity>(indicator::Column::ProgramId, child)
    }),
];

/// The figures of an indicator computed in the statement.
#[derive(Clone, Copy)]
pub(crate) enum IndicatorFigure {
    Latest,
    Progress,
}

fn plan_figure(merged: &Merged<'_>, read: &mut Read, figure: IndicatorFigure) -> Option<Figure> {
    if merged.has_arguments() {
        return None;
    }
    read.column(indicator::Column::Baseline);
    read.column(indicator::Column::Target);
    Some(Figure::Indicator(plan_latest(read), figure))
}

/// An indicator's planned figure, as its resolver renders it.
pub(crate) fn render_figure(
    row: &Row,
    index: usize,
    figure: IndicatorFigure,
) -> async_graphql::Result<Value> {
    let source: IndicatorSource = stored_in(row, indicator::Column::Source.as_str())?;
    let latest = planned_latest(source, row.computed(index))?;
    let value = match figure {
        IndicatorFigure::Latest => latest,
        IndicatorFigure::Progress => {
            let baseline = row
                .columns
                .get(indicator::Column::Baseline.as_str())
                .and_then(Json::as_i64)
                .ok_or_else(|| async_graphql::Error::new("planned read: unreadable baseline"))?;
            let target = row
                .columns
                .get(indicator::Column::Target.as_str())
                .and_then(Json::as_i64);
            rules::progress(latest, value_of(baseline), target.map(value_of))
        }
    };
    Ok(value.map_or(Value::Null, |value| Decimal(value).to_value()))
}

static MEASUREMENT: TypeSpec = TypeSpec {
    typename: Typename::Static(&["IndicatorMeasurement"]),
    interfaces: &[],
    field: measurement_field,
};

fn measurement_field(name: &str) -> Option<FieldSpec> {
    use indicator_measurement::Column as C;
    match name {
        // A global id, though not a node.
        "id" => column(
            C::Id,
            Conv::Custom(|json| {
                json.as_i64()
                    .map(|id| Value::String(encode_named("IndicatorMeasurement", id).0))
            }),
        ),
        "measuredOn" => column(C::MeasuredOn, Conv::Date),
        "value" => column(C::Value, VALUE),
        "note" => column(C::Note, Conv::Text),
        _ => None,
    }
}

fn link_indicators(
    ctx: &Context<'_>,
    merged: &Merged<'_>,
    read: &mut Read,
    count: bool,
    child: Read,
    parent: IndicatorParent,
) -> Option<usize> {
    if !only(merged, &LIST_ARGUMENTS[..5]) {
        return None;
    }
    let filter: Option<IndicatorFilter> = argument(ctx, merged, "filter")?;
    let list = indicator_list(page_args(ctx, merged)?, filter).ok()?;
    plan_indicators_of(read, parent, &list, count, child).ok()
}

pub static CENTER_INDICATORS: ListSpec = ListSpec {
    connection: "IndicatorConnection",
    edge: "IndicatorEdge",
    node: &INDICATOR,
    link: |ctx, merged, read, count, child| {
        link_indicators(ctx, merged, read, count, child, IndicatorParent::Center)
    },
};

pub static PROGRAM_INDICATORS: ListSpec = ListSpec {
    connection: "IndicatorConnection",
    edge: "IndicatorEdge",
    node: &INDICATOR,
    link: |ctx, merged, read, count, child| {
        link_indicators(ctx, merged, read, count, child, IndicatorParent::Program)
    },
};

/// `Query.indicators`: its arguments come converted by its resolver.
pub static INDICATOR_LIST: ListSpec =
    ListSpec::root("IndicatorConnection", "IndicatorEdge", &INDICATOR);
