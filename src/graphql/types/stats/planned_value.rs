//! The planned `stats` answer as the GraphQL value the resolvers would have built: the figures
//! go through the same conversions ([`super::project_stats`], [`super::funding_stats`]…, and
//! [`Money`] for every amount), the partner, program and zone columns through the same enums
//! and ids as their types.

use async_graphql::indexmap::IndexMap;
use async_graphql::resolver_utils::enum_value;
use async_graphql::{EnumType, Name, Result, ScalarType, Value};
use sea_orm::ActiveEnum;

use super::planned::Selected;
use super::planned_sessions::sessions_value;
use super::{
    FundingStats, OrganizationStats, ProjectStats, TimeBucket, event_kind_count, funding_stats,
    int, organization_stats, project_stats, sector_totals, time_bucket,
};
use crate::domain;
use crate::domain::money::Currency;
use crate::graphql::id::{NodeType, encode};
use crate::graphql::types::enums;
use crate::graphql::types::funding_search::RequestFigures;
use crate::graphql::types::money::Money;
use crate::service::stats::{PlannedStats, WithRow};

type Row = serde_json::Map<String, serde_json::Value>;

/// What the statement returned does not fit the selection: a bug, never the caller's fault.
pub(super) fn unreadable(what: &str) -> async_graphql::Error {
    async_graphql::Error::new(format!("planned stats: unreadable {what}"))
}

pub(super) fn object(
    fields: &[Selected],
    typename: &str,
    mut value_of: impl FnMut(&Selected) -> Result<Value>,
) -> Result<Value> {
    let mut out = IndexMap::new();
    for field in fields {
        let value = if field.name == "__typename" {
            Value::String(typename.to_owned())
        } else {
            value_of(field)?
        };
        out.insert(Name::new(&field.key), value);
    }
    Ok(Value::Object(out))
}

pub(super) fn list<T>(
    items: Option<&Vec<T>>,
    what: &str,
    value_of: impl Fn(&T) -> Result<Value>,
) -> Result<Value> {
    let items = items.ok_or_else(|| unreadable(what))?;
    Ok(Value::List(
        items.iter().map(value_of).collect::<Result<_>>()?,
    ))
}

pub(super) fn number(value: i32) -> Value {
    Value::Number(value.into())
}

/// The whole `stats` object.
pub(super) fn stats_value(
    selection: &[Selected],
    answer: &PlannedStats,
    currency: Currency,
) -> Result<Value> {
    let projects = || {
        answer
            .projects
            .as_deref()
            .ok_or_else(|| unreadable("projects"))
    };
    object(selection, "Stats", |field| match field.name {
        "organizations" => {
            let counts = answer
                .organizations
                .ok_or_else(|| unreadable("organizations"))?;
            organizations_value(&organization_stats(counts), &field.fields)
        }
        "projects" => projects_value(&project_stats(projects()?, currency), &field.fields),
        "funding" => {
            let commitments = answer
                .commitments
                .ok_or_else(|| unreadable("commitments"))?;
            let funding = funding_stats(projects()?, commitments, currency);
            funding_value(&funding, &field.fields)
        }
        "byPartner" => list(answer.by_partner.as_ref(), "byPartner", |row| {
            partner_totals(row, &field.fields, currency)
        }),
        "byProgram" => list(answer.by_program.as_ref(), "byProgram", |row| {
            group_totals(row, &field.fields, currency, "ProgramTotals")
        }),
        "byZone" => list(answer.by_zone.as_ref(), "byZone", |row| {
            group_totals(row, &field.fields, currency, "ZoneTotals")
        }),
        "bySector" => list(answer.by_sector.as_ref(), "bySector", |row| {
            let totals = sector_totals(row, currency)?;
            object(&field.fields, "SectorTotals", |field| match field.name {
                "sector" => Ok(enum_value(totals.sector)),
                "projectsCount" => Ok(number(totals.projects_count)),
                "committed" => Ok(money_value(&totals.committed, &field.fields)),
                other => Err(unreadable(other)),
            })
        }),
        "fundingRequestsByPartner" => list(
            answer.funding_requests_by_partner.as_ref(),
            "fundingRequestsByPartner",
            |row| partner_requests(row, &field.fields, currency),
        ),
        "eventsByKind" => list(
            answer.events_by_kind.as_ref(),
            "eventsByKind",
            |(kind, count)| {
                let counted = event_kind_count(*kind, *count);
                object(&field.fields, "EventKindCount", |field| match field.name {
                    "kind" => Ok(enum_value(counted.kind)),
                    "count" => Ok(number(counted.count)),
                    other => Err(unreadable(other)),
                })
            },
        ),
        "supportSessions" => sessions_value(answer, &field.fields),
        "commitmentsOverTime" => {
            let (_, series) = answer
                .over_time
                .iter()
                .find(|(interval, _)| *interval == field.interval)
                .ok_or_else(|| unreadable("series"))?;
            let buckets = series
                .as_ref()
                .map_err(|error| unreadable(&error.to_string()))?;
            let buckets = buckets.iter().map(|bucket| time_bucket(*bucket, currency));
            Ok(Value::List(
                buckets
                    .map(|bucket| bucket_value(&bucket, &field.fields))
                    .collect::<Result<_>>()?,
            ))
        }
        other => Err(unreadable(other)),
    })
}

