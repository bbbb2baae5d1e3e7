//! DataLoaders: every reference, nested list and aggregate a resolver needs is batched into one
//! statement per kind and per request, so the number of statements a query runs depends on its
//! depth, never on its page size.

use std::collections::HashMap;
use std::hash::Hash;
use std::marker::PhantomData;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use async_graphql::{Context, Result};
use futures::future::BoxFuture;
use sea_orm::{DatabaseConnection, EntityTrait, ModelTrait};

use crate::domain::organization::Sector;
use crate::entity::{
    center, commitment, disbursement, organization, partner, program, project,
    project_status_change, user, zone,
};
use crate::entity::{dossier_item, funding_request, program_requirement};
use crate::entity::{event, event_participant, management_agreement, partner_engagement};
use crate::entity::{indicator, indicator_measurement, support_session};
use crate::graphql::batch::BatchLoader;
use crate::service::commitment::{
    CommitmentList, CommitmentParent, commitments_of, disbursements_of,
};
use crate::service::engagement::{engagements_of_centers, engagements_of_partners};
use crate::service::event::{EventList, events_of_centers, participants_of};
use crate::service::funding::{
    FundingInputs, PartnerTotals, disbursed_by_commitment, funding_inputs, partner_totals,
};
use crate::service::funding_search::dossier::dossier_items_of_projects;
use crate::service::funding_search::requests::{
    FundingRequestList, FundingRequestParent, Pipeline, funding_requests_of, pipelines_of,
};
use crate::service::funding_search::requirements::requirements_of_programs;
use crate::service::indicator::values::latest_values;
use crate::service::indicator::{IndicatorList, IndicatorParent, indicators_of, measurements_of};
use crate::service::management::agreements_of_centers;
use crate::service::organization::{OrganizationList, organizations_of_centers, sectors_of};
use crate::service::page::{Page, PageRequest};
use crate::service::project::{ProjectList, ProjectParent, projects_of, status_history_of};
use crate::service::support_session::{SessionList, SessionParent, sessions_of};
use crate::service::zone::zones_of_centers;
use crate::service::{self, lookup};

/// Loads rows of one table by id.
pub struct ById<E> {
    db: DatabaseConnection,
    entity: PhantomData<fn() -> E>,
}

impl<E> Loader<i64> for ById<E>
where
    E: EntityTrait + 'static,
    E::Model: ModelTrait<Entity = E> + Send + Sync + Clone + 'static,
{
    type Value = E::Model;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, E::Model>> {
        Ok(lookup::by_ids::<E>(&self.db, keys).await?)
    }
}

/// A batched service function: one statement for a whole set of ids.
type BatchFn<V> = for<'a> fn(
    &'a DatabaseConnection,
    &'a [i64],
) -> BoxFuture<'a, service::Result<HashMap<i64, V>>>;

/// Loads a value per id through a batched service function.
pub struct Batch<V> {
    db: DatabaseConnection,
    load: BatchFn<V>,
}

impl<V: Send + Sync + Clone + 'static> Loader<i64> for Batch<V> {
    type Value = V;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, V>> {
        Ok((self.load)(&self.db, keys).await?)
    }
}

/// A batched nested list: one page per parent for the same list arguments.
type ChildrenFn<A, M> = for<'a> fn(
    &'a DatabaseConnection,
    &'a [i64],
    &'a A,
) -> BoxFuture<'a, service::Result<HashMap<i64, Page<M>>>>;

/// Loads the pages of a nested list (`Project.commitments(first: 5)` for every project of a page).
/// Parents asking with different arguments are batched separately.
pub struct Children<A, M> {
    db: DatabaseConnection,
    load: ChildrenFn<A, M>,
}

/// A parent's id and the arguments of its nested list.
pub type ChildKey<A> = (i64, Arc<A>);

impl<A, M> Loader<ChildKey<A>> for Children<A, M>
where
    A: Hash + Eq + Send + Sync + 'static,
    M: Send + Sync + Clone + 'static,
{
    type Value = Page<M>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[ChildKey<A>]) -> Result<HashMap<ChildKey<A>, Page<M>>> {
        let mut by_args: HashMap<Arc<A>, Vec<i64>> = HashMap::new();
        for (parent, args) in keys {
            by_args.entry(Arc::clone(args)).or_default().push(*parent);
        }
        let mut pages = HashMap::new();
        for (args, parents) in by_args {
            for (parent, page) in (self.load)(&self.db, &parents, &args).await? {
                pages.insert((parent, Arc::clone(&args)), page);
            }
        }
        Ok(pages)
    }
}

