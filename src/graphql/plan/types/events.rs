//! The center's events, its partners' engagements and its management agreements in the
//! planner's vocabulary (issue 14's work brought under issue 12's planner).
//!
//! A guest's name is personal data: it is read under [`Viewer::managed_centers`], the rule of
//! the resolver's `may_manage_center`, as a condition on the event's center in the statement,
//! so that out of scope it reads null and never leaves the database. A participant's kind is
//! computed from whether its row names a guest or an organization, by the resolver's own
//! [`ParticipantKind::of`], without reading the guest's name.
//!
//! [`Viewer::managed_centers`]: crate::auth::viewer::Viewer::managed_centers

use async_graphql::resolver_utils::enum_value;
use async_graphql::{Context, Value};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{EntityName, IdenStatic};
use serde_json::Value as Json;

use super::super::Merged;
use super::super::figures::Figure;
use super::{
    CENTER, Conv, FieldSpec, LIST_ARGUMENTS, ListSpec, ORGANIZATION, PARTNER, TypeSpec, Typename,
    argument, column, only, page_args, stored,
};
use crate::auth::viewer::ContactScope;
use crate::domain;
use crate::entity::{
    center, event, event_participant, management_agreement, organization, partner,
    partner_engagement,
};
use crate::graphql::id::NodeType;
use crate::graphql::types::engagement::EngagementStatus;
use crate::graphql::types::event::{EventFilter, ParticipantKind, event_list};
use crate::graphql::types::{engagement, event as event_types, management};
use crate::graphql::viewer::viewer;
use crate::service::engagement::{plan_engagements_of_centers, plan_engagements_of_partners};
use crate::service::event::{plan_events_of, plan_participants};
use crate::service::management::{obligations_stored, plan_active_agreement, plan_agreements};
use crate::service::read::{Admits, Computed, Read};

/// The fields of `Center` this module plans.
pub(super) fn center_field(name: &str) -> Option<FieldSpec> {
    match name {
        "events" => Some(FieldSpec::List(&CENTER_EVENTS)),
        "managementAgreement" => Some(FieldSpec::One {
            spec: &AGREEMENT,
            link: plan_active_agreement,
        }),
        "agreements" => Some(FieldSpec::All {
            spec: &AGREEMENT,
            link: plan_agreements,
        }),
        "partnerEngagements" => Some(FieldSpec::Filtered {
            spec: &ENGAGEMENT,
            link: |ctx, merged, read, child| {
                let status = engagement_status(ctx, merged)?;
                Some(plan_engagements_of_centers(read, status, child))
            },
        }),
        _ => None,
    }
}

/// The fields of `Partner` this module plans.
pub(super) fn partner_field(name: &str) -> Option<FieldSpec> {
    match name {
        "engagements" => Some(FieldSpec::Filtered {
            spec: &ENGAGEMENT,
            link: |ctx, merged, read, child| {
                let status = engagement_status(ctx, merged)?;
                Some(plan_engagements_of_partners(read, status, child))
            },
        }),
        _ => None,
    }
}

/// The `status` argument of an engagements field, as its resolver receives it.
fn engagement_status(
    ctx: &Context<'_>,
    merged: &Merged<'_>,
) -> Option<Option<domain::event::EngagementStatus>> {
    if !only(merged, &["status"]) {
        return None;
    }
    let status: Option<EngagementStatus> = argument(ctx, merged, "status")?;
    Some(status.map(Into::into))
}

/// `Query.events`' list: its arguments come converted by its resolver.
pub static EVENT_LIST: ListSpec = ListSpec::root("EventConnection", "EventEdge", &EVENT);

static CENTER_EVENTS: ListSpec = ListSpec {
    connection: "EventConnection",
    edge: "EventEdge",
    node: &EVENT,
    link: |ctx, merged, read, count, child| {
        if !only(merged, &LIST_ARGUMENTS[..5]) {
            return None;
        }
        let filter: Option<EventFilter> = argument(ctx, merged, "filter")?;
        let list = event_list(page_args(ctx, merged)?, filter).ok()?;
        plan_events_of(read, &list, count, child).ok()
    },
};

pub static EVENT: TypeSpec = TypeSpec {
    typename: Typename::Static(&["Event"]),
    interfaces: &["Node"],
    field: event_field,
};

fn event_field(name: &str) -> Option<FieldSpec> {
    use event::Column as C;
    match name {
        "id" => column(C::Id, Conv::Id(NodeType::Event)),
        "center" => one!(&CENTER, center::Entity, C::CenterId),
        "title" => column(C::Title, Conv::Text),
        "kind" => column(
            C::Kind,
            Conv::Enum(stored::<domain::event::EventKind, event_types::EventKind>),
        ),
        "startsAt" => column(C::StartsAt, Conv::DateTime),
        "endsAt" => column(C::EndsAt, Conv::DateTime),
        "location" => column(C::Location, Conv::Text),
        "description" => column(C::Description, Conv::Text),
        "participants" => Some(FieldSpec::All {
            spec: &PARTICIPANT,
            link: plan_participants,
        }),
        "createdAt" => column(C::CreatedAt, Conv::DateTime),
        "updatedAt" => column(C::UpdatedAt, Conv::DateTime),
        "version" => column(C::Version, Conv::Int),
        _ => None,
    }
}

pub static PARTICIPANT: TypeSpec = TypeSpec {
    typename: Typename::Static(&["EventParticipant"]),
    interfaces: &["Node"],
    field: participant_field,
};

