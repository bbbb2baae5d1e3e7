//! Users and their API tokens: creation (by an admin, by the command line, or the bootstrap
//! admin at start), and each user's own tokens.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};

use crate::auth::api_token;
use crate::auth::password::{self, MIN_PASSWORD_LENGTH};
use crate::auth::viewer::Viewer;
use crate::domain::role::Role;
use crate::domain::user_error::{ErrorCode, MAX_NAME_LENGTH, UserError, required_text};
use crate::entity::{api_token as token_entity, center, organization, partner, user};
use crate::error::{AppError, Result, is_unique_violation};
use crate::service::audit;

/// An API token lives at most a year.
pub const MAX_TOKEN_LIFETIME_DAYS: i64 = 365;

/// What creating a user takes; ids are row ids.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
    pub partner_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub center_id: Option<i64>,
}

/// Checks a new user's fields; every problem is reported, with its field.
fn validate(new: &NewUser) -> std::result::Result<(String, String), Vec<UserError>> {
    let mut errors = Vec::new();
    let email = new.email.trim().to_owned();
    if email.is_empty() {
        errors.push(UserError::new(
            ErrorCode::Required,
            &["input", "email"],
            "an email is required",
        ));
    } else if email.len() > 254 || !is_plausible_email(&email) {
        errors.push(UserError::new(
            ErrorCode::Invalid,
            &["input", "email"],
            "not an email address",
        ));
    }
    let display_name = required_text(
        &new.display_name,
        &["input", "displayName"],
        MAX_NAME_LENGTH,
    )
    .map_err(|err| errors.push(err))
    .unwrap_or_default();
    if new.password.chars().count() < MIN_PASSWORD_LENGTH {
        errors.push(UserError::new(
            ErrorCode::OutOfRange,
            &["input", "password"],
            format!("a password has at least {MIN_PASSWORD_LENGTH} characters"),
        ));
    }
    let link = |present: bool, field: &str, what: &str| {
        (!present).then(|| {
            UserError::new(
                ErrorCode::Required,
                &["input", field],
                format!("a {what} account needs its {field}"),
            )
        })
    };
    errors.extend(match new.role {
        Role::Partner => link(new.partner_id.is_some(), "partnerId", "PARTNER"),
        Role::Organization => link(
            new.organization_id.is_some(),
            "organizationId",
            "ORGANIZATION",
        ),
        Role::Staff => link(new.center_id.is_some(), "centerId", "STAFF"),
        Role::Admin | Role::Viewer => None,
    });
    if errors.is_empty() {
        Ok((email, display_name))
    } else {
        Err(errors)
    }
}

fn is_plausible_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Fails with NOT_FOUND for a linked partner, organization or center that does not exist.
async fn check_links(db: &impl ConnectionTrait, new: &NewUser) -> Result<()> {
    let mut errors = Vec::new();
    if let Some(id) = new.partner_id
        && partner::Entity::find_by_id(id).one(db).await?.is_none()
    {
        errors.push(UserError::new(
            ErrorCode::NotFound,
            &["input", "partnerId"],
            "no such partner",
        ));
    }
    if let Some(id) = new.organization_id
        && organization::Entity::find_by_id(id)
            .one(db)
            .await?
            .is_none()
    {
        errors.push(UserError::new(
            ErrorCode::NotFound,
            &["input", "organizationId"],
            "no such organization",
        ));
    }
    if let Some(id) = new.center_id
        && center::Entity::find_by_id(id).one(db).await?.is_none()
    {
        errors.push(UserError::new(
            ErrorCode::NotFound,
            &["input", "centerId"],
            "no such center",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::User(errors))
    }
}

/// Creates a user (ADMIN only, DESIGN.md), with an Argon2id hash of the password, and audits it.
pub async fn create_user(
    db: &DatabaseConnection,
    viewer: &Viewer,
    new: NewUser,
) -> Result<user::Model> {
    viewer.require_role(Role::Admin)?;
    insert_user(db, viewer, new).await
}

async fn insert_user(
    db: &DatabaseConnection,
    viewer: &Viewer,
    new: NewUser,
) -> Result<user::Model> {
    let (email, display_name) = validate(&new).map_err(AppError::User)?;
    check_links(db, &new).await?;
    let secret = new.password.clone();
    let hash = tokio::task::spawn_blocking(move || password::hash_password(&secret))
        .await
        .map_err(|err| AppError::bad_input(err.to_string()))?
        .map_err(|err| AppError::bad_input(err.to_string()))?;
    let now = crate::service::now();
    let txn = db.begin().await?;
    let inserted = user::ActiveModel {
        email_normalized: Set(email.to_lowercase()),
        email: Set(email),
        display_name: Set(display_name),
        role: Set(new.role),
        password_hash: Set(hash),
        partner_id: Set(new.partner_id),
        organization_id: Set(new.organization_id),
        center_id: Set(new.center_id),
        disabled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let user = match inserted {
        Ok(user) => user,
        Err(err) if is_unique_violation(&err) => {
            return Err(UserError::new(
                ErrorCode::Duplicate,
                &["input", "email"],
                "a user already has this email",
            )
            .into());
        }
        Err(err) => return Err(err.into()),
    };
    audit::record(
        &txn,
        viewer,
        "create_user",
        "User",
        user.id,
        &["email", "displayName", "role"],
    )
    .await?;
    txn.commit().await?;
    Ok(user)
}

/// Creates a user from the command line (no viewer: the operator runs the binary).
pub async fn create_user_from_cli(db: &DatabaseConnection, new: NewUser) -> Result<user::Model> {
    insert_user(db, &Viewer::anonymous(), new).await
}

/// Creates the first admin from `CQS_ADMIN_EMAIL` / `CQS_ADMIN_PASSWORD` when no admin exists;
/// returns it, or `None` when an admin was already there.
pub async fn bootstrap_admin(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
) -> Result<Option<user::Model>> {
    let admins = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Admin))
        .count(db)
        .await?;
    if admins > 0 {
        return Ok(None);
    }
    let new = NewUser {
        email: email.to_owned(),
        display_name: "Administrator".to_owned(),
        role: Role::Admin,
        password: password.to_owned(),
        partner_id: None,
        organization_id: None,
        center_id: None,
    };
    insert_user(db, &Viewer::anonymous(), new).await.map(Some)
}

