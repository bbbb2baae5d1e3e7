//! The admins' list of accounts: by email, filtered by role, status and an accent-insensitive
//! search over display names and emails.

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::auth::viewer::Viewer;
use crate::domain::role::Role;
use crate::entity::user;
use crate::error::Result;
use crate::service::page::{self, Page, PageRequest, SortKey, SortValue};
use crate::service::search::matches;

/// Accounts by email (lower-cased, unique): the order in which an admin looks one up, and one
/// that does not move when accounts change.
const BY_EMAIL: SortKey<user::Entity> = SortKey {
    name: "email",
    column: Some(user::Column::EmailNormalized),
    nulls_as: None,
    id: user::Column::Id,
    descending: false,
    value_of: |user| SortValue::Text(user.email_normalized.clone()),
};

/// Which accounts a list holds; every criterion given must match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct UserFilter {
    pub role: Option<Role>,
    /// Matches display name and email, case- and accent-insensitively.
    pub search: Option<String>,
    /// `true`: disabled accounts only; `false`: active accounts only.
    pub disabled: Option<bool>,
}

/// A page of accounts (ADMIN only: others are FORBIDDEN, anonymous callers UNAUTHENTICATED).
pub async fn list_users(
    db: &DatabaseConnection,
    viewer: &Viewer,
    filter: &UserFilter,
    request: &PageRequest,
) -> Result<Page<user::Model>> {
    viewer.require_role(Role::Admin)?;
    let mut select = user::Entity::find();
    if let Some(role) = filter.role {
        select = select.filter(user::Column::Role.eq(role));
    }
    if let Some(matching) = filter
        .search
        .as_deref()
        .map(|term| matches(user::Column::SearchText, term))
        .transpose()?
        .flatten()
    {
        select = select.filter(matching);
    }
    select = match filter.disabled {
        Some(true) => select.filter(user::Column::DisabledAt.is_not_null()),
        Some(false) => select.filter(user::Column::DisabledAt.is_null()),
        None => select,
    };
    page::fetch(db, select, &BY_EMAIL, request).await
}
