//! Changing an account (ADMIN only, DESIGN.md): its display name, its role and scope, disabling
//! or enabling it — without ever leaving the center with no active admin.
//!
//! Disabling takes effect on the account's next request: every request reads the account's row
//! (`service::session::authenticate`), so its login tokens and API tokens stop working at once.

use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::auth::viewer::Viewer;
use crate::domain::account::{Scope, ScopeChange, is_active_admin, keeps_an_admin, rescope};
use crate::domain::input::Problems;
use crate::domain::role::Role;
use crate::domain::user_error::{ErrorCode, MAX_NAME_LENGTH, UserError, required_text};
use crate::entity::user;
use crate::error::{AppError, Result};
use crate::service::events::Entity;
use crate::service::write::{self, Services, Write};

/// What updating a user takes, as received: `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct UserChange {
    pub display_name: Option<String>,
    pub scope: ScopeChange,
    /// `Some(true)` disables the account, `Some(false)` enables it again.
    pub disabled: Option<bool>,
    /// The version the change is based on, under the contract's name (`expectedVersion`)...
    pub expected_version: Option<i32>,
    /// ...or under `version`, the name the accounts issue used. Both are accepted; given
    /// together, they must agree.
    pub version: Option<i32>,
}

impl UserChange {
    /// The expected version and the input field it came in.
    fn expected(&self) -> std::result::Result<(Option<i32>, &'static str), UserError> {
        match (self.expected_version, self.version) {
            (Some(expected), Some(version)) if expected != version => Err(UserError::new(
                ErrorCode::Invalid,
                &["input", "version"],
                "`version` and `expectedVersion` disagree: give one of them",
            )),
            (Some(expected), _) => Ok((Some(expected), "expectedVersion")),
            (None, version) => Ok((version, "version")),
        }
    }
}

/// Updates a user (ADMIN only): only the fields given change. The role and its scope must agree
/// (`domain::account::rescope`), linked rows must exist, a stale version is VERSION_CONFLICT,
/// and the last active admin may be neither demoted nor disabled. Nothing is written on error.
pub async fn update_user(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    change: UserChange,
) -> Result<user::Model> {
    viewer.require_role(Role::Admin)?;
    let mut problems = Problems::default();
    let expected = problems.take(change.expected());
    let display_name = change.display_name.as_deref().and_then(|name| {
        problems.take(required_text(
            name,
            &["input", "displayName"],
            MAX_NAME_LENGTH,
        ))
    });
    problems.finish().map_err(AppError::User)?;
    let (expected_version, version_field) = expected.unwrap_or((None, "expectedVersion"));
    let write = Write::begin(services, viewer).await?;
    // Admins first, in id order, then the account: every update takes its locks in that order.
    let active_admins = lock_active_admins(write.txn()).await?;
    let current = write
        .lock(user::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| UserError::new(ErrorCode::NotFound, &["input", "id"], "no such user"))?;
    check_version(expected_version, version_field, current.version)?;
    let (role, scope) =
        rescope(current.role, scope_of(&current), &change.scope).map_err(AppError::User)?;
    super::check_links(write.txn(), &scope).await?;
    let disabled = change.disabled.unwrap_or(current.disabled_at.is_some());
    check_last_admin(&current, role, disabled, &active_admins)?;
    let (row, changed) = apply(&current, display_name, role, scope, disabled);
    write
        .commit_update(Entity::User, "update_user", row, current, &changed)
        .await
}

/// Locks the active admins' rows (`FOR UPDATE` on PostgreSQL; SQLite's immediate transaction
/// already excludes other writers), so that two admins demoting each other at once take turns
/// and the second sees that it would remove the last one.
async fn lock_active_admins(txn: &DatabaseTransaction) -> Result<Vec<i64>> {
    let admins = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Admin))
        .filter(user::Column::DisabledAt.is_null())
        .order_by_asc(user::Column::Id);
    Ok(write::locked(admins, txn)
        .select_only()
        .column(user::Column::Id)
        .into_tuple()
        .all(txn)
        .await?)
}

/// `write::check_version`, reporting the conflict on the field the version came in.
fn check_version(expected: Option<i32>, field: &'static str, actual: i32) -> Result<()> {
    write::check_version(expected, actual).map_err(|err| match err {
        AppError::User(errors) => AppError::User(
            errors
                .into_iter()
                .map(|error| UserError::new(error.code, &["input", field], error.message))
                .collect(),
        ),
        other => other,
    })
}

fn scope_of(user: &user::Model) -> Scope {
    Scope {
        partner_id: user.partner_id,
        organization_id: user.organization_id,
        center_id: user.center_id,
    }
}

/// INVALID when the change would demote or disable the last active admin.
fn check_last_admin(
    current: &user::Model,
    role: Role,
    disabled: bool,
    active_admins: &[i64],
) -> Result<()> {
    let was = is_active_admin(current.role, current.disabled_at.is_some());
    let stays = is_active_admin(role, disabled);
    let others = active_admins.iter().filter(|id| **id != current.id).count();
    if keeps_an_admin(was, stays, others) {
        return Ok(());
    }
    let field = if role == Role::Admin {
        "disabled"
    } else {
        "role"
    };
    Err(UserError::new(
        ErrorCode::Invalid,
        &["input", field],
        "the last active admin can be neither demoted nor disabled: make another admin first",
    )
    .into())
}

/// The row with the new values set, and the names of the fields that changed; a change bumps
/// `version` and `updated_at`.
fn apply(
    current: &user::Model,
    display_name: Option<String>,
    role: Role,
    scope: Scope,
    disabled: bool,
) -> (user::ActiveModel, Vec<&'static str>) {
    let now = crate::service::now();
    let mut row: user::ActiveModel = current.clone().into();
    let mut changed = Vec::new();
    if let Some(name) = display_name.filter(|name| *name != current.display_name) {
        row.search_text = Set(super::user_search_text(&name, &current.email));
        row.display_name = Set(name);
        changed.push("displayName");
    }
    if role != current.role {
        row.role = Set(role);
        changed.push("role");
    }
    if scope.partner_id != current.partner_id {
        row.partner_id = Set(scope.partner_id);
        changed.push("partnerId");
    }
    if scope.organization_id != current.organization_id {
        row.organization_id = Set(scope.organization_id);
        changed.push("organizationId");
    }
    if scope.center_id != current.center_id {
        row.center_id = Set(scope.center_id);
        changed.push("centerId");
    }
    if disabled != current.disabled_at.is_some() {
        row.disabled_at = Set(disabled.then_some(now));
        changed.push("disabled");
    }
    (row, changed)
}
