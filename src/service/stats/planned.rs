//! The whole of `stats` in one statement (issue 12): each figure asked is a scalar subquery of
//! one `SELECT`, built from the same queries as the figure-by-figure path (so from the one
//! definition of each money figure), and the database returns the answer as one JSON text.
//! `byPartner`, `byProgram` and `byZone` join the public columns asked of their partner,
//! program or zone instead of loading the rows afterwards.
//!
//! sea-query does not model the JSON functions (`json_build_object`/`json_agg` on PostgreSQL,
//! `json_object`/`json_group_array` on SQLite): they are custom expressions around sea-query
//! expressions, with identifiers from the entities and every value bound.

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ActiveEnum, DatabaseBackend, DatabaseConnection, DbErr, EntityName, IdenStatic};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::buckets::{self, Interval, Row, TimeBucket};
use super::json::{Fields, Json, ROWS, col};
use super::{
    CommitmentFigures, GroupFigures, Grouping, OrganizationCounts, PartnerFields, PartnerFigures,
    StatsFilter, StatusFigures,
};
use crate::domain::event::EventKind;
use crate::domain::project::ProjectStatus;
use crate::entity::{organization, partner, program, zone};
use crate::error::{AppError, Result};
use crate::service::funding_search::requests::{PartnerRequests, requests_by_partner_query};
use crate::service::json::select_json;
use crate::service::support_session::stats::{SessionGroup, SessionGrouping, group_query};

/// Which figures of `stats` to read, and which public columns of each group's row.
#[derive(Clone, Debug, Default)]
pub struct StatsRead {
    pub organizations: bool,
    /// The [`StatusFigures`] of the projects counted.
    pub projects: bool,
    /// The [`CommitmentFigures`] of the commitments counted.
    pub commitments: bool,
    pub by_partner: Option<(PartnerFields, Vec<partner::Column>)>,
    pub by_program: Option<Vec<program::Column>>,
    pub by_zone: Option<Vec<zone::Column>>,
    pub by_sector: bool,
    /// One series per interval.
    pub over_time: Vec<Interval>,
    /// The requests sent to each partner, with the columns read of the partner.
    pub funding_requests_by_partner: Option<Vec<partner::Column>>,
    /// The events counted per kind.
    pub events_by_kind: bool,
    /// The accompaniment figures of `stats.supportSessions`.
    pub support_sessions: Option<SessionsRead>,
}

/// Which breakdowns of the support sessions to read, and which public columns of each group's
/// zone or organization.
#[derive(Clone, Debug, Default)]
pub struct SessionsRead {
    /// By kind: also what the totals add up.
    pub by_kind: bool,
    pub by_zone: Option<Vec<zone::Column>>,
    pub by_organization: Option<Vec<organization::Column>>,
}

/// The columns anyone may read; any other asked of [`StatsRead`] is not read (personal data
/// such as contacts never leaves the database this way).
const PARTNER_COLUMNS: [partner::Column; 5] = [
    partner::Column::Id,
    partner::Column::Name,
    partner::Column::Acronym,
    partner::Column::Kind,
    partner::Column::Version,
];
const PROGRAM_COLUMNS: [program::Column; 4] = [
    program::Column::Id,
    program::Column::Code,
    program::Column::Name,
    program::Column::Version,
];
const ORGANIZATION_COLUMNS: [organization::Column; 5] = [
    organization::Column::Id,
    organization::Column::Kind,
    organization::Column::Name,
    organization::Column::Acronym,
    organization::Column::Version,
];
const ZONE_COLUMNS: [zone::Column; 4] = [
    zone::Column::Id,
    zone::Column::Name,
    zone::Column::Commune,
    zone::Column::Vulnerability,
];

/// A group's figures with the columns read of its partner, program or zone, by column name.
#[derive(Clone, Debug, Deserialize)]
pub struct WithRow<T> {
    #[serde(flatten)]
    pub figures: T,
    pub row: serde_json::Map<String, serde_json::Value>,
}

