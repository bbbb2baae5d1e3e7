//! The funding search's types: a program's requirements, a project's dossier, funding requests
//! and the pipeline they make (issue #14).

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};

use crate::domain::funding_search;
use crate::domain::money::Currency;
use crate::entity::{funding_request, program_requirement};
use crate::graphql::connection::PageArgs;
use crate::graphql::id::{NodeType, encode, parse_opt_arg};
use crate::graphql::loaders::{loaders, required};
use crate::graphql::scalars::{Date, DateTime};
use crate::graphql::types::commitment::Commitment;
use crate::graphql::types::inputs::updated_since;
use crate::graphql::types::money::Money;
use crate::graphql::types::partner::Partner;
use crate::graphql::types::program::Program;
use crate::graphql::types::project::Project;
use crate::graphql::types::user::User;
use crate::graphql::viewer::viewer;
use crate::service::funding_search::dossier::DossierEntry;
use crate::service::funding_search::requests::{self, FundingRequestList};

/// A document a dossier under a program must hold.
pub struct ProgramRequirement(pub program_requirement::Model);

/// A document a project's dossier must hold under its program: statutes, registration receipt,
/// minutes of the general assembly, budget, quotes… Readable by anyone; written by ADMIN.
#[Object]
impl ProgramRequirement {
    /// The requirement's global id: opaque, stable, accepted by `node(id:)`.
    pub async fn id(&self) -> ID {
        encode(NodeType::ProgramRequirement, self.0.id)
    }

    /// A short code, unique within the program: "STATUTES".
    async fn code(&self) -> &str {
        &self.0.code
    }

    /// What the document is, in words.
    async fn label(&self) -> &str {
        &self.0.label
    }

    /// Whether the project may go UNDER_REVIEW without it (false) or not (true).
    async fn mandatory(&self) -> bool {
        self.0.mandatory
    }

    /// The program that asks for it.
    async fn program(&self, ctx: &Context<'_>) -> Result<Program> {
        Ok(Program(
            required(&loaders(ctx)?.programs, self.0.program_id).await?,
        ))
    }

    /// Incremented on every change; pass it as `expectedVersion` to update safely.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// One requirement of a project's dossier and whether it is met.
pub struct DossierItem(pub DossierEntry);

/// One requirement of a project's dossier, and whether the dossier holds it; a requirement never
/// checked is unsatisfied. Readable by anyone but `checkedBy`.
#[Object]
impl DossierItem {
    /// The requirement.
    async fn requirement(&self) -> ProgramRequirement {
        ProgramRequirement(self.0.requirement.clone())
    }

    /// Whether the dossier holds the document; false until someone checks it.
    async fn satisfied(&self) -> bool {
        self.0.satisfied()
    }

    /// What the checker noted ("receipt dated 12 May 2003"); null when none.
    async fn note(&self) -> Option<&str> {
        self.0.item.as_ref()?.note.as_deref()
    }

    /// Who last checked or unchecked it; null when never checked, or for callers not allowed to
    /// read that user.
    async fn checked_by(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(user_id) = self.0.item.as_ref().and_then(|item| item.checked_by_id) else {
            return Ok(None);
        };
        let user = loaders(ctx)?.users.load_one(user_id).await?;
        Ok(user
            .filter(|user| viewer(ctx).can_read_user(user))
            .map(User))
    }

    /// When it was last checked or unchecked, in UTC; null when never.
    async fn checked_at(&self) -> Option<DateTime> {
        self.0.item.as_ref()?.checked_at.map(DateTime::from)
    }

    /// The item's version: 0 while never checked, then incremented on every check; pass it as
    /// `expectedVersion` to `setDossierItem`.
    async fn version(&self) -> i32 {
        self.0.item.as_ref().map_or(0, |item| item.version)
    }
}

/// Where a funding request stands.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "funding_search::FundingRequestStatus")]
pub enum FundingRequestStatus {
    /// Being put together by the center; not sent yet.
    Draft,
    /// Sent to the partner, awaiting its answer.
    Submitted,
    /// The partner said yes: the acceptance created the commitment.
    Accepted,
    /// The partner said no.
    Declined,
    /// Taken back by the center before an answer.
    Withdrawn,
}

/// A dossier the center sends to a partner on an association's behalf.
pub struct FundingRequest(pub funding_request::Model);

/// A dossier the center sends to a partner on an association's behalf, asking it to fund a
/// project: DRAFT → SUBMITTED → ACCEPTED or DECLINED; DRAFT or SUBMITTED → WITHDRAWN. Its
/// acceptance creates the partner's commitment. Readable by anyone.
#[Object]
impl FundingRequest {
    /// The request's global id: opaque, stable, accepted by `node(id:)`.
    pub async fn id(&self) -> ID {
        encode(NodeType::FundingRequest, self.0.id)
    }

