//! `Mutation.createManagementAgreement`, `updateManagementAgreement` and
//! `setPartnerEngagement`.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};

use crate::graphql::id::{NodeType, parse_arg};
use crate::graphql::mutation::{Dates, maybe, services};
use crate::graphql::scalars::Date;
use crate::graphql::types::engagement::{EngagementStatus, PartnerEngagement};
use crate::graphql::types::management::{AgreementStatus, ManagementAgreement};
use crate::graphql::types::user_error::{UserError, into_payload};
use crate::graphql::viewer::viewer;
use crate::service::engagement::{EngagementInput, set_partner_engagement};
use crate::service::management::{
    AgreementFields, create_management_agreement, update_management_agreement,
};

/// A new management agreement (ADMIN only).
#[derive(InputObject)]
pub struct CreateManagementAgreementInput {
    /// The center managed.
    pub center_id: ID,
    /// The partner that manages it.
    pub manager_id: ID,
    /// The day it was signed.
    pub signed_on: Option<Date>,
    /// The day it takes effect.
    pub starts_on: Option<Date>,
    /// The day it ends; not before `startsOn`.
    pub ends_on: Option<Date>,
    /// What the manager undertakes, one obligation a line.
    pub obligations: Option<Vec<String>>,
    /// DRAFT (when not given) or ACTIVE; ACTIVE makes the manager the center's `managedBy`,
    /// and is refused while another agreement of the center is (AGREEMENT_ALREADY_ACTIVE).
    pub status: Option<AgreementStatus>,
    /// Repeating the create with the same key returns the first result and writes nothing.
    pub idempotency_key: Option<String>,
}

/// Changes to an agreement. Only the fields given change; `null` clears a date.
#[derive(InputObject)]
pub struct UpdateManagementAgreementInput {
    /// The agreement to change.
    pub id: ID,
    /// The version the change is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
    /// A new signature day; `null` clears it.
    pub signed_on: MaybeUndefined<Date>,
    /// A new start day; `null` clears it.
    pub starts_on: MaybeUndefined<Date>,
    /// A new end day, not before the start; `null` clears it.
    pub ends_on: MaybeUndefined<Date>,
    /// The whole new list of obligations.
    pub obligations: Option<Vec<String>>,
    /// DRAFT → ACTIVE (AGREEMENT_ALREADY_ACTIVE while another is), DRAFT or ACTIVE → ENDED;
    /// anything else is INVALID_TRANSITION. `managedBy` follows.
    pub status: Option<AgreementStatus>,
}

/// Where a partner stands with a center (ADMIN, or STAFF of the center).
#[derive(InputObject)]
pub struct SetPartnerEngagementInput {
    /// The partner.
    pub partner_id: ID,
    /// The center.
    pub center_id: ID,
    /// The new status.
    pub status: EngagementStatus,
    /// A note about it; `null` clears it.
    pub note: MaybeUndefined<String>,
    /// The version the change is based on, once the engagement exists; a stale one is
    /// VERSION_CONFLICT.
    pub expected_version: Option<i32>,
}

/// The outcome of a write of an agreement: the agreement as written, or `userErrors`.
#[derive(SimpleObject)]
pub struct ManagementAgreementPayload {
    /// The agreement as written; null when the write was refused.
    agreement: Option<ManagementAgreement>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

/// The outcome of setting an engagement: the engagement as it stands, or `userErrors`.
#[derive(SimpleObject)]
pub struct PartnerEngagementPayload {
    /// The engagement as it stands; null when the write was refused.
    engagement: Option<PartnerEngagement>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

fn agreement_payload(
    result: crate::error::Result<crate::entity::management_agreement::Model>,
) -> Result<ManagementAgreementPayload> {
    let (agreement, user_errors) = into_payload(result)?;
    Ok(ManagementAgreementPayload {
        agreement: agreement.map(ManagementAgreement),
        user_errors,
    })
}

#[derive(Default)]
pub struct ManagementMutation;

#[Object]
impl ManagementMutation {
    /// Records a management agreement between a center and its manager (ADMIN).
    async fn create_management_agreement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new agreement.")] input: CreateManagementAgreementInput,
    ) -> Result<ManagementAgreementPayload> {
        let center_id = parse_arg(&input.center_id, NodeType::Center, "centerId")?;
        let manager_id = parse_arg(&input.manager_id, NodeType::Partner, "managerId")?;
        let mut dates = Dates::default();
        let fields = AgreementFields {
            signed_on: Some(dates.date(input.signed_on, "signedOn")),
            starts_on: Some(dates.date(input.starts_on, "startsOn")),
            ends_on: Some(dates.date(input.ends_on, "endsOn")),
            obligations: input.obligations,
            status: input.status.map(Into::into),
        };
        let key = input.idempotency_key.as_deref();
        let create = create_management_agreement(
            services(ctx)?,
            viewer(ctx),
            center_id,
            manager_id,
            fields,
            key,
        );
        agreement_payload(dates.run(create).await)
    }

    /// Changes an agreement, or moves it DRAFT → ACTIVE → ENDED (ADMIN); the center's
    /// `managedBy` follows the ACTIVE one.
    async fn update_management_agreement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The agreement to change, and the changes.")]
        input: UpdateManagementAgreementInput,
    ) -> Result<ManagementAgreementPayload> {
        let id = parse_arg(&input.id, NodeType::ManagementAgreement, "id")?;
        let mut dates = Dates::default();
        let fields = AgreementFields {
            signed_on: dates.maybe_date(input.signed_on, "signedOn"),
            starts_on: dates.maybe_date(input.starts_on, "startsOn"),
            ends_on: dates.maybe_date(input.ends_on, "endsOn"),
            obligations: input.obligations,
            status: input.status.map(Into::into),
        };
        let update = update_management_agreement(
            services(ctx)?,
            viewer(ctx),
            id,
            input.expected_version,
            fields,
        );
        agreement_payload(dates.run(update).await)
    }

    /// Sets where a partner stands with a center: PROSPECT, INVITED, ENGAGED (ADMIN, or STAFF
    /// of the center). Setting what is already there changes nothing.
    async fn set_partner_engagement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The partner, the center and the status.")]
        input: SetPartnerEngagementInput,
    ) -> Result<PartnerEngagementPayload> {
        let engagement = EngagementInput {
            partner_id: parse_arg(&input.partner_id, NodeType::Partner, "partnerId")?,
            center_id: parse_arg(&input.center_id, NodeType::Center, "centerId")?,
            status: input.status.into(),
            note: maybe(input.note),
            expected_version: input.expected_version,
        };
        let (engagement, user_errors) =
            into_payload(set_partner_engagement(services(ctx)?, viewer(ctx), engagement).await)?;
        Ok(PartnerEngagementPayload {
            engagement: engagement.map(PartnerEngagement),
            user_errors,
        })
    }
}