/// A user by id, for the viewer and for `node`.
pub async fn find_user(db: &DatabaseConnection, id: i64) -> Result<Option<user::Model>> {
    Ok(user::Entity::find_by_id(id).one(db).await?)
}

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
    db: &DatabaseConnection,
    viewer: &Viewer,
    name: &str,
    expires_at: Option<DateTime<Utc>>,
) -> Result<(String, token_entity::Model)> {
    let principal = viewer.require_authenticated()?;
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
    let txn = db.begin().await?;
    let token = token_entity::ActiveModel {
        user_id: Set(principal.user_id),
        name: Set(name),
        token_hash: Set(hash),
        expires_at: Set(Some(expires_at)),
        last_used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        viewer,
        "create_api_token",
        "ApiToken",
        token.id,
        &["name", "expiresAt"],
    )
    .await?;
    txn.commit().await?;
    Ok((secret, token))
}

/// Revokes one of the caller's API tokens (an admin may revoke anyone's); effective at once on
/// every instance, since every request checks the token's row.
pub async fn revoke_api_token(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
) -> Result<token_entity::Model> {
    let principal = viewer.require_authenticated()?;
    let txn = db.begin().await?;
    let token = token_entity::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|token| token.user_id == principal.user_id || viewer.is_admin())
        .ok_or_else(|| {
            UserError::new(ErrorCode::NotFound, &["input", "id"], "no such API token")
        })?;
    if token.revoked_at.is_some() {
        return Ok(token);
    }
    let now = crate::service::now();
    let mut revoked: token_entity::ActiveModel = token.into();
    revoked.revoked_at = Set(Some(now));
    revoked.updated_at = Set(now);
    let token = revoked.update(&txn).await?;
    audit::record(
        &txn,
        viewer,
        "revoke_api_token",
        "ApiToken",
        token.id,
        &["revokedAt"],
    )
    .await?;
    txn.commit().await?;
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_user(role: Role) -> NewUser {
        NewUser {
            email: "staff@cqs.example.ma".into(),
            display_name: "Staff".into(),
            role,
            password: "twelve chars!".into(),
            partner_id: None,
            organization_id: None,
            center_id: Some(1),
        }
    }

    #[test]
    fn a_valid_user_passes() {
        assert!(validate(&new_user(Role::Staff)).is_ok());
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let mut bad = new_user(Role::Partner);
        bad.email = "not-an-email".into();
        bad.display_name = " ".into();
        bad.password = "short".into();
        let errors = validate(&bad).unwrap_err();
        let found: Vec<(ErrorCode, String)> =
            errors.iter().map(|e| (e.code, e.field.join("."))).collect();
        assert_eq!(
            found,
            vec![
                (ErrorCode::Invalid, "input.email".to_owned()),
                (ErrorCode::Required, "input.displayName".to_owned()),
                (ErrorCode::OutOfRange, "input.password".to_owned()),
                (ErrorCode::Required, "input.partnerId".to_owned()),
            ]
        );
    }
}