/// The figures [`StatsRead`] asked for; `None` (or no series) for the others. A series refused
/// for its span is its error, the other figures stand.
#[derive(Debug, Default)]
pub struct PlannedStats {
    pub organizations: Option<OrganizationCounts>,
    pub projects: Option<Vec<StatusFigures>>,
    pub commitments: Option<CommitmentFigures>,
    pub by_partner: Option<Vec<WithRow<PartnerFigures>>>,
    pub by_program: Option<Vec<WithRow<GroupFigures>>>,
    pub by_zone: Option<Vec<WithRow<GroupFigures>>>,
    pub by_sector: Option<Vec<GroupFigures>>,
    pub over_time: Vec<Series>,
    pub funding_requests_by_partner: Option<Vec<WithRow<PartnerRequests>>>,
    /// Every kind with its count, as [`crate::service::event::stats::events_by_kind`] says.
    pub events_by_kind: Option<Vec<(EventKind, i64)>>,
    pub sessions_by_kind: Option<Vec<SessionGroup>>,
    pub sessions_by_zone: Option<Vec<WithRow<SessionGroup>>>,
    pub sessions_by_organization: Option<Vec<WithRow<SessionGroup>>>,
}

/// A series of an interval, or why it is refused.
pub type Series = (Interval, Result<Vec<TimeBucket>>);

/// Reads every figure `read` asks for under `filter` in one statement, with `check` (a boolean
/// expression, such as the viewer's claims still holding) evaluated beside them.
pub async fn read_stats(
    db: &DatabaseConnection,
    filter: &StatsFilter,
    read: &StatsRead,
    check: Option<Expr>,
) -> Result<(PlannedStats, Option<bool>)> {
    let backend = db.get_database_backend();
    let json = Json::new(backend);
    let (fields, mut refused) = figure_fields(&json, filter, read, backend);
    let mut answer = PlannedStats::default();
    let mut confirmed = None;
    if !fields.is_empty() {
        let (parsed, checked) = select_json(db, json.object(fields), check).await?;
        let Some(serde_json::Value::Object(mut all)) = parsed else {
            return Err(unreadable("no object"));
        };
        answer = parse(&mut all, read)?;
        confirmed = checked;
    }
    answer.over_time.append(&mut refused);
    Ok((answer, confirmed))
}

/// One `(key, scalar subquery)` per figure asked, and the series refused before any statement.
fn figure_fields(
    json: &Json,
    filter: &StatsFilter,
    read: &StatsRead,
    backend: DatabaseBackend,
) -> (Fields, Vec<Series>) {
    let mut fields: Fields = Vec::new();
    let mut push = |key: &str, value: Expr| fields.push((key.to_owned(), value));
    if read.organizations {
        let query = super::organizations_query(filter);
        push("organizations", json.one(query, &ORGANIZATIONS));
    }
    if read.projects {
        push(
            "projects",
            json.rows(super::project_query(filter), &PROJECTS, &[]),
        );
    }
    if read.commitments {
        let query = super::commitment_query(filter);
        push("commitments", json.one(query, &COMMITMENTS));
    }
    if let Some((figures, columns)) = &read.by_partner {
        let query = super::partner_query(filter, *figures);
        let group = Grouped::new(query, &PARTNERS, "partner_id", &PARTNER_COLUMNS, columns);
        push(
            "by_partner",
            group.joined(json, partner::Entity, "partner_id"),
        );
    }
    if let Some(columns) = &read.by_program {
        let query = super::group_query(filter, Grouping::Program);
        let group = Grouped::new(query, &GROUPS, "key", &PROGRAM_COLUMNS, columns);
        push(
            "by_program",
            group.joined(json, program::Entity, "group_id"),
        );
    }
    if let Some(columns) = &read.by_zone {
        let query = super::group_query(filter, Grouping::Zone);
        let group = Grouped::new(query, &GROUPS, "key", &ZONE_COLUMNS, columns);
        push("by_zone", group.joined(json, zone::Entity, "group_id"));
    }
    if read.by_sector {
        let query = super::group_query(filter, Grouping::Sector);
        push("by_sector", json.rows(query, &GROUPS, &GROUP_ORDER));
    }
    if let Some(columns) = &read.funding_requests_by_partner {
        let query = requests_by_partner_query(filter);
        let group =
            Grouped::new(query, &REQUESTS, "partner_id", &PARTNER_COLUMNS, columns).led_by("asked");
        push(
            "funding_requests_by_partner",
            group.joined(json, partner::Entity, "partner_id"),
        );
    }
    if read.events_by_kind {
        let query = crate::service::event::stats::events_by_kind_query(filter);
        push("events_by_kind", json.rows(query, &EVENT_KINDS, &[]));
    }
    let mut refused = Vec::new();
    for &interval in &read.over_time {
        match buckets::query(backend, filter, interval) {
            Ok(query) => {
                let series = json.rows(query, &BUCKETS, &[("bucket", false)]);
                push(&series_key(interval), series);
            }
            Err(error) => refused.push((interval, Err(error))),
        }
    }
    if let Some(sessions) = &read.support_sessions {
        fields.extend(session_fields(json, filter, sessions));
    }
    (fields, refused)
}