fn participant_field(name: &str) -> Option<FieldSpec> {
    use event_participant::Column as C;
    match name {
        "id" => column(C::Id, Conv::Id(NodeType::EventParticipant)),
        "event" => one!(&EVENT, event::Entity, C::EventId),
        "kind" => Some(FieldSpec::Figure(plan_participant_kind)),
        "organization" => one!(&ORGANIZATION, organization::Entity, C::OrganizationId),
        "partner" => one!(&PARTNER, partner::Entity, C::PartnerId),
        "guestName" => Some(FieldSpec::GatedColumn {
            column: C::GuestName.as_str(),
            conv: Conv::Text,
            link: |ctx, read, child| {
                let admits = match viewer(ctx).managed_centers() {
                    ContactScope::Every => Admits::Every,
                    ContactScope::OfCenter(center) => Admits::Via {
                        fk: C::EventId.as_str().to_owned(),
                        table: event::Entity.table_name().to_owned(),
                        column: event::Column::CenterId.as_str().to_owned(),
                        value: center,
                    },
                    ContactScope::Own(_) | ContactScope::Nothing => Admits::Nothing,
                };
                read.gated(child, admits)
            },
        }),
        "guestRole" => column(C::GuestRole, Conv::Text),
        "attendance" => column(
            C::Attendance,
            Conv::Enum(stored::<domain::event::Attendance, event_types::Attendance>),
        ),
        "createdAt" => column(C::CreatedAt, Conv::DateTime),
        "updatedAt" => column(C::UpdatedAt, Conv::DateTime),
        "version" => column(C::Version, Conv::Int),
        _ => None,
    }
}

/// `EventParticipant.kind`: whether the row names a guest and an organization, computed in the
/// statement (the name itself is not read), turned into the kind by [`ParticipantKind::of`].
fn plan_participant_kind(
    _ctx: &Context<'_>,
    merged: &Merged<'_>,
    read: &mut Read,
) -> Option<Figure> {
    use event_participant::Column as C;
    if merged.has_arguments() {
        return None;
    }
    let index = read.computed(|alias| {
        let set =
            |column: C| Expr::col((sea_orm::sea_query::Alias::new(alias), column)).is_not_null();
        Computed {
            query: Query::select(),
            values: vec![
                ("guest", set(C::GuestName)),
                ("organization", set(C::OrganizationId)),
            ],
        }
    });
    Some(Figure::Computed(index, participant_kind))
}

fn participant_kind(json: &Json) -> Option<Value> {
    // SQLite has no booleans: its JSON holds 0 or 1.
    let flag = |key: &str| {
        let value = json.get(key)?;
        value
            .as_bool()
            .or_else(|| value.as_i64().map(|int| int != 0))
    };
    Some(enum_value(ParticipantKind::of(
        flag("guest")?,
        flag("organization")?,
    )))
}

pub static ENGAGEMENT: TypeSpec = TypeSpec {
    typename: Typename::Static(&["PartnerEngagement"]),
    interfaces: &["Node"],
    field: engagement_field,
};

fn engagement_field(name: &str) -> Option<FieldSpec> {
    use partner_engagement::Column as C;
    match name {
        "id" => column(C::Id, Conv::Id(NodeType::PartnerEngagement)),
        "partner" => one!(&PARTNER, partner::Entity, C::PartnerId),
        "center" => one!(&CENTER, center::Entity, C::CenterId),
        "status" => column(
            C::Status,
            Conv::Enum(stored::<domain::event::EngagementStatus, engagement::EngagementStatus>),
        ),
        "statusChangedAt" => column(C::StatusChangedAt, Conv::DateTime),
        "note" => column(C::Note, Conv::Text),
        "createdAt" => column(C::CreatedAt, Conv::DateTime),
        "updatedAt" => column(C::UpdatedAt, Conv::DateTime),
        "version" => column(C::Version, Conv::Int),
        _ => None,
    }
}

pub static AGREEMENT: TypeSpec = TypeSpec {
    typename: Typename::Static(&["ManagementAgreement"]),
    interfaces: &["Node"],
    field: agreement_field,
};

fn agreement_field(name: &str) -> Option<FieldSpec> {
    use management_agreement::Column as C;
    match name {
        "id" => column(C::Id, Conv::Id(NodeType::ManagementAgreement)),
        "center" => one!(&CENTER, center::Entity, C::CenterId),
        "manager" => one!(&PARTNER, partner::Entity, C::ManagerId),
        "signedOn" => column(C::SignedOn, Conv::Date),
        "startsOn" => column(C::StartsOn, Conv::Date),
        "endsOn" => column(C::EndsOn, Conv::Date),
        "obligations" => column(C::Obligations, Conv::Custom(obligations)),
        "status" => column(
            C::Status,
            Conv::Enum(stored::<domain::management::AgreementStatus, management::AgreementStatus>),
        ),
        "createdAt" => column(C::CreatedAt, Conv::DateTime),
        "updatedAt" => column(C::UpdatedAt, Conv::DateTime),
        "version" => column(C::Version, Conv::Int),
        _ => None,
    }
}

/// The stored obligations as the resolver reads them.
fn obligations(json: &Json) -> Option<Value> {
    let list = obligations_stored(json.as_str()?);
    Some(Value::List(list.into_iter().map(Value::String).collect()))
}
