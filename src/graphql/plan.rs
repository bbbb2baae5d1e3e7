//! The read planner (issue 12): a root field whose whole selection is in the planner's
//! vocabulary ([`types`]) is answered by ONE SQL statement ([`crate::service::read`]) that the
//! database turns into the nested answer; anything else falls back to the resolvers, unchanged,
//! and is counted in `/metrics` (`cqs_planner_fallbacks_total`).
//!
//! The selection is read from the query's AST, not from `ctx.field().selection_set()`, which
//! flattens fragments without their type conditions (wrong for `node { ... on Partner }`).
//! `ctx.item` and `ctx.query_env` are `#[doc(hidden)] pub` in async-graphql 7.2 because its own
//! derive macros use them; they are what a resolver sees of the document.
//!
//! A row that may have one of several types (an organization reached through the
//! `Organization` interface, a commitment's `target` union) is planned once per type it may have,
//! each with the fields its fragments select for that type, and rendered as the one its row
//! turns out to be; types whose fragments select the same fields share one plan.
//!
//! Lists take the resolvers' own arguments, converted by the same functions, so a planned page
//! has their rows, cursors and errors; arguments the conversion refuses fall back, and the
//! resolvers answer with their error.
//!
//! Visibility: personal data (contacts, a guest's name, a session's notes) is read under the
//! caller's scope, the resolvers' own rule turned into a condition of the statement, so a planned
//! answer never shows what the resolvers would hide; users, whose visibility depends on their own
//! rows, fall back.

mod figures;
mod render;
mod types;

use std::borrow::Cow;

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{Directive, Field, Selection, SelectionSet};
use async_graphql::registry::Registry;
use async_graphql::{
    Context, ContextSelectionSet, Name, OutputType, Positioned, ServerResult, Value,
};

use crate::graphql::id::NodeType;
use crate::graphql::types::db;
use crate::graphql::viewer::viewer;
use crate::service::center::planned_centers;
use crate::service::commitment::{CommitmentList, planned_commitments};
use crate::service::event::{EventList, planned_events};
use crate::service::indicator::{IndicatorList, planned_indicators};
use crate::service::organization::{OrganizationList, planned_organizations};
use crate::service::page::PageRequest;
use crate::service::partner::{PartnerFilter, planned_partners};
use crate::service::program::planned_programs;
use crate::service::project::{ProjectList, planned_projects};
use crate::service::read::{Answer, ListRead, Read, Root, read};
use crate::service::session::claims_hold;
use crate::service::support_session::{SessionList, planned_sessions};
pub use types::plan_funding_requests;
use types::{FieldSpec, ListSpec, TypeSpec};

/// Whether the planner may answer (`CQS_PLANNER`, on by default), as schema data.
#[derive(Clone, Copy, Debug)]
pub struct PlannerSwitch(pub bool);

/// Whether the planner is on for this schema.
pub fn planner_on(ctx: &Context<'_>) -> bool {
    ctx.data_opt::<PlannerSwitch>()
        .is_some_and(|switch| switch.0)
}

/// Counts a planned answer or a fallback of `field` in `/metrics`.
pub fn count(field: &'static str, planned: bool) {
    if planned {
        metrics::counter!("cqs_planner_plans_total", "field" => field).increment(1);
    } else {
        metrics::counter!("cqs_planner_fallbacks_total", "field" => field).increment(1);
    }
}

/// The planned answer of the root field `field` when the planner is on and `plan` plans it
/// (counted either way); `None` when the resolvers are to answer.
pub async fn planned(
    ctx: &Context<'_>,
    field: &'static str,
    plan: impl FnOnce() -> Option<Plan>,
) -> async_graphql::Result<Option<Value>> {
    if !planner_on(ctx) {
        return Ok(None);
    }
    let plan = plan();
    count(field, plan.is_some());
    match plan {
        Some(plan) => Ok(Some(answer(ctx, &plan).await?)),
        None => Ok(None),
    }
}