    /// The project to fund.
    async fn project(&self, ctx: &Context<'_>) -> Result<Project> {
        Ok(Project(
            required(&loaders(ctx)?.projects, self.0.project_id).await?,
        ))
    }

    /// The partner asked.
    async fn partner(&self, ctx: &Context<'_>) -> Result<Partner> {
        Ok(Partner(
            required(&loaders(ctx)?.partners, self.0.partner_id).await?,
        ))
    }

    /// The program the partner is asked to fund under; null for a request outside any program.
    async fn program(&self, ctx: &Context<'_>) -> Result<Option<Program>> {
        let Some(id) = self.0.program_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.programs.load_one(id).await?.map(Program))
    }

    /// How much is asked, in the project's currency.
    async fn requested(&self) -> Money {
        Money::new(self.0.requested_amount, self.0.currency)
    }

    /// The day it was sent; null while DRAFT (or withdrawn before it was sent).
    async fn submitted_on(&self) -> Option<Date> {
        self.0.submitted_on.map(Date::from)
    }

    /// Where the request stands.
    async fn status(&self) -> FundingRequestStatus {
        self.0.status.into()
    }

    /// The day the partner answered; null until ACCEPTED or DECLINED.
    async fn decided_on(&self) -> Option<Date> {
        self.0.decided_on.map(Date::from)
    }

    /// The partner's reasons, as recorded with its answer; null when none.
    async fn decision_note(&self) -> Option<&str> {
        self.0.decision_note.as_deref()
    }

    /// The commitment its acceptance created; null unless ACCEPTED.
    async fn commitment(&self, ctx: &Context<'_>) -> Result<Option<Commitment>> {
        let Some(id) = self.0.commitment_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .commitments
            .load_one(id)
            .await?
            .map(Commitment))
    }

    /// Incremented on every change; pass it as `expectedVersion` to update safely (a stale one is
    /// refused with VERSION_CONFLICT).
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// When the request was recorded, in UTC.
    async fn created_at(&self) -> DateTime {
        DateTime::from(self.0.created_at)
    }

    /// When the request last changed, in UTC; what `updatedSince` compares with.
    async fn updated_at(&self) -> DateTime {
        DateTime::from(self.0.updated_at)
    }
}

/// A project's funding search in figures, in its currency, summed by the database.
#[derive(SimpleObject)]
pub struct FundingPipeline {
    /// What was sent to partners and not taken back (SUBMITTED, ACCEPTED or DECLINED requests).
    pub asked: Money,
    /// What partners accepted (and so committed).
    pub accepted: Money,
    /// What partners declined.
    pub declined: Money,
    /// What awaits an answer (SUBMITTED requests).
    pub pending: Money,
}

/// One partner's answers to the funding requests sent to it.
#[derive(SimpleObject)]
pub struct PartnerFundingRequests {
    /// The partner asked.
    pub partner: Partner,
    /// Requests sent to it and not taken back (SUBMITTED, ACCEPTED or DECLINED).
    pub submitted_count: i32,
    /// Requests it accepted.
    pub accepted_count: i32,
    /// Requests it declined.
    pub declined_count: i32,
    /// `acceptedCount / (acceptedCount + declinedCount)`, rounded down to four places ("0.6666");
    /// null while it answered none.
    pub acceptance_rate: Option<crate::graphql::scalars::Decimal>,
    /// What was asked of it, in the filter's currency.
    pub asked: Money,
    /// What it accepted, in the filter's currency.
    pub accepted: Money,
}

/// Which funding requests a list holds; every criterion given must match.
#[derive(InputObject, Default)]
pub struct FundingRequestFilter {
    /// Requests for this project.
    pub project_id: Option<ID>,
    /// Requests to this partner.
    pub partner_id: Option<ID>,
    /// Requests in any of these statuses.
    pub status: Option<Vec<FundingRequestStatus>>,
    /// Only requests changed at or after this instant, for incremental sync.
    pub updated_since: Option<DateTime>,
}