/// The breakdowns of the support sessions asked, from the queries of their resolvers.
fn session_fields(json: &Json, filter: &StatsFilter, read: &SessionsRead) -> Fields {
    let mut fields: Fields = Vec::new();
    let query = |grouping| group_query(filter, grouping);
    if read.by_kind {
        let rows = json.rows(query(SessionGrouping::Kind), &SESSIONS, &SESSION_ORDER);
        fields.push(("sessions_by_kind".to_owned(), rows));
    }
    if let Some(columns) = &read.by_zone {
        let group = Grouped::new(
            query(SessionGrouping::Zone),
            &SESSIONS,
            "key",
            &ZONE_COLUMNS,
            columns,
        );
        let rows = group.joined_in(json, zone::Entity, "group_id", &SESSION_ORDER);
        fields.push(("sessions_by_zone".to_owned(), rows));
    }
    if let Some(columns) = &read.by_organization {
        let group = Grouped::new(
            query(SessionGrouping::Organization),
            &SESSIONS,
            "key",
            &ORGANIZATION_COLUMNS,
            columns,
        );
        let rows = group.joined_in(json, organization::Entity, "group_id", &SESSION_ORDER);
        fields.push(("sessions_by_organization".to_owned(), rows));
    }
    fields
}

/// The columns each figure's query selects (sea-query does not tell them back).
const ORGANIZATIONS: [&str; 4] = ["total", "associations", "cooperatives", "network_members"];
const PROJECTS: [&str; 5] = [
    "status",
    "count",
    "total_cost",
    "own_contribution",
    "beneficiaries",
];
const COMMITMENTS: [&str; 3] = ["financial", "in_kind", "disbursed"];
const PARTNERS: [&str; 5] = [
    "partner_id",
    "committed",
    "disbursed",
    "commitments_count",
    "projects_count",
];
const GROUPS: [&str; 4] = ["key", "projects_count", "committed", "beneficiaries"];
const BUCKETS: [&str; 4] = ["bucket", "committed", "disbursed", "count"];
const REQUESTS: [&str; 6] = [
    "partner_id",
    "submitted",
    "accepted",
    "declined",
    "asked",
    "accepted_amount",
];
const EVENT_KINDS: [&str; 2] = ["kind", "count"];
const SESSIONS: [&str; 4] = ["key", "sessions", "minutes", "participants"];

/// The order of [`group_query`]'s rows: the most hours first, then by key.
const SESSION_ORDER: [(&str, bool); 2] = [("minutes", true), ("key", false)];

/// The order of [`super::group_query`]'s rows: the largest first, then by key.
const GROUP_ORDER: [(&str, bool); 2] = [("committed", true), ("key", false)];

fn series_key(interval: Interval) -> String {
    format!("over_time_{interval:?}")
}

/// A grouped query whose rows join a partner, program or zone, and the public columns read of it.
struct Grouped {
    query: SelectStatement,
    selected: &'static [&'static str],
    /// What the figure-by-figure path orders by, largest first: `committed` unless told.
    lead: &'static str,
    /// The tie-breaker after `lead` in the order of the figure-by-figure path.
    tie: &'static str,
    columns: Vec<&'static str>,
}

impl Grouped {
    fn new<C: IdenStatic>(
        query: SelectStatement,
        selected: &'static [&'static str],
        tie: &'static str,
        public: &[C],
        asked: &[C],
    ) -> Self {
        let columns = public
            .iter()
            .filter(|column| asked.iter().any(|asked| asked.as_str() == column.as_str()))
            .map(|column| column.as_str())
            .collect();
        Self {
            query,
            selected,
            lead: "committed",
            tie,
            columns,
        }
    }

    /// Ordered by `lead`, largest first, instead of `committed`.
    fn led_by(self, lead: &'static str) -> Self {
        Self { lead, ..self }
    }

    /// `[{…figures, row: {…columns}}]` in the order of the figure-by-figure path.
    fn joined<E: EntityName>(self, json: &Json, entity: E, on: &'static str) -> Expr {
        let order = [(self.lead, true), (self.tie, false)];
        self.joined_in(json, entity, on, &order)
    }

    /// `[{…figures, row: {…columns}}]` in `order` (column, descending).
    fn joined_in<E: EntityName>(
        self,
        json: &Json,
        entity: E,
        on: &'static str,
        order: &[(&str, bool)],
    ) -> Expr {
        let table = entity.table_name();
        let row = json.object(
            self.columns
                .iter()
                .map(|column| (column.to_string(), col(table, column)))
                .collect(),
        );
        let mut query = Query::select();
        query.from_subquery(self.query, Alias::new(ROWS)).join_as(
            sea_orm::JoinType::InnerJoin,
            Alias::new(table),
            Alias::new(table),
            col(table, "id").equals((Alias::new(ROWS), Alias::new(on))),
        );
        let item = json.row_of(self.selected, Some(row));
        json.aggregate(query, item, order)
    }
}