/// Batched lookups of one table by id.
pub type ByIdLoader<E> = BatchLoader<i64, ById<E>>;
/// Batched values per id from a service function.
pub type BatchedLoader<V> = BatchLoader<i64, Batch<V>>;
/// Batched pages of a nested list, per parent and list arguments.
pub type ChildLoader<A, M> = BatchLoader<ChildKey<A>, Children<A, M>>;

/// The loaders of one request: created with it, so nothing is cached across requests.
pub struct Loaders {
    pub centers: ByIdLoader<center::Entity>,
    pub commitments: ByIdLoader<commitment::Entity>,
    pub disbursements: ByIdLoader<disbursement::Entity>,
    pub organizations: ByIdLoader<organization::Entity>,
    pub partners: ByIdLoader<partner::Entity>,
    pub programs: ByIdLoader<program::Entity>,
    pub projects: ByIdLoader<project::Entity>,
    pub zones: ByIdLoader<zone::Entity>,
    pub users: ByIdLoader<user::Entity>,
    pub sectors: BatchedLoader<Vec<Sector>>,
    pub status_history: BatchedLoader<Vec<project_status_change::Model>>,
    pub disbursements_of: BatchedLoader<Vec<disbursement::Model>>,
    pub funding_inputs: BatchedLoader<FundingInputs>,
    pub partner_totals: BatchedLoader<Vec<PartnerTotals>>,
    pub disbursed: BatchedLoader<i64>,
    pub zone_pages: ChildLoader<PageRequest, zone::Model>,
    pub organization_pages: ChildLoader<OrganizationList, organization::Model>,
    pub project_pages: ChildLoader<(ProjectParent, ProjectList), project::Model>,
    pub commitment_pages: ChildLoader<(CommitmentParent, CommitmentList), commitment::Model>,
    pub program_requirements: ByIdLoader<program_requirement::Entity>,
    pub funding_requests: ByIdLoader<funding_request::Entity>,
    pub requirements: BatchedLoader<Vec<program_requirement::Model>>,
    pub dossier_items: BatchedLoader<Vec<dossier_item::Model>>,
    pub pipelines: BatchedLoader<Pipeline>,
    pub funding_request_pages:
        ChildLoader<(FundingRequestParent, FundingRequestList), funding_request::Model>,
    pub events: ByIdLoader<event::Entity>,
    pub event_participants: ByIdLoader<event_participant::Entity>,
    pub participants_of: BatchedLoader<Vec<event_participant::Model>>,
    pub event_pages: ChildLoader<EventList, event::Model>,
    pub partner_engagements: ByIdLoader<partner_engagement::Entity>,
    pub engagements_of_partners: BatchedLoader<Vec<partner_engagement::Model>>,
    pub engagements_of_centers: BatchedLoader<Vec<partner_engagement::Model>>,
    pub management_agreements: ByIdLoader<management_agreement::Entity>,
    pub agreements_of: BatchedLoader<Vec<management_agreement::Model>>,
    pub session_pages: ChildLoader<(SessionParent, SessionList), support_session::Model>,
    pub indicator_pages: ChildLoader<(IndicatorParent, IndicatorList), indicator::Model>,
    pub measurements_of: BatchedLoader<Vec<indicator_measurement::Model>>,
    pub indicator_latest: BatchedLoader<rust_decimal::Decimal>,
}

fn by_id<E>(db: &DatabaseConnection) -> ByIdLoader<E>
where
    E: EntityTrait + 'static,
    E::Model: ModelTrait<Entity = E> + Send + Sync + Clone + 'static,
{
    BatchLoader::new(ById {
        db: db.clone(),
        entity: PhantomData,
    })
}

fn batch<V: Send + Sync + Clone + 'static>(
    db: &DatabaseConnection,
    load: BatchFn<V>,
) -> BatchedLoader<V> {
    BatchLoader::new(Batch {
        db: db.clone(),
        load,
    })
}

fn children<A, M>(db: &DatabaseConnection, load: ChildrenFn<A, M>) -> ChildLoader<A, M>
where
    A: Hash + Eq + Send + Sync + 'static,
    M: Send + Sync + Clone + 'static,
{
    BatchLoader::new(Children {
        db: db.clone(),
        load,
    })
}