impl FundingRequestFilter {
    fn into_service(self) -> Result<requests::FundingRequestFilter> {
        Ok(requests::FundingRequestFilter {
            project_id: parse_opt_arg(self.project_id.as_ref(), NodeType::Project, "projectId")?,
            partner_id: parse_opt_arg(self.partner_id.as_ref(), NodeType::Partner, "partnerId")?,
            statuses: self
                .status
                .map(|statuses| statuses.into_iter().map(Into::into).collect()),
            updated_since: updated_since(self.updated_since)?,
        })
    }
}

/// The arguments of a list of funding requests, parsed.
pub fn funding_request_list(
    page: PageArgs,
    filter: Option<FundingRequestFilter>,
) -> Result<FundingRequestList> {
    Ok(FundingRequestList {
        filter: filter.unwrap_or_default().into_service()?,
        page: page.request()?,
    })
}

/// A project's dossier, one item per requirement of its program (none without a program).
pub async fn dossier_of(
    ctx: &Context<'_>,
    project: &crate::entity::project::Model,
) -> Result<Vec<DossierEntry>> {
    let Some(program_id) = project.program_id else {
        return Ok(Vec::new());
    };
    let loaders = loaders(ctx)?;
    let (requirements, items) = futures::try_join!(
        loaders.requirements.load_one(program_id),
        loaders.dossier_items.load_one(project.id),
    )?;
    Ok(crate::service::funding_search::dossier::dossier(
        requirements.unwrap_or_default(),
        items.unwrap_or_default(),
    ))
}

/// A project's pipeline, in its currency.
pub async fn pipeline_of(
    ctx: &Context<'_>,
    project: &crate::entity::project::Model,
) -> Result<FundingPipeline> {
    let sums = loaders(ctx)?
        .pipelines
        .load_one(project.id)
        .await?
        .unwrap_or_default();
    Ok(FundingPipeline::of(sums, project.currency))
}

impl FundingPipeline {
    /// A project's pipeline from its sums, in its currency.
    pub fn of(sums: requests::Pipeline, currency: Currency) -> Self {
        let money = |centimes| Money::new(centimes, currency);
        FundingPipeline {
            asked: money(sums.asked),
            accepted: money(sums.accepted),
            declined: money(sums.declined),
            pending: money(sums.pending),
        }
    }
}

/// A partner's answers to the requests sent to it, but the partner: what
/// `PartnerFundingRequests` shows from its row, however the row was read.
pub struct RequestFigures {
    pub submitted_count: i32,
    pub accepted_count: i32,
    pub declined_count: i32,
    pub acceptance_rate: Option<crate::graphql::scalars::Decimal>,
    pub asked: Money,
    pub accepted: Money,
}

impl RequestFigures {
    /// The figures of `row`, its amounts in `currency`.
    pub fn of(row: &requests::PartnerRequests, currency: Currency) -> Self {
        let count = |value: i64| i32::try_from(value).unwrap_or(i32::MAX);
        let decided = row.accepted + row.declined;
        Self {
            submitted_count: count(row.submitted),
            accepted_count: count(row.accepted),
            declined_count: count(row.declined),
            acceptance_rate: (decided > 0).then(|| {
                crate::graphql::scalars::Decimal(crate::domain::funding::ratio(
                    row.accepted,
                    decided,
                ))
            }),
            asked: Money::new(row.asked, currency),
            accepted: Money::new(row.accepted_amount, currency),
        }
    }
}

/// `Stats.fundingRequestsByPartner`: one aggregate statement, then the partners by loader.
pub async fn requests_by_partner(
    ctx: &Context<'_>,
    filter: &crate::service::stats::StatsFilter,
) -> Result<Vec<PartnerFundingRequests>> {
    let db = crate::graphql::types::db(ctx)?;
    let rows = requests::requests_by_partner(db, filter).await?;
    let partners = &loaders(ctx)?.partners;
    futures::future::try_join_all(rows.into_iter().map(|row| async move {
        let figures = RequestFigures::of(&row, filter.currency);
        Ok::<_, async_graphql::Error>(PartnerFundingRequests {
            partner: Partner(required(partners, row.partner_id).await?),
            submitted_count: figures.submitted_count,
            accepted_count: figures.accepted_count,
            declined_count: figures.declined_count,
            acceptance_rate: figures.acceptance_rate,
            asked: figures.asked,
            accepted: figures.accepted,
        })
    }))
    .await
}
