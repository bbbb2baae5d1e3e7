//! The `Mutation` root, merged from one object per aggregate. Every mutation takes one `input`
//! and returns a payload whose `userErrors` hold what the caller can fix.

mod center;
mod commitment;
mod event;
mod funding_search;
mod indicator;
mod management;
mod measurement;
mod organization;
mod partner;
mod program;
mod project;
pub mod session;
mod support_session;
mod user;
mod zone;

use async_graphql::{Context, ID, MaybeUndefined, MergedObject, Result};
use chrono::{NaiveDate, Utc};

use crate::domain::input::Problems;
use crate::error::AppError;
use crate::graphql::id::{NodeType, parse_arg};
use crate::graphql::scalars::{Date, DateTime};
use crate::service::write::Services;

pub use session::ClientAddress;

/// The entry points for writing; each but `login` needs a signed-in caller whose role allows it
/// (FORBIDDEN otherwise). Each takes one `input` and returns a payload: the object as written, or
/// `userErrors` saying what to fix, in which case nothing was written. Each is one transaction.
#[derive(MergedObject, Default)]
pub struct Mutation(
    session::SessionMutation,
    user::UserMutation,
    center::CenterMutation,
    zone::ZoneMutation,
    organization::OrganizationMutation,
    partner::PartnerMutation,
    program::ProgramMutation,
    project::ProjectMutation,
    commitment::CommitmentMutation,
    funding_search::FundingSearchMutation,
    event::EventMutation,
    management::ManagementMutation,
    support_session::SupportSessionMutation,
    indicator::IndicatorMutation,
    measurement::MeasurementMutation,
);

/// An id field of an update: absent, cleared, or the row id of a node of `node_type`.
pub fn maybe_id(
    value: MaybeUndefined<ID>,
    node_type: NodeType,
    argument: &str,
) -> Result<Option<Option<i64>>> {
    match maybe(value) {
        Some(Some(id)) => Ok(Some(Some(parse_arg(&id, node_type, argument)?))),
        Some(None) => Ok(Some(None)),
        None => Ok(None),
    }
}

/// The write services every mutation uses.
pub fn services<'a>(ctx: &Context<'a>) -> Result<&'a Services> {
    ctx.data::<Services>()
}

/// An update field: absent (`None`), cleared (`Some(None)`) or set (`Some(Some(value))`).
pub fn maybe<T>(value: MaybeUndefined<T>) -> Option<Option<T>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(value) => Some(Some(value)),
    }
}

/// The dates and instants of one mutation's input, parsed at the edge into the calendar the API
/// accepts (1900 to 2100). Every one out of range is noted with its field; [`Dates::run`] then
/// answers them all as `userErrors` without starting the use case, so nothing is written.
#[derive(Default)]
pub struct Dates(Problems);

impl Dates {
    /// An optional date of the input; a refused one reads as absent, and `run` stops it there.
    pub fn date(&mut self, value: Option<Date>, field: &str) -> Option<NaiveDate> {
        value.and_then(|day| self.0.take(day.parse(&["input", field])))
    }

    /// A date of an update: absent, cleared or set.
    pub fn maybe_date(
        &mut self,
        value: MaybeUndefined<Date>,
        field: &str,
    ) -> Option<Option<NaiveDate>> {
        maybe(value).map(|day| self.date(day, field))
    }

    /// An optional instant of the input.
    pub fn instant(
        &mut self,
        value: Option<DateTime>,
        field: &str,
    ) -> Option<chrono::DateTime<Utc>> {
        value.and_then(|instant| self.0.take(instant.parse(&["input", field])))
    }

    /// The use case's outcome when every date was accepted; otherwise the refusals, and the use
    /// case (a future not yet polled) never runs.
    pub async fn run<T>(
        self,
        use_case: impl Future<Output = crate::error::Result<T>>,
    ) -> crate::error::Result<T> {
        self.0.finish().map_err(AppError::User)?;
        use_case.await
    }
}