impl Loaders {
    pub fn new(db: &DatabaseConnection) -> Self {
        Self {
            centers: by_id(db),
            commitments: by_id(db),
            disbursements: by_id(db),
            organizations: by_id(db),
            partners: by_id(db),
            programs: by_id(db),
            projects: by_id(db),
            zones: by_id(db),
            users: by_id(db),
            sectors: batch(db, |db, ids| Box::pin(sectors_of(db, ids))),
            status_history: batch(db, |db, ids| Box::pin(status_history_of(db, ids))),
            disbursements_of: batch(db, |db, ids| Box::pin(disbursements_of(db, ids))),
            funding_inputs: batch(db, |db, ids| Box::pin(funding_inputs(db, ids))),
            partner_totals: batch(db, |db, ids| Box::pin(partner_totals(db, ids))),
            disbursed: batch(db, |db, ids| Box::pin(disbursed_by_commitment(db, ids))),
            zone_pages: children(db, |db, ids, page| {
                Box::pin(zones_of_centers(db, ids, page))
            }),
            organization_pages: children(db, |db, ids, list| {
                Box::pin(organizations_of_centers(db, ids, list))
            }),
            project_pages: children(db, |db, ids, (parent, list)| {
                Box::pin(projects_of(db, *parent, ids, list))
            }),
            commitment_pages: children(db, |db, ids, (parent, list)| {
                Box::pin(commitments_of(db, *parent, ids, list))
            }),
            program_requirements: by_id(db),
            funding_requests: by_id(db),
            requirements: batch(db, |db, ids| Box::pin(requirements_of_programs(db, ids))),
            dossier_items: batch(db, |db, ids| Box::pin(dossier_items_of_projects(db, ids))),
            pipelines: batch(db, |db, ids| Box::pin(pipelines_of(db, ids))),
            funding_request_pages: children(db, |db, ids, (parent, list)| {
                Box::pin(funding_requests_of(db, *parent, ids, list))
            }),
            events: by_id(db),
            event_participants: by_id(db),
            participants_of: batch(db, |db, ids| Box::pin(participants_of(db, ids))),
            event_pages: children(db, |db, ids, list| {
                Box::pin(events_of_centers(db, ids, list))
            }),
            partner_engagements: by_id(db),
            engagements_of_partners: batch(db, |db, ids| {
                Box::pin(engagements_of_partners(db, ids))
            }),
            engagements_of_centers: batch(db, |db, ids| Box::pin(engagements_of_centers(db, ids))),
            management_agreements: by_id(db),
            agreements_of: batch(db, |db, ids| Box::pin(agreements_of_centers(db, ids))),
            session_pages: children(db, |db, ids, (parent, list)| {
                Box::pin(sessions_of(db, *parent, ids, list))
            }),
            indicator_pages: children(db, |db, ids, (parent, list)| {
                Box::pin(indicators_of(db, *parent, ids, list))
            }),
            measurements_of: batch(db, |db, ids| Box::pin(measurements_of(db, ids))),
            indicator_latest: batch(db, |db, ids| Box::pin(latest_values(db, ids))),
        }
    }
}

/// The request's loaders; every request executed through the HTTP layer carries them.
pub fn loaders<'a>(ctx: &Context<'a>) -> Result<&'a Loaders> {
    ctx.data::<Loaders>()
}

/// Loads a row that a foreign key guarantees to exist.
pub async fn required<E>(loader: &ByIdLoader<E>, id: i64) -> Result<E::Model>
where
    E: EntityTrait + 'static,
    E::Model: ModelTrait<Entity = E> + Send + Sync + Clone + 'static,
{
    loader
        .load_one(id)
        .await?
        .ok_or_else(|| async_graphql::Error::new(format!("row {id} referenced but missing")))
}

/// Loads the page of a nested list for one parent (an empty page if the parent has no rows).
pub async fn child_page<A, M>(loader: &ChildLoader<A, M>, parent: i64, args: A) -> Result<Page<M>>
where
    A: Hash + Eq + Send + Sync + 'static,
    M: Send + Sync + Clone + 'static,
{
    loader
        .load_one((parent, Arc::new(args)))
        .await?
        .ok_or_else(|| async_graphql::Error::new("a nested page was not loaded"))
}