/// A value the planner computed, or the resolvers' output: the schema sees only `T`, so the SDL
/// does not change.
pub enum Planned<T> {
    Value(Value),
    Resolved(T),
}

impl<T: OutputType> OutputType for Planned<T> {
    fn type_name() -> Cow<'static, str> {
        T::type_name()
    }

    fn qualified_type_name() -> String {
        T::qualified_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        T::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        match self {
            Planned::Value(value) => Ok(value.clone()),
            Planned::Resolved(inner) => inner.resolve(ctx, field).await,
        }
    }
}

/// One response key of a selection, with every field merged under it.
pub(crate) struct Merged<'a> {
    pub(crate) name: &'a str,
    pub(crate) fields: Vec<&'a Positioned<Field>>,
}

impl Merged<'_> {
    pub(crate) fn has_arguments(&self) -> bool {
        self.fields.iter().any(|f| !f.node.arguments.is_empty())
    }
}

/// The fields of `set` that apply, by response key in first-seen order. `applies` says whether a
/// fragment's type condition holds (`Some(true)`), does not (`Some(false)`), or cannot be known
/// without the data (`None`: fall back).
pub(crate) fn collect<'a>(
    ctx: &Context<'a>,
    set: &'a SelectionSet,
    applies: &dyn Fn(&str) -> Option<bool>,
    out: &mut IndexMap<&'a str, Merged<'a>>,
) -> Option<()> {
    for selection in &set.items {
        match &selection.node {
            Selection::Field(field) => {
                if !included(ctx, &field.node.directives)? {
                    continue;
                }
                let key = field.node.response_key().node.as_str();
                out.entry(key)
                    .or_insert_with(|| Merged {
                        name: field.node.name.node.as_str(),
                        fields: Vec::new(),
                    })
                    .fields
                    .push(field);
            }
            Selection::InlineFragment(fragment) => {
                if !included(ctx, &fragment.node.directives)? {
                    continue;
                }
                let holds = match &fragment.node.type_condition {
                    Some(condition) => applies(condition.node.on.node.as_str())?,
                    None => true,
                };
                if holds {
                    collect(ctx, &fragment.node.selection_set.node, applies, out)?;
                }
            }
            Selection::FragmentSpread(spread) => {
                if !included(ctx, &spread.node.directives)? {
                    continue;
                }
                let fragment = ctx
                    .query_env
                    .fragments
                    .get(&spread.node.fragment_name.node)?;
                if applies(fragment.node.type_condition.node.on.node.as_str())? {
                    collect(ctx, &fragment.node.selection_set.node, applies, out)?;
                }
            }
        }
    }
    Some(())
}

/// `@skip`/`@include` with their `if` resolved; any other directive is not planned.
pub(crate) fn included(ctx: &Context<'_>, directives: &[Positioned<Directive>]) -> Option<bool> {
    let mut included = true;
    for directive in directives {
        let skip = match directive.node.name.node.as_str() {
            "skip" => true,
            "include" => false,
            _ => return None,
        };
        let (_, value) = directive
            .node
            .arguments
            .iter()
            .find(|(name, _)| name.node == "if")?;
        let Value::Boolean(condition) = value
            .node
            .clone()
            .into_const_with(|name| variable(ctx, &name))
            .ok()?
        else {
            return None;
        };
        if condition == skip {
            included = false;
        }
    }
    Some(included)
}

/// A variable's value, or its default, as the executor resolves it.
pub(crate) fn variable(ctx: &Context<'_>, name: &Name) -> Result<Value, ()> {
    let env = ctx.query_env;
    env.operation
        .node
        .variable_definitions
        .iter()
        .find(|def| def.node.name.node == *name)
        .and_then(|def| env.variables.get(name).or_else(|| def.node.default_value()))
        .cloned()
        .ok_or(())
}

/// The fields of a merged key's sub-selections.
pub(crate) fn children<'a>(
    ctx: &Context<'a>,
    merged: &Merged<'a>,
    applies: &dyn Fn(&str) -> Option<bool>,
) -> Option<IndexMap<&'a str, Merged<'a>>> {
    let mut out = IndexMap::new();
    for field in &merged.fields {
        collect(ctx, &field.node.selection_set.node, applies, &mut out)?;
    }
    Some(out)
}

