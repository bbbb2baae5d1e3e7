//! The planned `stats.supportSessions` as the value its resolvers would have built: the totals
//! added up from the groups by kind, as they are, and hours and counts through the same
//! conversions ([`hours`], [`int`]).

use async_graphql::resolver_utils::enum_value;
use async_graphql::{Result, ScalarType, Value};
use sea_orm::ActiveEnum;

use super::planned::Selected;
use super::planned_value::{entity_value, list, number, object, unreadable};
use super::sessions::{hours, int};
use crate::domain::organization::OrganizationKind;
use crate::domain::support_session::SupportKind;
use crate::graphql::types::support_session::SupportKind as GraphqlKind;
use crate::service::stats::{PlannedStats, WithRow};
use crate::service::support_session::stats::SessionGroup;

/// The `SupportSessionStats` object.
pub(super) fn sessions_value(answer: &PlannedStats, fields: &[Selected]) -> Result<Value> {
    let kinds = || {
        answer
            .sessions_by_kind
            .as_deref()
            .ok_or_else(|| unreadable("sessions by kind"))
    };
    let sum = |of: fn(&SessionGroup) -> i64| -> Result<i64> { Ok(kinds()?.iter().map(of).sum()) };
    object(fields, "SupportSessionStats", |field| match field.name {
        "sessions" => Ok(number(int(sum(|group| group.sessions)?))),
        "hours" => Ok(hours(sum(|group| group.minutes)?).to_value()),
        "participants" => Ok(number(int(sum(|group| group.participants)?))),
        "byKind" => list(answer.sessions_by_kind.as_ref(), "byKind", |group| {
            let kind = SupportKind::try_from_value(&group.key).map_err(|_| unreadable("kind"))?;
            group_value(group, &field.fields, "SessionKindFigures", |_| {
                Ok(enum_value(GraphqlKind::from(kind)))
            })
        }),
        "byZone" => list(answer.sessions_by_zone.as_ref(), "byZone", |row| {
            group_value(&row.figures, &field.fields, "SessionZoneFigures", |field| {
                entity_value(&row.row, &field.fields, "Zone")
            })
        }),
        "byOrganization" => list(
            answer.sessions_by_organization.as_ref(),
            "byOrganization",
            |row| {
                group_value(
                    &row.figures,
                    &field.fields,
                    "SessionOrganizationFigures",
                    |field| organization_value(row, &field.fields),
                )
            },
        ),
        other => Err(unreadable(other)),
    })
}

/// A group's figures, with `grouped` rendering what it groups by (its kind, zone or
/// organization).
fn group_value(
    group: &SessionGroup,
    fields: &[Selected],
    typename: &str,
    grouped: impl Fn(&Selected) -> Result<Value>,
) -> Result<Value> {
    object(fields, typename, |field| match field.name {
        "sessions" => Ok(number(int(group.sessions))),
        "hours" => Ok(hours(group.minutes).to_value()),
        "participants" => Ok(number(int(group.participants))),
        "kind" | "zone" | "organization" => grouped(field),
        other => Err(unreadable(other)),
    })
}

/// The organization of a group, as the Association or the Cooperative its kind says it is.
fn organization_value(row: &WithRow<SessionGroup>, fields: &[Selected]) -> Result<Value> {
    let kind = row
        .row
        .get("kind")
        .and_then(serde_json::Value::as_str)
        .and_then(|kind| OrganizationKind::try_from_value(&kind.to_owned()).ok())
        .ok_or_else(|| unreadable("organization kind"))?;
    let typename = match kind {
        OrganizationKind::Association => "Association",
        OrganizationKind::Cooperative => "Cooperative",
    };
    entity_value(&row.row, fields, typename)
}
