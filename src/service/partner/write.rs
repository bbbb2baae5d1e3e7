//! Creating and updating partners (ADMIN and STAFF; a partner's own accounts update it): the
//! checks of each field and the folded `search_text` kept in step with the name and acronym;
//! the write pipeline makes creates idempotent, updates versioned, and audits both.

use chrono::NaiveDate;
use sea_orm::{EntityTrait, Set};

use crate::auth::viewer::Viewer;
use crate::domain::contact::ContactChange;
use crate::domain::input::{ACRONYM_MAX, NAME_MAX, Problems, optional_text, text};
use crate::domain::partner::PartnerKind;
use crate::domain::search::search_text;
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::partner;
use crate::error::{AppError, Result};
use crate::service::events::Entity;
use crate::service::write::{self, Begun, Services, Write};

/// What creating or updating a partner takes, as received: `None` leaves a field as it is,
/// `Some(None)` clears an optional one.
#[derive(Clone, Debug, Default)]
pub struct PartnerInput {
    pub name: Option<String>,
    pub acronym: Option<Option<String>>,
    pub kind: Option<PartnerKind>,
    pub joined_on: Option<Option<NaiveDate>>,
    pub contact: ContactChange,
}

const CREATE_PARTNER: &str = "createPartner";

/// Creates a partner (ADMIN or STAFF: partners are shared by every center).
pub async fn create_partner(
    services: &Services,
    viewer: &Viewer,
    input: PartnerInput,
    idempotency_key: Option<&str>,
) -> Result<partner::Model> {
    viewer.may_create_partners()?;
    let outcome = try_create_partner(services, viewer, &input, idempotency_key).await;
    write::or_replayed::<partner::Entity>(
        outcome,
        &services.db,
        viewer,
        CREATE_PARTNER,
        idempotency_key,
    )
    .await
}

async fn try_create_partner(
    services: &Services,
    viewer: &Viewer,
    input: &PartnerInput,
    key: Option<&str>,
) -> Result<partner::Model> {
    let mut write =
        match Write::create::<partner::Entity>(services, viewer, CREATE_PARTNER, key).await? {
            Begun::Replayed(existing) => return Ok(existing),
            Begun::Fresh(write) => write,
        };
    let mut row = partner::ActiveModel::default();
    let required = PartnerInput {
        name: Some(input.name.clone().unwrap_or_default()),
        ..input.clone()
    };
    let fields = assign(&mut row, &required)?;
    let created = write
        .insert(Entity::Partner, "create_partner", row, &fields)
        .await?;
    write.commit().await?;
    Ok(created)
}

/// Updates a partner (ADMIN, STAFF, or the partner's own accounts): only the fields given
/// change; `expectedVersion` guards it.
pub async fn update_partner(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    expected_version: Option<i32>,
    input: PartnerInput,
) -> Result<partner::Model> {
    viewer.may_update_partner(id)?;
    let write = Write::begin(services, viewer).await?;
    let current = write
        .lock(partner::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| UserError::new(ErrorCode::NotFound, &["input", "id"], "no such partner"))?;
    write::check_version(expected_version, current.version)?;
    let mut row: partner::ActiveModel = current.clone().into();
    let changed = assign(&mut row, &input)?;
    write
        .commit_update(Entity::Partner, "update_partner", row, current, &changed)
        .await
}

/// Checks the given fields and sets them on `row`, with the search text they fold into;
/// returns the names of the fields set, or every error of the input at once.
fn assign(row: &mut partner::ActiveModel, input: &PartnerInput) -> Result<Vec<&'static str>> {
    let mut problems = Problems::default();
    let mut changed = Vec::new();
    if let Some(name) = &input.name
        && let Some(name) = problems.take(text(name, &["input", "name"], NAME_MAX))
    {
        row.name = Set(name);
        changed.push("name");
    }
    if let Some(acronym) = &input.acronym
        && let Some(acronym) = problems.take(optional_text(
            acronym.as_deref(),
            &["input", "acronym"],
            ACRONYM_MAX,
        ))
    {
        row.acronym = Set(acronym);
        changed.push("acronym");
    }
    assign_kind(row, input.kind, &mut problems, &mut changed);
    if let Some(joined_on) = input.joined_on {
        row.joined_on = Set(joined_on);
        changed.push("joinedOn");
    }
    set_contact(row, input.contact.parse(&mut problems));
    if !input.contact.is_empty() {
        changed.push("contact");
    }
    problems.finish().map_err(AppError::User)?;
    let name = row.name.try_as_ref().map(String::as_str);
    let acronym = row.acronym.try_as_ref().and_then(Option::as_deref);
    row.search_text = Set(search_text([name, acronym]));
    Ok(changed)
}

/// Sets the kind given; a new partner must have one.
fn assign_kind(
    row: &mut partner::ActiveModel,
    kind: Option<PartnerKind>,
    problems: &mut Problems,
    changed: &mut Vec<&'static str>,
) {
    match kind {
        Some(kind) => {
            row.kind = Set(kind);
            changed.push("kind");
        }
        None if row.kind.try_as_ref().is_none() => problems.push(UserError::new(
            ErrorCode::Required,
            &["input", "kind"],
            "a partner has a kind",
        )),
        None => {}
    }
}

/// Sets the contact fields a change gives; the others stay as they are.
fn set_contact(row: &mut partner::ActiveModel, contact: ContactChange) {
    if let Some(email) = contact.email {
        row.contact_email = Set(email);
    }
    if let Some(phone) = contact.phone {
        row.contact_phone = Set(phone);
    }
    if let Some(address) = contact.address {
        row.contact_address = Set(address);
    }
    if let Some(representative) = contact.representative_name {
        row.contact_representative = Set(representative);
    }
}