pub(crate) fn exactly(name: &'static str) -> impl Fn(&str) -> Option<bool> {
    move |condition| Some(condition == name)
}

pub(crate) fn node_type(name: &'static str) -> impl Fn(&str) -> Option<bool> {
    move |condition| Some(condition == name || condition == "Node")
}

/// A planned row of a type spec: the object to render for each type its rows may have.
pub(crate) struct Shaped {
    typename: types::Typename,
    /// Each object with the types it is rendered for (types whose fragments select the same
    /// fields share one).
    objects: Vec<(Vec<&'static str>, Object)>,
}

/// A planned object: each response key with what it renders.
pub(crate) struct Object {
    fields: Vec<(String, Out)>,
}

enum Out {
    Typename,
    Scalar(&'static str, types::Conv),
    /// Centimes in the first column, in the currency of the second.
    Money(&'static str, &'static str, Vec<(String, MoneyPart)>),
    /// The linked row at this index of the row's links.
    One(usize, Shaped),
    /// A column of the gated part at this index of the row's links; null out of scope.
    GatedColumn(usize, &'static str, types::Conv),
    /// The first of these linked rows that exists (a union).
    Union(Vec<(usize, Shaped)>),
    List(usize, Connection),
    /// Every linked row at this index, as a plain list.
    All(usize, Shaped),
    /// One column of every linked row at this index, as a plain list.
    Values(usize, &'static str, types::Conv),
    /// A figure computed in the statement.
    Figure(figures::Figure),
}

enum MoneyPart {
    Typename,
    Amount,
    Currency,
}

/// A planned connection: each response key with what it renders.
pub(crate) struct Connection {
    typename: &'static str,
    edge: &'static str,
    parts: Vec<(String, Part)>,
}

enum Part {
    Typename,
    Nodes(Shaped),
    Edges(Vec<(String, EdgePart)>),
    PageInfo(Vec<(String, PageInfoPart)>),
    TotalCount,
}

enum EdgePart {
    Typename,
    Cursor,
    Node(Shaped),
}

enum PageInfoPart {
    Typename,
    HasNextPage,
    HasPreviousPage,
    StartCursor,
    EndCursor,
}

/// A planned root field: the statement to run and how to render its answer.
pub struct Plan {
    root: Root,
    render: Render,
}

enum Render {
    One(Shaped),
    List(Connection),
}

/// `Query.projects` with the page `list` its arguments asked for, or `None` to fall back.
pub fn plan_projects(ctx: &Context<'_>, list: &ProjectList) -> Option<Plan> {
    plan_list(ctx, &PROJECT_LIST, |count, read| {
        planned_projects(list, count, read)
    })
}

/// `Query.commitments` with the page `list` its arguments asked for, or `None` to fall back.
pub fn plan_commitments(ctx: &Context<'_>, list: &CommitmentList) -> Option<Plan> {
    plan_list(ctx, &COMMITMENT_LIST, |count, read| {
        planned_commitments(list, count, read)
    })
}

/// `Query.events` with the page `list` its arguments asked for, or `None` to fall back.
pub fn plan_events(ctx: &Context<'_>, list: &EventList) -> Option<Plan> {
    plan_list(ctx, &types::events::EVENT_LIST, |count, read| {
        planned_events(list, count, read)
    })
}

/// `Query.partners` with the page its arguments asked for, or `None` to fall back.
pub fn plan_partners(
    ctx: &Context<'_>,
    filter: &PartnerFilter,
    request: &PageRequest,
) -> Option<Plan> {
    plan_list(ctx, &PARTNER_LIST, |count, read| {
        planned_partners(filter, request, count, read)
    })
}

/// `Query.centers` with the page its arguments asked for, or `None` to fall back.
pub fn plan_centers(ctx: &Context<'_>, request: &PageRequest) -> Option<Plan> {
    plan_list(ctx, &CENTER_LIST, |count, read| {
        planned_centers(request, count, read)
    })
}

/// `Query.programs` with the page its arguments asked for, or `None` to fall back.
pub fn plan_programs(ctx: &Context<'_>, request: &PageRequest) -> Option<Plan> {
    plan_list(ctx, &PROGRAM_LIST, |count, read| {
        planned_programs(request, count, read)
    })
}

/// `Query.organizations`, or `associations`/`cooperatives` when `list` is of one kind, with the
/// page `list` its arguments asked for; `None` to fall back.
pub fn plan_organizations(
    ctx: &Context<'_>,
    list: &OrganizationList,
    root: OrganizationRoot,
) -> Option<Plan> {
    let spec = match root {
        OrganizationRoot::Organizations => &ORGANIZATION_LIST,
        OrganizationRoot::Associations => &ASSOCIATION_LIST,
        OrganizationRoot::Cooperatives => &COOPERATIVE_LIST,
    };
    plan_list(ctx, spec, |count, read| {
        planned_organizations(list, count, read)
    })
}

/// Which of the roots listing organizations is planned.
#[derive(Clone, Copy)]
pub enum OrganizationRoot {
    Organizations,
    Associations,
    Cooperatives,
}

fn plan_list(
    ctx: &Context<'_>,
    spec: &'static ListSpec,
    page: impl FnOnce(bool, Read) -> crate::error::Result<ListRead>,
) -> Option<Plan> {
    let fields = field_children(ctx, &exactly(spec.connection))?;
    let mut read = Read::new();
    let (connection, count) = plan_connection(ctx, fields, spec, &mut read)?;
    let root = Root::List(Box::new(page(count, read).ok()?));
    Some(Plan {
        root,
        render: Render::List(connection),
    })
}

/// The roots' lists: their arguments come converted by their resolvers.
static PROJECT_LIST: ListSpec = ListSpec::root("ProjectConnection", "ProjectEdge", &types::PROJECT);

static PARTNER_LIST: ListSpec = ListSpec::root("PartnerConnection", "PartnerEdge", &types::PARTNER);

static CENTER_LIST: ListSpec = ListSpec::root("CenterConnection", "CenterEdge", &types::CENTER);

static PROGRAM_LIST: ListSpec = ListSpec::root("ProgramConnection", "ProgramEdge", &types::PROGRAM);

static ORGANIZATION_LIST: ListSpec = ListSpec::root(
    "OrganizationConnection",
    "OrganizationEdge",
    &types::ORGANIZATION,
);

static ASSOCIATION_LIST: ListSpec = ListSpec::root(
    "AssociationConnection",
    "AssociationEdge",
    &types::ASSOCIATION,
);

static COOPERATIVE_LIST: ListSpec = ListSpec::root(
    "CooperativeConnection",
    "CooperativeEdge",
    &types::COOPERATIVE,
);

static COMMITMENT_LIST: ListSpec =
    ListSpec::root("CommitmentConnection", "CommitmentEdge", &types::COMMITMENT);

/// `Query.supportSessions` with the page `list` its arguments asked for, or `None` to fall back.
pub fn plan_support_sessions(ctx: &Context<'_>, list: &SessionList) -> Option<Plan> {
    plan_list(ctx, &types::accompaniment::SESSION_LIST, |count, read| {
        planned_sessions(list, count, read)
    })
}

/// `Query.indicators` with the page `list` its arguments asked for, or `None` to fall back.
pub fn plan_indicators(ctx: &Context<'_>, list: &IndicatorList) -> Option<Plan> {
    plan_list(ctx, &types::accompaniment::INDICATOR_LIST, |count, read| {
        planned_indicators(list, count, read)
    })
}

/// `Query.node` for an id of `node_type`, or `None` to fall back.
pub fn plan_node(ctx: &Context<'_>, node_type: NodeType, id: i64) -> Option<Plan> {
    use crate::entity::{
        center, commitment, indicator, organization, partner, program, project, support_session,
        zone,
    };
    let spec = match node_type {
        NodeType::Project => &types::PROJECT,
        NodeType::Commitment => &types::COMMITMENT,
        NodeType::Partner => &types::PARTNER,
        NodeType::Zone => &types::ZONE,
        NodeType::Program => &types::PROGRAM,
        NodeType::Organization => &types::ORGANIZATION,
        NodeType::Center => &types::CENTER,
        NodeType::FundingRequest => &types::FUNDING_REQUEST,
        NodeType::ProgramRequirement => &types::PROGRAM_REQUIREMENT,
        NodeType::Event => &types::events::EVENT,
        NodeType::EventParticipant => &types::events::PARTICIPANT,
        NodeType::PartnerEngagement => &types::events::ENGAGEMENT,
        NodeType::ManagementAgreement => &types::events::AGREEMENT,
        NodeType::SupportSession => &types::accompaniment::SUPPORT_SESSION,
        NodeType::Indicator => &types::accompaniment::INDICATOR,
        _ => return None,
    };
    let mut read = Read::new();
    let object = plan_shape(
        ctx,
        spec,
        None,
        &|applies| field_children(ctx, applies),
        &mut read,
    )?;
    let root = match node_type {
        NodeType::Project => Root::one::<project::Entity>(id, read),
        NodeType::Commitment => Root::one::<commitment::Entity>(id, read),
        NodeType::Partner => Root::one::<partner::Entity>(id, read),
        NodeType::Zone => Root::one::<zone::Entity>(id, read),
        NodeType::Organization => Root::one::<organization::Entity>(id, read),
        NodeType::Center => Root::one::<center::Entity>(id, read),
        NodeType::FundingRequest => Root::one::<crate::entity::funding_request::Entity>(id, read),
        NodeType::ProgramRequirement => {
            Root::one::<crate::entity::program_requirement::Entity>(id, read)
        }
        NodeType::Event => Root::one::<crate::entity::event::Entity>(id, read),
        NodeType::EventParticipant => {
            Root::one::<crate::entity::event_participant::Entity>(id, read)
        }
        NodeType::PartnerEngagement => {
            Root::one::<crate::entity::partner_engagement::Entity>(id, read)
        }
        NodeType::ManagementAgreement => {
            Root::one::<crate::entity::management_agreement::Entity>(id, read)
        }
        NodeType::SupportSession => Root::one::<support_session::Entity>(id, read),
        NodeType::Indicator => Root::one::<indicator::Entity>(id, read),
        _ => Root::one::<program::Entity>(id, read),
    };
    Some(Plan {
        root,
        render: Render::One(object),
    })
}

/// Runs a plan's statement and renders its answer.
pub async fn answer(ctx: &Context<'_>, plan: &Plan) -> async_graphql::Result<Value> {
    let viewer = viewer(ctx);
    let check = viewer.to_confirm().map(claims_hold);
    let (answer, confirmed) = read(db(ctx)?, &plan.root, check).await?;
    if let Some(holds) = confirmed {
        viewer.confirm(holds);
    }
    match (answer, &plan.render) {
        (Answer::One(row), Render::One(object)) => match row {
            Some(row) => render::shaped(&row, object),
            None => Ok(Value::Null),
        },
        (Answer::List(page), Render::List(connection)) => render::connection(&page, connection),
        _ => Err(async_graphql::Error::new(
            "planned read: answer of another shape",
        )),
    }
}

fn field_children<'a>(
    ctx: &Context<'a>,
    applies: &dyn Fn(&str) -> Option<bool>,
) -> Option<IndexMap<&'a str, Merged<'a>>> {
    let mut out = IndexMap::new();
    collect(ctx, &ctx.item.node.selection_set.node, applies, &mut out)?;
    Some(out)
}

/// The fields a selection asks of a row, for the fragments `applies` lets in.
type Select<'s, 'a> =
    dyn Fn(&dyn Fn(&str) -> Option<bool>) -> Option<IndexMap<&'a str, Merged<'a>>> + 's;

/// Plans a row of `spec` (or of the union `union` it is a member of): for each type its rows
/// may have, the fields `select` asks with the fragments that apply to that type.
fn plan_shape<'a>(
    ctx: &Context<'a>,
    spec: &'static TypeSpec,
    union: Option<&'static str>,
    select: &Select<'_, 'a>,
    read: &mut Read,
) -> Option<Shaped> {
    if let types::Typename::OrganizationKind = spec.typename {
        read.column(crate::entity::organization::Column::Kind);
    }
    let mut selected: Vec<(Vec<&'static str>, IndexMap<&'a str, Merged<'a>>)> = Vec::new();
    for &typename in spec.types() {
        let applies =
            |condition: &str| Some(spec.applies(typename, condition) || union == Some(condition));
        let fields = select(&applies)?;
        match selected.iter_mut().find(|(_, other)| same(other, &fields)) {
            Some((types, _)) => types.push(typename),
            None => selected.push((vec![typename], fields)),
        }
    }
    let mut objects = Vec::with_capacity(selected.len());
    for (types, fields) in selected {
        objects.push((types, plan_object(ctx, spec, &fields, read)?));
    }
    Some(Shaped {
        typename: spec.typename,
        objects,
    })
}

/// The read and the plan of the one row of `spec` a field links to.
fn plan_child<'a>(
    ctx: &Context<'a>,
    merged: &Merged<'a>,
    spec: &'static TypeSpec,
) -> Option<(Read, Shaped)> {
    let mut child = Read::new();
    let select = |applies: &dyn Fn(&str) -> Option<bool>| children(ctx, merged, applies);
    let shaped = plan_shape(ctx, spec, None, &select, &mut child)?;
    Some((child, shaped))
}

/// Whether two selections hold the very same fields under the same keys.
fn same(a: &IndexMap<&str, Merged<'_>>, b: &IndexMap<&str, Merged<'_>>) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|((key_a, a), (key_b, b))| {
            key_a == key_b
                && a.fields.len() == b.fields.len()
                && a.fields
                    .iter()
                    .zip(&b.fields)
                    .all(|(a, b)| std::ptr::eq(*a, *b))
        })
}

