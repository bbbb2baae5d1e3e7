//! API tokens: each user's own long-lived credentials for a partner system, created through the
//! API by the user, or by an operator on the command line (`cqs token create`).

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::auth::api_token;
use crate::auth::viewer::Viewer;
use crate::domain::user_error::{ErrorCode, MAX_NAME_LENGTH, UserError, required_text};
use crate::entity::{api_token as token_entity, user};
use crate::error::Result;
use crate::service::events::{ChangeKind, Entity};
use crate::service::write::{Services, Write};

/// An API token lives at most a year.
pub const MAX_TOKEN_LIFETIME_DAYS: i64 = 365;

/// A user's API tokens, newest first.
pub async fn api_tokens_of(
    db: &DatabaseConnection,
    user_id: i64,
) -> Result<Vec<token_entity::Model>> {
    Ok(token_entity::Entity::find()
        .filter(token_entity::Column::UserId.eq(user_id))
        .order_by_desc(token_entity::Column::CreatedAt)
        .order_by_desc(token_entity::Column::Id)
        .all(db)
        .await?)
}

/// Creates an API token for the caller; returns the secret (shown once) and the stored row.
pub async fn create_api_token(
    services: &Services,
    viewer: &Viewer,
    name: &str,
    expires_at: Option<DateTime<Utc>>,
) -> Result<(String, token_entity::Model)> {
    let principal = viewer.require_authenticated()?;
    insert_token(services, viewer, principal.user_id, name, expires_at).await
}

/// Creates an API token for the active user with `email`, for an operator provisioning a
/// partner's system from the command line (no viewer: the audit row names no actor). An unknown
/// or disabled email is NOT_FOUND / INVALID on `email`.
pub async fn create_api_token_from_cli(
    db: &DatabaseConnection,
    email: &str,
    name: &str,
    expires_in_days: Option<i64>,
) -> Result<(String, token_entity::Model)> {
    let owner = user::Entity::find()
        .filter(user::Column::EmailNormalized.eq(email.trim().to_lowercase()))
        .one(db)
        .await?
        .ok_or_else(|| UserError::new(ErrorCode::NotFound, &["email"], "no user has this email"))?;
    if owner.disabled_at.is_some() {
        return Err(UserError::new(
            ErrorCode::Invalid,
            &["email"],
            "this account is disabled: enable it first",
        )
        .into());
    }
    let expires_at = match expires_in_days {
        Some(days) if !(1..=MAX_TOKEN_LIFETIME_DAYS).contains(&days) => {
            return Err(UserError::new(
                ErrorCode::OutOfRange,
                &["expiresInDays"],
                format!("an API token lives between 1 and {MAX_TOKEN_LIFETIME_DAYS} days"),
            )
            .into());
        }
        Some(days) => Some(crate::service::now() + Duration::days(days)),
        None => None,
    };
    let services = Services::offline(db);
    insert_token(&services, &Viewer::anonymous(), owner.id, name, expires_at).await
}

/// Stores a new token of `user_id` (a year by default) and its audit row; returns the secret.
async fn insert_token(
    services: &Services,
    viewer: &Viewer,
    user_id: i64,
    name: &str,
    expires_at: Option<DateTime<Utc>>,
) -> Result<(String, token_entity::Model)> {
    let name = required_text(name, &["input", "name"], MAX_NAME_LENGTH)?;
    let now = crate::service::now();
    let latest = now + Duration::days(MAX_TOKEN_LIFETIME_DAYS);
    let expires_at = expires_at.unwrap_or(latest);
    if expires_at <= now || expires_at > latest {
        return Err(UserError::new(
            ErrorCode::OutOfRange,
            &["input", "expiresAt"],
            "an API token expires in the future and within one year",
        )
        .into());
    }
    let (secret, hash) = api_token::generate();
    let mut write = Write::begin(services, viewer).await?;
    let row = token_entity::ActiveModel {
        user_id: Set(user_id),
        name: Set(name),
        token_hash: Set(hash),
        expires_at: Set(Some(expires_at)),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    };
    let fields = ["userId", "name", "expiresAt"];
    let token = write
        .insert(Entity::ApiToken, "create_api_token", row, &fields)
        .await?;
    write.commit().await?;
    Ok((secret, token))
}

/// Revokes one of the caller's API tokens (an admin may revoke anyone's); effective at once on
/// every instance, since every request checks the token's row.
pub async fn revoke_api_token(
    services: &Services,
    viewer: &Viewer,
    id: i64,
) -> Result<token_entity::Model> {
    let principal = viewer.require_authenticated()?;
    let mut write = Write::begin(services, viewer).await?;
    let token = write
        .lock(token_entity::Entity::find_by_id(id))
        .await?
        .filter(|token| token.user_id == principal.user_id || viewer.is_admin())
        .ok_or_else(|| {
            UserError::new(ErrorCode::NotFound, &["input", "id"], "no such API token")
        })?;
    if token.revoked_at.is_some() {
        return Ok(token);
    }
    let mut revoked: token_entity::ActiveModel = token.into();
    revoked.revoked_at = Set(Some(crate::service::now()));
    let token = write
        .update(
            Entity::ApiToken,
            "revoke_api_token",
            ChangeKind::Updated,
            revoked,
            &["revokedAt"],
        )
        .await?;
    write.commit().await?;
    Ok(token)
}
