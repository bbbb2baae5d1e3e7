//! The fields of an organization as a create or an update sets them: each given field is
//! checked (every error gathered with its input path) and set on the row, and the folded
//! `search_text` follows the name and acronym so that search finds the organization by them.

use sea_orm::{DatabaseTransaction, EntityTrait, Set};

use crate::domain::contact::ContactChange;
use crate::domain::input::{
    ACRONYM_MAX, NAME_MAX, Problems, SHORT_MAX, count, optional_text, text,
};
use crate::domain::organization::OrganizationKind;
use crate::domain::search::search_text;
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{organization, zone};
use crate::error::{AppError, Result};
use crate::service::organization::write::OrganizationInput;

/// Checks the given fields and sets them on `row` (which holds the organization's kind and
/// center); returns the names of the fields set, or every error of the input with those
/// already in `problems`.
pub async fn assign(
    txn: &DatabaseTransaction,
    row: &mut organization::ActiveModel,
    input: &OrganizationInput,
    mut problems: Problems,
) -> Result<Vec<&'static str>> {
    let mut changed = Vec::new();
    assign_texts(row, input, &mut problems, &mut changed);
    assign_facts(row, input, &mut problems, &mut changed);
    if let Some(zone_id) = input.zone_id {
        let center_id = row.center_id.try_as_ref().copied();
        if let Some(zone_id) = zone_id
            && !zone_in_center(txn, zone_id, center_id).await?
        {
            problems.push(UserError::new(
                ErrorCode::NotFound,
                &["input", "zoneId"],
                "no such zone in the organization's center",
            ));
        }
        row.zone_id = Set(zone_id);
        changed.push("zoneId");
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

/// Whether zone `zone_id` exists and belongs to center `center_id`.
async fn zone_in_center(
    txn: &DatabaseTransaction,
    zone_id: i64,
    center_id: Option<i64>,
) -> Result<bool> {
    let zone = zone::Entity::find_by_id(zone_id).one(txn).await?;
    Ok(zone.is_some_and(|zone| Some(zone.center_id) == center_id))
}

/// The name, acronym, registration number and activity (cooperatives only).
fn assign_texts(
    row: &mut organization::ActiveModel,
    input: &OrganizationInput,
    problems: &mut Problems,
    changed: &mut Vec<&'static str>,
) {
    if let Some(name) = &input.name
        && let Some(name) = problems.take(text(name, &["input", "name"], NAME_MAX))
    {
        row.name = Set(name);
        changed.push("name");
    }
    if let Some(acronym) = optional(&input.acronym, "acronym", ACRONYM_MAX, problems, changed) {
        row.acronym = Set(acronym);
    }
    if let Some(number) = optional(
        &input.registration_number,
        "registrationNumber",
        SHORT_MAX,
        problems,
        changed,
    ) {
        row.registration_number = Set(number);
    }
    let association = row.kind.try_as_ref() == Some(&OrganizationKind::Association);
    if association && matches!(input.activity, Some(Some(_))) {
        problems.push(UserError::new(
            ErrorCode::Invalid,
            &["input", "activity"],
            "only a cooperative has an activity",
        ));
    } else if let Some(activity) =
        optional(&input.activity, "activity", NAME_MAX, problems, changed)
    {
        row.activity = Set(activity);
    }
}

/// A given optional text, checked: `Some` (noted as changed) when given and valid.
fn optional(
    value: &Option<Option<String>>,
    field: &'static str,
    max: usize,
    problems: &mut Problems,
    changed: &mut Vec<&'static str>,
) -> Option<Option<String>> {
    let value = value.as_ref()?;
    let checked = problems.take(optional_text(value.as_deref(), &["input", field], max))?;
    changed.push(field);
    Some(checked)
}

/// The dates, status, members count and the sectors (written apart, as a set).
fn assign_facts(
    row: &mut organization::ActiveModel,
    input: &OrganizationInput,
    problems: &mut Problems,
    changed: &mut Vec<&'static str>,
) {
    if let Some(founded_on) = input.founded_on {
        row.founded_on = Set(founded_on);
        changed.push("foundedOn");
    }
    if let Some(status) = input.status {
        row.status = Set(status);
        changed.push("status");
    }
    if let Some(members) = input.members_count
        && let Some(members) = problems.take(count(members, &["input", "membersCount"]))
    {
        row.members_count = Set(members);
        changed.push("membersCount");
    }
    if let Some(since) = input.network_member_since {
        row.network_member_since = Set(since);
        changed.push("networkMemberSince");
    }
    if input.sectors.is_some() {
        changed.push("sectors");
    }
}

/// Sets the contact fields a change gives; the others stay as they are.
fn set_contact(row: &mut organization::ActiveModel, contact: ContactChange) {
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