fn money_value(money: &Money, fields: &[Selected]) -> Value {
    let value = object(fields, "Money", |field| {
        Ok(match field.name {
            "amount" => money.amount.to_value(),
            _ => enum_value(money.currency),
        })
    });
    value.unwrap_or(Value::Null)
}

fn organizations_value(stats: &OrganizationStats, fields: &[Selected]) -> Result<Value> {
    object(fields, "OrganizationStats", |field| match field.name {
        "total" => Ok(number(stats.total)),
        "associations" => Ok(number(stats.associations)),
        "cooperatives" => Ok(number(stats.cooperatives)),
        "networkMembers" => Ok(number(stats.network_members)),
        other => Err(unreadable(other)),
    })
}

fn projects_value(stats: &ProjectStats, fields: &[Selected]) -> Result<Value> {
    object(fields, "ProjectStats", |field| match field.name {
        "total" => Ok(number(stats.total)),
        "byStatus" => Ok(Value::List(
            stats
                .by_status
                .iter()
                .map(|count| {
                    object(&field.fields, "ProjectStatusCount", |field| {
                        Ok(match field.name {
                            "status" => enum_value(count.status),
                            _ => number(count.count),
                        })
                    })
                })
                .collect::<Result<_>>()?,
        )),
        "totalCost" => Ok(money_value(&stats.total_cost, &field.fields)),
        "beneficiaries" => Ok(number(stats.beneficiaries)),
        other => Err(unreadable(other)),
    })
}

fn funding_value(stats: &FundingStats, fields: &[Selected]) -> Result<Value> {
    object(fields, "FundingStats", |field| {
        let money = match field.name {
            "coverageRate" => return Ok(stats.coverage_rate.to_value()),
            "totalCost" => &stats.total_cost,
            "committed" => &stats.committed,
            "disbursed" => &stats.disbursed,
            "gap" => &stats.gap,
            "inKindValued" => &stats.in_kind_valued,
            other => return Err(unreadable(other)),
        };
        Ok(money_value(money, &field.fields))
    })
}

fn bucket_value(bucket: &TimeBucket, fields: &[Selected]) -> Result<Value> {
    object(fields, "TimeBucket", |field| match field.name {
        "start" => Ok(bucket.start.to_value()),
        "committed" => Ok(money_value(&bucket.committed, &field.fields)),
        "disbursed" => Ok(money_value(&bucket.disbursed, &field.fields)),
        "count" => Ok(number(bucket.count)),
        other => Err(unreadable(other)),
    })
}

fn partner_totals(
    row: &WithRow<crate::service::stats::PartnerFigures>,
    fields: &[Selected],
    currency: Currency,
) -> Result<Value> {
    let figures = &row.figures;
    object(fields, "PartnerTotals", |field| match field.name {
        "partner" => entity_value(&row.row, &field.fields, "Partner"),
        "committed" => Ok(money_value(
            &Money::new(figures.committed, currency),
            &field.fields,
        )),
        "disbursed" => Ok(money_value(
            &Money::new(figures.disbursed, currency),
            &field.fields,
        )),
        "commitmentsCount" => Ok(number(int(figures.commitments_count))),
        "projectsCount" => Ok(number(int(figures.projects_count))),
        other => Err(unreadable(other)),
    })
}

