//! The planner's reading of a `stats` selection (issue 12): when every field selected under
//! `stats` is in the vocabulary below, the whole answer comes from one statement
//! ([`crate::service::stats::read_stats`]); anything else (a field outside it, an argument other
//! than `interval`, another directive than `@skip`/`@include`, a series refused for its span)
//! falls back to the resolvers, unchanged. Every field of the vocabulary is public: no figure of
//! `stats` is gated by role, and the partner, program and zone fields planned are those anyone
//! may read (no contacts).

use async_graphql::indexmap::IndexMap;
use async_graphql::{Context, Value};

use super::planned_value::stats_value;
use crate::entity::{organization, partner, program, zone};
use crate::graphql::plan::{Merged, children, collect, exactly, node_type, variable};
use crate::graphql::types::db;
use crate::graphql::viewer::viewer;
use crate::service::session::claims_hold;
use crate::service::stats::{self, Interval, PartnerFields, SessionsRead, StatsFilter, StatsRead};

/// A field selected under a response key, with its own selection.
pub(super) struct Selected {
    pub key: String,
    pub name: &'static str,
    /// The `interval` of `commitmentsOverTime`.
    pub interval: Interval,
    pub fields: Vec<Selected>,
}

/// What a field of the vocabulary holds: a leaf, or an object of a type.
enum Kind {
    Leaf,
    Object(&'static str),
}

/// The vocabulary: the fields planned on each type, by name.
fn vocabulary(parent: &str, name: &str) -> Option<(&'static str, Kind)> {
    use Kind::{Leaf, Object};
    let fields: &[(&'static str, Kind)] = match parent {
        "Stats" => &[
            ("organizations", Object("OrganizationStats")),
            ("projects", Object("ProjectStats")),
            ("funding", Object("FundingStats")),
            ("byPartner", Object("PartnerTotals")),
            ("byProgram", Object("ProgramTotals")),
            ("byZone", Object("ZoneTotals")),
            ("bySector", Object("SectorTotals")),
            ("commitmentsOverTime", Object("TimeBucket")),
            ("fundingRequestsByPartner", Object("PartnerFundingRequests")),
            ("eventsByKind", Object("EventKindCount")),
            ("supportSessions", Object("SupportSessionStats")),
        ],
        "PartnerFundingRequests" => &[
            ("partner", Object("Partner")),
            ("submittedCount", Leaf),
            ("acceptedCount", Leaf),
            ("declinedCount", Leaf),
            ("acceptanceRate", Leaf),
            ("asked", Object("Money")),
            ("accepted", Object("Money")),
        ],
        "SupportSessionStats" => &[
            ("sessions", Leaf),
            ("hours", Leaf),
            ("participants", Leaf),
            ("byKind", Object("SessionKindFigures")),
            ("byZone", Object("SessionZoneFigures")),
            ("byOrganization", Object("SessionOrganizationFigures")),
        ],
        "SessionKindFigures" => &[
            ("kind", Leaf),
            ("sessions", Leaf),
            ("hours", Leaf),
            ("participants", Leaf),
        ],
        "SessionZoneFigures" => &[
            ("zone", Object("Zone")),
            ("sessions", Leaf),
            ("hours", Leaf),
            ("participants", Leaf),
        ],
        "SessionOrganizationFigures" => &[
            ("organization", Object("Organization")),
            ("sessions", Leaf),
            ("hours", Leaf),
            ("participants", Leaf),
        ],
        "Organization" => &[
            ("id", Leaf),
            ("kind", Leaf),
            ("name", Leaf),
            ("acronym", Leaf),
            ("version", Leaf),
        ],
        "EventKindCount" => &[("kind", Leaf), ("count", Leaf)],
        "OrganizationStats" => &[
            ("total", Leaf),
            ("associations", Leaf),
            ("cooperatives", Leaf),
            ("networkMembers", Leaf),
        ],
        "ProjectStats" => &[
            ("total", Leaf),
            ("byStatus", Object("ProjectStatusCount")),
            ("totalCost", Object("Money")),
            ("beneficiaries", Leaf),
        ],
        "ProjectStatusCount" => &[("status", Leaf), ("count", Leaf)],
        "FundingStats" => &[
            ("totalCost", Object("Money")),
            ("committed", Object("Money")),
            ("disbursed", Object("Money")),
            ("gap", Object("Money")),
            ("coverageRate", Leaf),
            ("inKindValued", Object("Money")),
        ],
        "PartnerTotals" => &[
            ("partner", Object("Partner")),
            ("committed", Object("Money")),
            ("disbursed", Object("Money")),
            ("commitmentsCount", Leaf),
            ("projectsCount", Leaf),
        ],
        "ProgramTotals" => &[
            ("program", Object("Program")),
            ("committed", Object("Money")),
            ("projectsCount", Leaf),
        ],
        "ZoneTotals" => &[
            ("zone", Object("Zone")),
            ("projectsCount", Leaf),
            ("committed", Object("Money")),
            ("beneficiaries", Leaf),
        ],
        "SectorTotals" => &[
            ("sector", Leaf),
            ("projectsCount", Leaf),
            ("committed", Object("Money")),
        ],
        "TimeBucket" => &[
            ("start", Leaf),
            ("committed", Object("Money")),
            ("disbursed", Object("Money")),
            ("count", Leaf),
        ],
        "Money" => &[("amount", Leaf), ("currency", Leaf)],
        "Partner" => &[
            ("id", Leaf),
            ("name", Leaf),
            ("acronym", Leaf),
            ("kind", Leaf),
            ("version", Leaf),
        ],
        "Program" => &[
            ("id", Leaf),
            ("code", Leaf),
            ("name", Leaf),
            ("version", Leaf),
        ],
        "Zone" => &[
            ("id", Leaf),
            ("name", Leaf),
            ("commune", Leaf),
            ("vulnerability", Leaf),
        ],
        _ => &[],
    };
    if name == "__typename" {
        return Some(("__typename", Leaf));
    }
    let (name, kind) = fields.iter().find(|(field, _)| *field == name)?;
    let kind = match kind {
        Leaf => Leaf,
        Object(type_name) => Object(type_name),
    };
    Some((name, kind))
}

/// The fields of `set` on a type, or `None` when one is outside the vocabulary.
fn select<'a>(
    ctx: &Context<'a>,
    parent: &'static str,
    set: IndexMap<&'a str, Merged<'a>>,
) -> Option<Vec<Selected>> {
    let mut out = Vec::new();
    for (key, merged) in set {
        let (name, kind) = vocabulary(parent, merged.name)?;
        let interval = arguments(ctx, &merged, name)?;
        let fields = match kind {
            Kind::Leaf => Vec::new(),
            Kind::Object(type_name) => {
                let set = match type_name {
                    "Partner" => children(ctx, &merged, &node_type("Partner")),
                    "Program" => children(ctx, &merged, &node_type("Program")),
                    "Zone" => children(ctx, &merged, &node_type("Zone")),
                    "Organization" => children(ctx, &merged, &organization_fragments),
                    _ => children(ctx, &merged, &exactly(type_name)),
                }?;
                select(ctx, type_name, set)?
            }
        };
        out.push(Selected {
            key: key.to_owned(),
            name,
            interval,
            fields,
        });
    }
    Some(out)
}

/// Whether a fragment applies to an organization: on its interfaces, yes; on Association or
/// Cooperative, only its row can tell (`None`: not planned).
fn organization_fragments(condition: &str) -> Option<bool> {
    match condition {
        "Organization" | "Node" => Some(true),
        "Association" | "Cooperative" => None,
        _ => Some(false),
    }
}

/// The `interval` of `commitmentsOverTime` (MONTH when absent or null); no other argument is
/// planned.
fn arguments(ctx: &Context<'_>, merged: &Merged<'_>, name: &str) -> Option<Interval> {
    let mut interval = Interval::Month;
    for field in &merged.fields {
        for (argument, value) in &field.node.arguments {
            if name != "commitmentsOverTime" || argument.node != "interval" {
                return None;
            }
            let value = value
                .node
                .clone()
                .into_const_with(|name| variable(ctx, &name))
                .ok()?;
            interval = match value {
                Value::Null => Interval::Month,
                Value::Enum(name) => parse_interval(name.as_str())?,
                Value::String(name) => parse_interval(&name)?,
                _ => return None,
            };
        }
    }
    Some(interval)
}

fn parse_interval(name: &str) -> Option<Interval> {
    match name {
        "MONTH" => Some(Interval::Month),
        "QUARTER" => Some(Interval::Quarter),
        "YEAR" => Some(Interval::Year),
        _ => None,
    }
}

/// What the statement must read for `selection`.
fn read_of(selection: &[Selected]) -> StatsRead {
    let mut read = StatsRead::default();
    for field in selection {
        match field.name {
            "organizations" => read.organizations = true,
            "projects" => read.projects = true,
            "funding" => (read.projects, read.commitments) = (true, true),
            "byPartner" => {
                let (figures, columns) = read.by_partner.get_or_insert_default();
                *figures = PartnerFields {
                    disbursed: figures.disbursed || has(&field.fields, "disbursed"),
                    projects_count: figures.projects_count || has(&field.fields, "projectsCount"),
                };
                columns.extend(columns_of(&field.fields, "partner", partner_column));
            }
            "byProgram" => read.by_program.get_or_insert_default().extend(columns_of(
                &field.fields,
                "program",
                program_column,
            )),
            "byZone" => read.by_zone.get_or_insert_default().extend(columns_of(
                &field.fields,
                "zone",
                zone_column,
            )),
            "bySector" => read.by_sector = true,
            "fundingRequestsByPartner" => read
                .funding_requests_by_partner
                .get_or_insert_default()
                .extend(columns_of(&field.fields, "partner", partner_column)),
            "eventsByKind" => read.events_by_kind = true,
            "supportSessions" => {
                sessions_read(read.support_sessions.get_or_insert_default(), &field.fields)
            }
            "commitmentsOverTime" if !read.over_time.contains(&field.interval) => {
                read.over_time.push(field.interval);
            }
            _ => {}
        }
    }
    read
}

/// What `stats.supportSessions` reads: the groups by kind for them and for the totals, the
/// zones' and organizations' columns for theirs.
fn sessions_read(read: &mut SessionsRead, fields: &[Selected]) {
    for field in fields {
        match field.name {
            "sessions" | "hours" | "participants" | "byKind" => read.by_kind = true,
            "byZone" => read.by_zone.get_or_insert_default().extend(columns_of(
                &field.fields,
                "zone",
                zone_column,
            )),
            "byOrganization" => {
                let columns = read.by_organization.get_or_insert_default();
                // The kind tells an Association from a Cooperative.
                columns.push(organization::Column::Kind);
                columns.extend(columns_of(
                    &field.fields,
                    "organization",
                    organization_column,
                ));
            }
            _ => {}
        }
    }
}

fn organization_column(name: &str) -> Option<organization::Column> {
    Some(match name {
        "id" => organization::Column::Id,
        "kind" => organization::Column::Kind,
        "name" => organization::Column::Name,
        "acronym" => organization::Column::Acronym,
        "version" => organization::Column::Version,
        _ => return None,
    })
}

fn has(fields: &[Selected], name: &str) -> bool {
    fields.iter().any(|field| field.name == name)
}

/// The columns of the row under `entity` the selection reads; the id always, to join on.
fn columns_of<C>(fields: &[Selected], entity: &str, column: impl Fn(&str) -> Option<C>) -> Vec<C> {
    let mut columns: Vec<C> = column("id").into_iter().collect();
    for field in fields.iter().filter(|field| field.name == entity) {
        columns.extend(field.fields.iter().filter_map(|field| column(field.name)));
    }
    columns
}

fn partner_column(name: &str) -> Option<partner::Column> {
    Some(match name {
        "id" => partner::Column::Id,
        "name" => partner::Column::Name,
        "acronym" => partner::Column::Acronym,
        "kind" => partner::Column::Kind,
        "version" => partner::Column::Version,
        _ => return None,
    })
}

fn program_column(name: &str) -> Option<program::Column> {
    Some(match name {
        "id" => program::Column::Id,
        "code" => program::Column::Code,
        "name" => program::Column::Name,
        "version" => program::Column::Version,
        _ => return None,
    })
}

fn zone_column(name: &str) -> Option<zone::Column> {
    Some(match name {
        "id" => zone::Column::Id,
        "name" => zone::Column::Name,
        "commune" => zone::Column::Commune,
        "vulnerability" => zone::Column::Vulnerability,
        _ => return None,
    })
}

/// The whole `stats` answer from one statement, or `None` to let the resolvers answer.
pub async fn planned_stats(
    ctx: &Context<'_>,
    filter: &StatsFilter,
) -> async_graphql::Result<Option<Value>> {
    let mut set = IndexMap::new();
    if collect(
        ctx,
        &ctx.item.node.selection_set.node,
        &exactly("Stats"),
        &mut set,
    )
    .is_none()
    {
        return Ok(None);
    }
    let Some(selection) = select(ctx, "Stats", set) else {
        return Ok(None);
    };
    let viewer = viewer(ctx);
    let check = viewer.to_confirm().map(claims_hold);
    let (answer, confirmed) =
        stats::read_stats(db(ctx)?, filter, &read_of(&selection), check).await?;
    if let Some(holds) = confirmed {
        viewer.confirm(holds);
    }
    if answer.over_time.iter().any(|(_, series)| series.is_err()) {
        // The resolvers refuse the series at its own path, the other figures standing.
        return Ok(None);
    }
    Ok(Some(stats_value(&selection, &answer, filter.currency)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields of `type <name>` in the schema's SDL.
    fn fields_of(sdl: &str, name: &str) -> Vec<String> {
        let start = sdl
            .find(&format!("\ntype {name} {{"))
            .unwrap_or_else(|| panic!("type {name}"));
        sdl[start + 1..]
            .lines()
            .skip(1)
            .take_while(|line| *line != "}")
            .filter_map(|line| line.strip_prefix('\t'))
            .filter_map(|line| line.split([':', '(']).next())
            .filter(|field| field.chars().all(|c| c.is_ascii_alphanumeric()) && !field.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn every_figure_of_stats_and_of_its_groups_is_in_the_vocabulary() {
        let sdl = crate::graphql::sdl();
        let mut types = vec!["Stats".to_owned()];
        let mut checked = 0;
        while let Some(parent) = types.pop() {
            for field in fields_of(&sdl, &parent) {
                let Some((_, kind)) = vocabulary(&parent, &field) else {
                    panic!("{parent}.{field} is not planned");
                };
                checked += 1;
                // Object types the planner reads whole (not shared ones like Partner or Money).
                if let Kind::Object(child) = kind
                    && (child.ends_with("Stats")
                        || child.ends_with("Figures")
                        || child.ends_with("Totals")
                        || child.ends_with("Count")
                        || child.ends_with("Requests"))
                {
                    types.push(child.to_owned());
                }
            }
        }
        assert!(checked > 40, "{checked} fields checked");
    }
}