fn plan_object<'a>(
    ctx: &Context<'a>,
    spec: &'static TypeSpec,
    fields: &IndexMap<&'a str, Merged<'a>>,
    read: &mut Read,
) -> Option<Object> {
    let mut out = Vec::with_capacity(fields.len());
    for (key, merged) in fields {
        let field = if merged.name == "__typename" {
            Out::Typename
        } else {
            match (spec.field)(merged.name)? {
                FieldSpec::List(list) => {
                    let children = children(ctx, merged, &exactly(list.connection))?;
                    let mut child = Read::new();
                    let (connection, count) = plan_connection(ctx, children, list, &mut child)?;
                    let index = (list.link)(ctx, merged, read, count, child)?;
                    Out::List(index, connection)
                }
                FieldSpec::Figure(plan) => Out::Figure(plan(ctx, merged, read)?),
                FieldSpec::Filtered { spec, link } => {
                    let (child, shaped) = plan_child(ctx, merged, spec)?;
                    Out::All(link(ctx, merged, read, child)?, shaped)
                }
                _ if merged.has_arguments() => return None,
                FieldSpec::Scalar(column, conv) => {
                    read.column(sea_orm::sea_query::Alias::new(column));
                    Out::Scalar(column, conv)
                }
                FieldSpec::Money(column, currency) => {
                    read.column(sea_orm::sea_query::Alias::new(column));
                    read.column(sea_orm::sea_query::Alias::new(currency));
                    Out::Money(column, currency, money_parts(ctx, merged)?)
                }
                FieldSpec::One { spec, link } => {
                    let (child, shaped) = plan_child(ctx, merged, spec)?;
                    Out::One(link(read, child), shaped)
                }
                FieldSpec::Gated { spec, link } => {
                    let (child, shaped) = plan_child(ctx, merged, spec)?;
                    Out::One(link(ctx, read, child), shaped)
                }
                FieldSpec::GatedColumn { column, conv, link } => {
                    let mut child = Read::new();
                    child.column(sea_orm::sea_query::Alias::new(column));
                    Out::GatedColumn(link(ctx, read, child), column, conv)
                }
                FieldSpec::Union { name, members } => {
                    let select =
                        |applies: &dyn Fn(&str) -> Option<bool>| children(ctx, merged, applies);
                    let mut linked = Vec::with_capacity(members.len());
                    for (spec, link) in members.iter() {
                        let mut child = Read::new();
                        let shaped = plan_shape(ctx, spec, Some(name), &select, &mut child)?;
                        linked.push((link(read, child), shaped));
                    }
                    Out::Union(linked)
                }
                FieldSpec::All { spec, link } => {
                    let (child, shaped) = plan_child(ctx, merged, spec)?;
                    Out::All(link(read, child), shaped)
                }
                FieldSpec::Values { link, column, conv } => Out::Values(link(read), column, conv),
            }
        };
        out.push(((*key).to_owned(), field));
    }
    Some(Object { fields: out })
}