fn unreadable(what: &str) -> AppError {
    AppError::Internal(DbErr::Json(format!("planned stats: {what}")))
}

fn take<T: DeserializeOwned>(
    all: &mut serde_json::Map<String, serde_json::Value>,
    key: &str,
) -> Result<T> {
    let value = all.remove(key).ok_or_else(|| unreadable(key))?;
    serde_json::from_value(value).map_err(|error| unreadable(&format!("{key}: {error}")))
}

/// A row of [`super::project_query`], its status as stored.
#[derive(Deserialize)]
struct StatusRow {
    status: String,
    count: i64,
    total_cost: i64,
    own_contribution: i64,
    beneficiaries: i64,
}

/// A row of [`crate::service::event::stats::events_by_kind_query`], its kind as stored.
#[derive(Deserialize)]
struct KindRow {
    kind: String,
    count: i64,
}

fn parse(
    all: &mut serde_json::Map<String, serde_json::Value>,
    read: &StatsRead,
) -> Result<PlannedStats> {
    let mut answer = PlannedStats::default();
    if read.organizations {
        answer.organizations = Some(take(all, "organizations")?);
    }
    if read.projects {
        let rows: Vec<StatusRow> = take(all, "projects")?;
        let figures = rows.into_iter().map(|row| {
            Ok(StatusFigures {
                status: ProjectStatus::try_from_value(&row.status)
                    .map_err(|_| unreadable("status"))?,
                count: row.count,
                total_cost: row.total_cost,
                own_contribution: row.own_contribution,
                beneficiaries: row.beneficiaries,
            })
        });
        answer.projects = Some(figures.collect::<Result<_>>()?);
    }
    if read.commitments {
        answer.commitments = Some(take(all, "commitments")?);
    }
    if read.by_partner.is_some() {
        answer.by_partner = Some(take(all, "by_partner")?);
    }
    if read.by_program.is_some() {
        answer.by_program = Some(take(all, "by_program")?);
    }
    if read.by_zone.is_some() {
        answer.by_zone = Some(take(all, "by_zone")?);
    }
    if read.by_sector {
        answer.by_sector = Some(take(all, "by_sector")?);
    }
    if read.funding_requests_by_partner.is_some() {
        answer.funding_requests_by_partner = Some(take(all, "funding_requests_by_partner")?);
    }
    if read.events_by_kind {
        let rows: Vec<KindRow> = take(all, "events_by_kind")?;
        let counts = rows.into_iter().map(|row| {
            let kind = EventKind::try_from_value(&row.kind).map_err(|_| unreadable("kind"))?;
            Ok((kind, row.count))
        });
        let counts = counts.collect::<Result<_>>()?;
        answer.events_by_kind = Some(crate::service::event::stats::every_kind(counts));
    }
    if let Some(sessions) = &read.support_sessions {
        if sessions.by_kind {
            answer.sessions_by_kind = Some(take(all, "sessions_by_kind")?);
        }
        if sessions.by_zone.is_some() {
            answer.sessions_by_zone = Some(take(all, "sessions_by_zone")?);
        }
        if sessions.by_organization.is_some() {
            answer.sessions_by_organization = Some(take(all, "sessions_by_organization")?);
        }
    }
    for &interval in &read.over_time {
        if let Some(value) = all.remove(&series_key(interval)) {
            let rows: Vec<Row> = serde_json::from_value(value)
                .map_err(|error| unreadable(&format!("series: {error}")))?;
            answer
                .over_time
                .push((interval, buckets::series(rows, interval)));
        }
    }
    Ok(answer)
}
