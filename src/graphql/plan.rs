//! The read planner (issue 12), first cut: `Query.projects` and `Query.node` on a Project are
//! answered by one SQL statement ([`crate::service::read`]) when their whole selection is in the
//! planner's vocabulary; anything else falls back to the resolvers, unchanged.
//!
//! The selection is read from the query's AST, not from `ctx.field().selection_set()`, which
//! flattens fragments without their type conditions (wrong for `node { ... on Partner }`).
//! `ctx.item` and `ctx.query_env` are `#[doc(hidden)] pub` in async-graphql 7.2 because its own
//! derive macros use them; they are what a resolver sees of the document.
//!
//! Visibility: the vocabulary holds only fields every caller may read (no contacts, no users), so
//! a planned answer never shows what the resolvers would hide; anything gated by the viewer
//! falls back.

use std::borrow::Cow;

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{Directive, Field, Selection, SelectionSet};
use async_graphql::registry::Registry;
use async_graphql::resolver_utils::enum_value;
use async_graphql::{
    Context, ContextSelectionSet, EnumType, Name, OutputType, Positioned, ScalarType, ServerResult,
    Value,
};
use sea_orm::ActiveEnum;

use crate::domain;
use crate::graphql::id::{NodeType, encode};
use crate::graphql::types::enums;
use crate::graphql::types::money::Money;
use crate::service::read::{CommitmentRead, ProjectRead};

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
    fn has_arguments(&self) -> bool {
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
fn included(ctx: &Context<'_>, directives: &[Positioned<Directive>]) -> Option<bool> {
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
fn variable(ctx: &Context<'_>, name: &Name) -> Result<Value, ()> {
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

/// A planned selection: response keys with what each one is.
pub struct Shape<F>(Vec<(String, F)>);

pub enum ProjectField {
    Typename,
    Id,
    Reference,
    Title,
    Summary,
    Sector,
    Status,
    TotalCost(Shape<MoneyField>),
    OwnContribution(Shape<MoneyField>),
    BeneficiariesCount,
    Version,
    Carrier(Shape<CarrierField>),
    Commitments(Shape<Shape<CommitmentField>>),
}

pub enum MoneyField {
    Typename,
    Amount,
    Currency,
}

pub enum CarrierField {
    Typename,
    Id,
    Name,
}

pub enum CommitmentField {
    Typename,
    Id,
    Kind,
    Status,
    Description,
    Amount(Shape<MoneyField>),
    Partner(Shape<PartnerField>),
}

pub enum PartnerField {
    Typename,
    Id,
    Name,
}

/// The plan of a whole `projects` connection: only `nodes` (and `__typename`) are planned.
pub struct ListPlan {
    pub connection: Shape<Option<Shape<ProjectField>>>,
    pub read: ProjectRead,
}

/// The plan of the `projects` field under `ctx`, or `None` to fall back.
pub fn plan_project_list(ctx: &Context<'_>) -> Option<ListPlan> {
    let mut read = ProjectRead::default();
    let root = field_children(ctx, &exactly("ProjectConnection"))?;
    let mut connection = Vec::new();
    for (key, merged) in root {
        let entry = match merged.name {
            "__typename" => None,
            "nodes" if !merged.has_arguments() => Some(project_shape(
                ctx,
                &children(ctx, &merged, &node_type("Project"))?,
                &mut read,
            )?),
            _ => return None,
        };
        connection.push((key.to_owned(), entry));
    }
    Some(ListPlan {
        connection: Shape(connection),
        read,
    })
}

/// The plan of a Project reached by `node`, or `None` to fall back.
pub fn plan_project_node(ctx: &Context<'_>) -> Option<(Shape<ProjectField>, ProjectRead)> {
    let mut read = ProjectRead::default();
    let fields = field_children(ctx, &node_type("Project"))?;
    let shape = project_shape(ctx, &fields, &mut read)?;
    Some((shape, read))
}

fn field_children<'a>(
    ctx: &Context<'a>,
    applies: &dyn Fn(&str) -> Option<bool>,
) -> Option<IndexMap<&'a str, Merged<'a>>> {
    let mut out = IndexMap::new();
    collect(ctx, &ctx.item.node.selection_set.node, applies, &mut out)?;
    Some(out)
}

fn project_shape<'a>(
    ctx: &Context<'a>,
    fields: &IndexMap<&'a str, Merged<'a>>,
    read: &mut ProjectRead,
) -> Option<Shape<ProjectField>> {
    let mut shape = Vec::new();
    for (key, merged) in fields {
        if merged.has_arguments() {
            return None;
        }
        let field = match merged.name {
            "__typename" => ProjectField::Typename,
            "id" => ProjectField::Id,
            "reference" => ProjectField::Reference,
            "title" => ProjectField::Title,
            "summary" => ProjectField::Summary,
            "sector" => ProjectField::Sector,
            "status" => ProjectField::Status,
            "totalCost" => ProjectField::TotalCost(money_shape(ctx, merged)?),
            "ownContribution" => ProjectField::OwnContribution(money_shape(ctx, merged)?),
            "beneficiariesCount" => ProjectField::BeneficiariesCount,
            "version" => ProjectField::Version,
            "carrier" => {
                read.carrier = true;
                ProjectField::Carrier(carrier_shape(ctx, merged)?)
            }
            "commitments" => {
                let (shape, commitments) = commitments_shape(ctx, merged)?;
                read.commitments = Some(commitments);
                ProjectField::Commitments(shape)
            }
            _ => return None,
        };
        shape.push(((*key).to_owned(), field));
    }
    Some(Shape(shape))
}

fn money_shape(ctx: &Context<'_>, merged: &Merged<'_>) -> Option<Shape<MoneyField>> {
    let mut shape = Vec::new();
    for (key, merged) in children(ctx, merged, &exactly("Money"))? {
        let field = match merged.name {
            "__typename" => MoneyField::Typename,
            "amount" => MoneyField::Amount,
            "currency" => MoneyField::Currency,
            _ => return None,
        };
        shape.push((key.to_owned(), field));
    }
    Some(Shape(shape))
}

/// A carrier's fields; a fragment on Association or Cooperative depends on the row: not planned.
fn carrier_shape(ctx: &Context<'_>, merged: &Merged<'_>) -> Option<Shape<CarrierField>> {
    let applies = |condition: &str| match condition {
        "Organization" | "Node" => Some(true),
        _ => None,
    };
    let mut shape = Vec::new();
    for (key, merged) in children(ctx, merged, &applies)? {
        let field = match merged.name {
            "__typename" => CarrierField::Typename,
            "id" => CarrierField::Id,
            "name" => CarrierField::Name,
            _ => return None,
        };
        shape.push((key.to_owned(), field));
    }
    Some(Shape(shape))
}

/// `commitments` without arguments (the default page of 20, oldest first) and only `nodes`.
fn commitments_shape(
    ctx: &Context<'_>,
    merged: &Merged<'_>,
) -> Option<(Shape<Shape<CommitmentField>>, CommitmentRead)> {
    let mut read = CommitmentRead {
        limit: crate::graphql::connection::DEFAULT_PAGE_SIZE as u64,
        partner: false,
    };
    let mut connection = Vec::new();
    for (key, merged) in children(ctx, merged, &exactly("CommitmentConnection"))? {
        if merged.name != "nodes" || merged.has_arguments() {
            return None;
        }
        let mut shape = Vec::new();
        for (key, merged) in children(ctx, &merged, &node_type("Commitment"))? {
            if merged.has_arguments() {
                return None;
            }
            let field = match merged.name {
                "__typename" => CommitmentField::Typename,
                "id" => CommitmentField::Id,
                "kind" => CommitmentField::Kind,
                "status" => CommitmentField::Status,
                "description" => CommitmentField::Description,
                "amount" => CommitmentField::Amount(money_shape(ctx, &merged)?),
                "partner" => {
                    read.partner = true;
                    CommitmentField::Partner(partner_shape(ctx, &merged)?)
                }
                _ => return None,
            };
            shape.push((key.to_owned(), field));
        }
        connection.push((key.to_owned(), Shape(shape)));
    }
    Some((Shape(connection), read))
}

fn partner_shape(ctx: &Context<'_>, merged: &Merged<'_>) -> Option<Shape<PartnerField>> {
    let mut shape = Vec::new();
    for (key, merged) in children(ctx, merged, &node_type("Partner"))? {
        let field = match merged.name {
            "__typename" => PartnerField::Typename,
            "id" => PartnerField::Id,
            "name" => PartnerField::Name,
            _ => return None,
        };
        shape.push((key.to_owned(), field));
    }
    Some(Shape(shape))
}

type Json = serde_json::Value;

/// What the statement returned could not be read: a bug, never the caller's fault.
fn unreadable(what: &str) -> async_graphql::Error {
    async_graphql::Error::new(format!("planned read: unreadable {what}"))
}

fn text(row: &Json, column: &str) -> async_graphql::Result<Value> {
    match &row[column] {
        Json::Null => Ok(Value::Null),
        Json::String(text) => Ok(Value::String(text.clone())),
        _ => Err(unreadable(column)),
    }
}

fn int(row: &Json, column: &str) -> async_graphql::Result<Option<i64>> {
    match &row[column] {
        Json::Null => Ok(None),
        value => value.as_i64().map(Some).ok_or_else(|| unreadable(column)),
    }
}

fn id_of(row: &Json, node_type: NodeType) -> async_graphql::Result<Value> {
    let id = int(row, "id")?.ok_or_else(|| unreadable("id"))?;
    Ok(Value::String(encode(node_type, id).0))
}

/// A stored enum as its GraphQL name, through the domain type both sides share.
fn enumeration<D, G>(row: &Json, column: &str) -> async_graphql::Result<Value>
where
    D: ActiveEnum<Value = String>,
    G: EnumType + From<D>,
{
    let stored = row[column].as_str().ok_or_else(|| unreadable(column))?;
    let domain = D::try_from_value(&stored.to_owned()).map_err(|_| unreadable(column))?;
    Ok(enum_value(G::from(domain)))
}

fn money(row: &Json, column: &str, shape: &Shape<MoneyField>) -> async_graphql::Result<Value> {
    let Some(centimes) = int(row, column)? else {
        return Ok(Value::Null);
    };
    let stored = row["currency"]
        .as_str()
        .ok_or_else(|| unreadable("currency"))?;
    let currency = domain::money::Currency::try_from_value(&stored.to_owned())
        .map_err(|_| unreadable("currency"))?;
    let money = Money::new(centimes, currency);
    let fields = shape.0.iter().map(|(key, field)| {
        let value = match field {
            MoneyField::Typename => Value::String("Money".into()),
            MoneyField::Amount => money.amount.to_value(),
            MoneyField::Currency => enum_value(money.currency),
        };
        (Name::new(key), value)
    });
    Ok(Value::Object(fields.collect()))
}

fn object<F>(
    shape: &Shape<F>,
    mut value_of: impl FnMut(&F) -> async_graphql::Result<Value>,
) -> async_graphql::Result<Value> {
    let mut out = IndexMap::new();
    for (key, field) in &shape.0 {
        out.insert(Name::new(key), value_of(field)?);
    }
    Ok(Value::Object(out))
}

/// A project row as its planned shape asks.
pub fn project_value(row: &Json, shape: &Shape<ProjectField>) -> async_graphql::Result<Value> {
    object(shape, |field| match field {
        ProjectField::Typename => Ok(Value::String("Project".into())),
        ProjectField::Id => id_of(row, NodeType::Project),
        ProjectField::Reference => text(row, "reference"),
        ProjectField::Title => text(row, "title"),
        ProjectField::Summary => text(row, "summary"),
        ProjectField::Sector => {
            enumeration::<domain::organization::Sector, enums::Sector>(row, "sector")
        }
        ProjectField::Status => {
            enumeration::<domain::project::ProjectStatus, enums::ProjectStatus>(row, "status")
        }
        ProjectField::TotalCost(shape) => money(row, "total_cost", shape),
        ProjectField::OwnContribution(shape) => money(row, "own_contribution", shape),
        ProjectField::BeneficiariesCount => Ok(int(row, "beneficiaries_count")?
            .map_or(Value::Null, |count| Value::Number(count.into()))),
        ProjectField::Version => {
            Ok(int(row, "version")?.map_or(Value::Null, |version| Value::Number(version.into())))
        }
        ProjectField::Carrier(shape) => carrier_value(&row["carrier"], shape),
        ProjectField::Commitments(shape) => object(shape, |nodes| {
            let rows = row["commitments"]
                .as_array()
                .ok_or_else(|| unreadable("commitments"))?;
            rows.iter()
                .map(|row| commitment_value(row, nodes))
                .collect::<async_graphql::Result<Vec<_>>>()
                .map(Value::List)
        }),
    })
}

fn carrier_value(row: &Json, shape: &Shape<CarrierField>) -> async_graphql::Result<Value> {
    let kind = enumeration::<domain::organization::OrganizationKind, enums::OrganizationKind>(
        row, "kind",
    )?;
    let typename = match kind {
        Value::Enum(name) if name == "COOPERATIVE" => "Cooperative",
        Value::Enum(name) if name == "ASSOCIATION" => "Association",
        _ => return Err(unreadable("carrier kind")),
    };
    object(shape, |field| match field {
        CarrierField::Typename => Ok(Value::String(typename.into())),
        CarrierField::Id => id_of(row, NodeType::Organization),
        CarrierField::Name => text(row, "name"),
    })
}

fn commitment_value(row: &Json, shape: &Shape<CommitmentField>) -> async_graphql::Result<Value> {
    object(shape, |field| match field {
        CommitmentField::Typename => Ok(Value::String("Commitment".into())),
        CommitmentField::Id => id_of(row, NodeType::Commitment),
        CommitmentField::Kind => {
            enumeration::<domain::commitment::CommitmentKind, enums::CommitmentKind>(row, "kind")
        }
        CommitmentField::Status => enumeration::<
            domain::commitment::CommitmentStatus,
            enums::CommitmentStatus,
        >(row, "status"),
        CommitmentField::Description => text(row, "description"),
        CommitmentField::Amount(shape) => money(row, "amount", shape),
        CommitmentField::Partner(shape) => {
            let partner = &row["partner"];
            object(shape, |field| match field {
                PartnerField::Typename => Ok(Value::String("Partner".into())),
                PartnerField::Id => id_of(partner, NodeType::Partner),
                PartnerField::Name => text(partner, "name"),
            })
        }
    })
}

/// A page of projects as the planned connection asks.
pub fn list_value(rows: &Json, plan: &ListPlan) -> async_graphql::Result<Value> {
    let rows = rows.as_array().ok_or_else(|| unreadable("projects"))?;
    object(&plan.connection, |entry| match entry {
        None => Ok(Value::String("ProjectConnection".into())),
        Some(shape) => rows
            .iter()
            .map(|row| project_value(row, shape))
            .collect::<async_graphql::Result<Vec<_>>>()
            .map(Value::List),
    })
}