/// A `PartnerFundingRequests`, its figures as the resolver converts them.
fn partner_requests(
    row: &WithRow<crate::service::funding_search::requests::PartnerRequests>,
    fields: &[Selected],
    currency: Currency,
) -> Result<Value> {
    let figures = RequestFigures::of(&row.figures, currency);
    object(fields, "PartnerFundingRequests", |field| match field.name {
        "partner" => entity_value(&row.row, &field.fields, "Partner"),
        "submittedCount" => Ok(number(figures.submitted_count)),
        "acceptedCount" => Ok(number(figures.accepted_count)),
        "declinedCount" => Ok(number(figures.declined_count)),
        "acceptanceRate" => Ok(figures
            .acceptance_rate
            .map_or(Value::Null, |rate| rate.to_value())),
        "asked" => Ok(money_value(&figures.asked, &field.fields)),
        "accepted" => Ok(money_value(&figures.accepted, &field.fields)),
        other => Err(unreadable(other)),
    })
}

/// A `ProgramTotals` or a `ZoneTotals`.
fn group_totals(
    row: &WithRow<crate::service::stats::GroupFigures>,
    fields: &[Selected],
    currency: Currency,
    typename: &str,
) -> Result<Value> {
    let figures = &row.figures;
    object(fields, typename, |field| match field.name {
        "program" => entity_value(&row.row, &field.fields, "Program"),
        "zone" => entity_value(&row.row, &field.fields, "Zone"),
        "committed" => Ok(money_value(
            &Money::new(figures.committed, currency),
            &field.fields,
        )),
        "projectsCount" => Ok(number(int(figures.projects_count))),
        "beneficiaries" => Ok(number(int(figures.beneficiaries))),
        other => Err(unreadable(other)),
    })
}

/// A partner, program, zone or organization (as an Association or a Cooperative) from its
/// columns, as its own type resolves them.
pub(super) fn entity_value(row: &Row, fields: &[Selected], typename: &str) -> Result<Value> {
    object(fields, typename, |field| match (typename, field.name) {
        (_, "id") => {
            let id = row["id"].as_i64().ok_or_else(|| unreadable("id"))?;
            let node_type = match typename {
                "Partner" => NodeType::Partner,
                "Program" => NodeType::Program,
                "Association" | "Cooperative" => NodeType::Organization,
                _ => NodeType::Zone,
            };
            Ok(Value::String(encode(node_type, id).0))
        }
        (_, "version") => {
            let version = row["version"]
                .as_i64()
                .ok_or_else(|| unreadable("version"))?;
            Ok(number(int(version)))
        }
        ("Partner", "kind") => {
            enumeration::<domain::partner::PartnerKind, enums::PartnerKind>(row, "kind")
        }
        ("Association" | "Cooperative", "kind") => enumeration::<
            domain::organization::OrganizationKind,
            enums::OrganizationKind,
        >(row, "kind"),
        ("Zone", "vulnerability") => enumeration::<
            domain::zone::VulnerabilityLevel,
            enums::VulnerabilityLevel,
        >(row, "vulnerability"),
        (_, column @ ("name" | "acronym" | "code" | "commune")) => match row.get(column) {
            Some(serde_json::Value::String(text)) => Ok(Value::String(text.clone())),
            Some(serde_json::Value::Null) => Ok(Value::Null),
            _ => Err(unreadable(column)),
        },
        (_, other) => Err(unreadable(other)),
    })
}

/// A stored enum as its GraphQL name, null when the column is; through the domain type.
fn enumeration<D, G>(row: &Row, column: &str) -> Result<Value>
where
    D: ActiveEnum<Value = String>,
    G: EnumType + From<D>,
{
    match row.get(column) {
        Some(serde_json::Value::Null) => Ok(Value::Null),
        Some(serde_json::Value::String(stored)) => {
            let domain = D::try_from_value(stored).map_err(|_| unreadable(column))?;
            Ok(enum_value(G::from(domain)))
        }
        _ => Err(unreadable(column)),
    }
}