fn money_parts(ctx: &Context<'_>, merged: &Merged<'_>) -> Option<Vec<(String, MoneyPart)>> {
    let mut parts = Vec::new();
    for (key, merged) in children(ctx, merged, &exactly("Money"))? {
        let part = match merged.name {
            "__typename" => MoneyPart::Typename,
            "amount" => MoneyPart::Amount,
            "currency" => MoneyPart::Currency,
            _ => return None,
        };
        parts.push((key.to_owned(), part));
    }
    Some(parts)
}

/// A connection's parts, reading its rows into `read`; whether `totalCount` is asked.
fn plan_connection<'a>(
    ctx: &Context<'a>,
    fields: IndexMap<&'a str, Merged<'a>>,
    list: &'static ListSpec,
    read: &mut Read,
) -> Option<(Connection, bool)> {
    let mut count = false;
    let mut parts = Vec::new();
    for (key, merged) in fields {
        if merged.has_arguments() {
            return None;
        }
        let part = match merged.name {
            "__typename" => Part::Typename,
            "totalCount" => {
                count = true;
                Part::TotalCount
            }
            "nodes" => {
                let select =
                    |applies: &dyn Fn(&str) -> Option<bool>| children(ctx, &merged, applies);
                Part::Nodes(plan_shape(ctx, list.node, None, &select, read)?)
            }
            "edges" => {
                let mut edge = Vec::new();
                for (key, merged) in children(ctx, &merged, &exactly(list.edge))? {
                    let part = match merged.name {
                        "__typename" => EdgePart::Typename,
                        "cursor" => EdgePart::Cursor,
                        "node" => {
                            let select = |applies: &dyn Fn(&str) -> Option<bool>| {
                                children(ctx, &merged, applies)
                            };
                            EdgePart::Node(plan_shape(ctx, list.node, None, &select, read)?)
                        }
                        _ => return None,
                    };
                    edge.push((key.to_owned(), part));
                }
                Part::Edges(edge)
            }
            "pageInfo" => {
                let mut info = Vec::new();
                for (key, merged) in children(ctx, &merged, &exactly("PageInfo"))? {
                    let part = match merged.name {
                        "__typename" => PageInfoPart::Typename,
                        "hasNextPage" => PageInfoPart::HasNextPage,
                        "hasPreviousPage" => PageInfoPart::HasPreviousPage,
                        "startCursor" => PageInfoPart::StartCursor,
                        "endCursor" => PageInfoPart::EndCursor,
                        _ => return None,
                    };
                    info.push((key.to_owned(), part));
                }
                Part::PageInfo(info)
            }
            _ => return None,
        };
        parts.push((key.to_owned(), part));
    }
    Some((
        Connection {
            typename: list.connection,
            edge: list.edge,
            parts,
        },
        count,
    ))
}
