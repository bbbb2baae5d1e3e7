//! `Indicator`: an expected result of a center or a program, its measurements, its latest value
//! (measured, or computed from the data) and its progress; its filter and nested lists.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, Union};

use crate::domain::indicator::{self as rules, value_of};
use crate::entity::{indicator, indicator_measurement};
use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::id::{NodeType, encode, parse_opt_arg};
use crate::graphql::loaders::{child_page, loaders, required};
use crate::graphql::scalars::{Date, DateTime, Decimal};
use crate::graphql::types::center::Center;
use crate::graphql::types::inputs::updated_since;
use crate::graphql::types::program::Program;
use crate::service::indicator::{IndicatorFilter as Filter, IndicatorList, IndicatorParent};

/// Where an indicator's values come from.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::domain::indicator::IndicatorSource")]
pub enum IndicatorSource {
    /// Measured by hand: `recordIndicatorMeasurement` adds each value.
    Manual,
    /// Computed: the distinct organizations with at least one support session of the center (for
    /// a program: a session about one of its projects).
    OrganizationsAccompanied,
    /// Computed: the projects of the center or program that are APPROVED, IN_PROGRESS or
    /// COMPLETED (approval is the decision to fund them).
    ProjectsFunded,
    /// Computed: the support sessions of the center (for a program: about its projects).
    SessionsHeld,
    /// Computed: the participants of those sessions of kind TRAINING, added up.
    ParticipantsTrained,
}

/// An expected result.
pub struct Indicator(pub indicator::Model);

/// An expected result of a center or a program (a network of associations, capacity building,
/// participation…), with a baseline and a target. Its values are measured by hand (MANUAL) or
/// computed from the data when it reads. Readable by anyone.
#[Object]
impl Indicator {
    /// The indicator's global id: opaque, stable, accepted by `node(id:)`.
    pub async fn id(&self) -> ID {
        encode(NodeType::Indicator, self.0.id)
    }

    /// Whose expected result it is: a center or a program.
    async fn owner(&self, ctx: &Context<'_>) -> Result<IndicatorOwner> {
        let loaders = loaders(ctx)?;
        match (self.0.center_id, self.0.program_id) {
            (Some(id), _) => Ok(IndicatorOwner::Center(Center(
                required(&loaders.centers, id).await?,
            ))),
            (None, Some(id)) => Ok(IndicatorOwner::Program(Program(
                required(&loaders.programs, id).await?,
            ))),
            (None, None) => Err("an indicator without an owner".into()),
        }
    }

    /// The expected result, in words.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// What its values count, e.g. "associations", "sessions", "%".
    async fn unit(&self) -> &str {
        &self.0.unit
    }

    /// The value at the start, from which progress is measured.
    async fn baseline(&self) -> Decimal {
        Decimal(value_of(self.0.baseline))
    }

    /// The value aimed at; null when none is set.
    async fn target(&self) -> Option<Decimal> {
        self.0.target.map(|target| Decimal(value_of(target)))
    }

    /// Where the values come from: MANUAL, or the figure computed from the data.
    async fn source(&self) -> IndicatorSource {
        self.0.source.into()
    }

    /// The measurements recorded, oldest first; always empty for a computed indicator.
    async fn measurements(&self, ctx: &Context<'_>) -> Result<Vec<IndicatorMeasurement>> {
        let rows = loaders(ctx)?.measurements_of.load_one(self.0.id).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(IndicatorMeasurement)
            .collect())
    }

    /// The latest value: the last measurement (by day) of a MANUAL indicator, or the figure a
    /// computed one counts now. Null for a MANUAL indicator not measured yet.
    async fn latest(&self, ctx: &Context<'_>) -> Result<Option<Decimal>> {
        Ok(loaders(ctx)?
            .indicator_latest
            .load_one(self.0.id)
            .await?
            .map(Decimal))
    }

    /// (latest − baseline) / (target − baseline), truncated to four places: "0" at the baseline,
    /// "1" on target, above 1 past it, negative when the value moved away. Null without a
    /// latest value or a target, or when the target equals the baseline.
    async fn progress(&self, ctx: &Context<'_>) -> Result<Option<Decimal>> {
        let latest = loaders(ctx)?.indicator_latest.load_one(self.0.id).await?;
        let target = self.0.target.map(value_of);
        Ok(rules::progress(latest, value_of(self.0.baseline), target).map(Decimal))
    }

    /// When the indicator was set, in UTC.
    async fn created_at(&self) -> DateTime {
        DateTime::from(self.0.created_at)
    }

    /// When the indicator last changed (a measurement recorded included), in UTC; what the
    /// `updatedSince` filters compare with.
    async fn updated_at(&self) -> DateTime {
        DateTime::from(self.0.updated_at)
    }

    /// Incremented on every change, a measurement recorded included; pass it as
    /// `expectedVersion` to write safely (a stale one is refused with VERSION_CONFLICT).
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A center or a program, whose expected result an indicator is.
#[derive(Union)]
pub enum IndicatorOwner {
    Center(Center),
    Program(Program),
}

/// One measured value of a MANUAL indicator.
pub struct IndicatorMeasurement(pub indicator_measurement::Model);

/// The type name in a measurement's id (not a node type: a measurement is read through its
/// indicator).
pub const MEASUREMENT: &str = "IndicatorMeasurement";

/// A value of a MANUAL indicator on a day.
#[Object]
impl IndicatorMeasurement {
    /// The measurement's id (a global id, though not a node).
    async fn id(&self) -> ID {
        crate::graphql::id::encode_named(MEASUREMENT, self.0.id)
    }

    /// The measurement's version, +1 on each correction: what `expectedVersion` compares with.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// The day the value was measured.
    async fn measured_on(&self) -> Date {
        Date::from(self.0.measured_on)
    }

    /// The value, exact.
    async fn value(&self) -> Decimal {
        Decimal(value_of(self.0.value))
    }

    /// How the value was measured, or what it leaves out; null when not given.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
}

/// Which indicators to list; every criterion given must match.
#[derive(InputObject, Default, Clone)]
pub struct IndicatorFilter {
    /// The indicators of this center.
    pub center_id: Option<ID>,
    /// The indicators of this program.
    pub program_id: Option<ID>,
    /// Indicators of this source only.
    pub source: Option<IndicatorSource>,
    /// Only indicators changed at or after this instant, for incremental sync.
    pub updated_since: Option<DateTime>,
}

/// Arguments of a list of indicators.
pub fn indicator_list(page: PageArgs, filter: Option<IndicatorFilter>) -> Result<IndicatorList> {
    let filter = filter.unwrap_or_default();
    Ok(IndicatorList {
        filter: Filter {
            center_id: parse_opt_arg(filter.center_id.as_ref(), NodeType::Center, "centerId")?,
            program_id: parse_opt_arg(filter.program_id.as_ref(), NodeType::Program, "programId")?,
            source: filter.source.map(Into::into),
            updated_since: updated_since(filter.updated_since)?,
        },
        page: page.request()?,
    })
}

/// The page of indicators of one center or program, batched with its siblings' by the loader.
pub async fn nested_indicators(
    ctx: &Context<'_>,
    parent: IndicatorParent,
    id: i64,
    list: IndicatorList,
) -> Result<ListConnection<Indicator>> {
    let loader = &loaders(ctx)?.indicator_pages;
    let page = child_page(loader, id, (parent, list)).await?;
    Ok(connection(page, Indicator))
}
