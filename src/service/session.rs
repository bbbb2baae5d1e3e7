//! Signing in: password login with throttling and even timing, and turning a bearer credential
//! (a login JWT or an API token) into the request's [`Viewer`].

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SimpleExpr};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    Iterable, QueryFilter, Set,
};

use crate::auth::viewer::{Principal, Viewer};
use crate::auth::{Auth, api_token, password};
use crate::domain::role::Role;
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{api_token as token_entity, user};
use crate::error::{AppError, Result};

/// `lastUsedAt` is refreshed at most this often, so that a busy partner system does not turn
/// every read into a write.
const LAST_USED_RESOLUTION: Duration = Duration::seconds(60);

/// A successful login.
pub struct Session {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: user::Model,
}

fn invalid_credentials() -> AppError {
    UserError::new(
        ErrorCode::InvalidCredentials,
        &[],
        "the email or the password is wrong",
    )
    .into()
}

/// The longest email a mailbox may have (RFC 5321's path limit).
pub const MAX_EMAIL_BYTES: usize = 254;
/// The longest password tried: far above any passphrase, far below what makes hashing a weapon.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Refuses an email or a password too long to be real, before it costs a throttle key or a hash.
fn check_lengths(email: &str, password: &str) -> Result<()> {
    if email.len() > MAX_EMAIL_BYTES {
        return Err(UserError::new(
            ErrorCode::TooLong,
            &["input", "email"],
            format!("must be at most {MAX_EMAIL_BYTES} bytes"),
        )
        .into());
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(UserError::new(
            ErrorCode::TooLong,
            &["input", "password"],
            format!("must be at most {MAX_PASSWORD_BYTES} bytes"),
        )
        .into());
    }
    Ok(())
}

/// Checks an email and a password. A wrong email, a wrong password and a disabled account give the
/// same `INVALID_CREDENTIALS` after the same work; too many attempts give `TOO_MANY_ATTEMPTS`; an
/// email or a password longer than any real one is `TOO_LONG` before anything else.
pub async fn login(
    db: &DatabaseConnection,
    auth: &Auth,
    email: &str,
    password: &str,
    address: Option<IpAddr>,
) -> Result<Session> {
    check_lengths(email, password)?;
    let normalized = email.trim().to_lowercase();
    if !auth.throttle.allow(&normalized, address) {
        return Err(UserError::new(
            ErrorCode::TooManyAttempts,
            &[],
            "too many login attempts: wait a minute and try again",
        )
        .into());
    }
    let found = user::Entity::find()
        .filter(user::Column::EmailNormalized.eq(normalized))
        .one(db)
        .await?;
    let candidate = password.to_owned();
    let stored = found.as_ref().map(|u| u.password_hash.clone());
    // Argon2 takes tens of milliseconds of CPU: keep it off the request threads.
    let matches = tokio::task::spawn_blocking(move || match stored {
        Some(hash) => password::verify_password(&candidate, &hash),
        None => {
            password::verify_against_nothing(&candidate);
            false
        }
    })
    .await
    .unwrap_or(false);
    let user = match found {
        Some(user) if matches && user.disabled_at.is_none() => user,
        _ => return Err(invalid_credentials()),
    };
    let (token, expires_at) = auth.jwt.issue(&user).map_err(|err| {
        tracing::error!(error = %err, "cannot issue a token");
        AppError::forbidden(err.to_string())
    })?;
    Ok(Session {
        token,
        expires_at,
        user,
    })
}

/// The viewer a request's `Authorization` header names. No header is an anonymous viewer; a
/// header that does not hold a valid, current credential is `UNAUTHENTICATED`, never anonymous.
pub async fn authenticate(
    db: &DatabaseConnection,
    auth: &Auth,
    authorization: Option<&str>,
) -> Result<Viewer> {
    let Some(header) = authorization else {
        return Ok(Viewer::anonymous());
    };
    let credential = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| unauthenticated("the Authorization header must be `Bearer <token>`"))?;
    let principal = if api_token::looks_like_api_token(credential) {
        api_token_principal(db, credential).await?
    } else {
        jwt_principal(db, auth, credential).await?
    };
    Ok(Viewer::authenticated(principal))
}

/// The caller a login token's signed claims name, without reading the users table: for a query,
/// whose statements confirm the claims themselves ([`claims_hold`]) before the answer is sent.
/// `None` for anything else (no header, an API token, a token that does not verify or whose
/// claims do not parse): [`authenticate`] decides those.
pub fn claimed_viewer(auth: &Auth, authorization: Option<&str>) -> Option<Viewer> {
    let token = authorization?
        .strip_prefix("Bearer ")
        .or_else(|| authorization?.strip_prefix("bearer "))?
        .trim();
    if token.is_empty() || api_token::looks_like_api_token(token) {
        return None;
    }
    let claims = auth.jwt.verify(token).ok()?;
    let id = |claim: &Option<String>| -> Option<Option<i64>> {
        match claim {
            None => Some(None),
            Some(text) => text.parse().ok().map(Some),
        }
    };
    let role = Role::iter().find(|role| format!("{role:?}").to_uppercase() == claims.role)?;
    Some(Viewer::claimed(Principal {
        user_id: claims.sub.parse().ok()?,
        role,
        partner_id: id(&claims.partner_id)?,
        organization_id: id(&claims.organization_id)?,
        center_id: id(&claims.center_id)?,
        api_token_id: None,
    }))
}

/// True when the users table still says what `principal` says: the account exists, is not
/// disabled, and has the same role and links. One `EXISTS`, to put inside another statement.
pub fn claims_hold(principal: &Principal) -> SimpleExpr {
    use user::Column;
    let link = |column: Column, id: Option<i64>| match id {
        Some(id) => Expr::col((user::Entity, column)).eq(id),
        None => Expr::col((user::Entity, column)).is_null(),
    };
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(user::Entity)
            .and_where(Expr::col((user::Entity, Column::Id)).eq(principal.user_id))
            .and_where(Expr::col((user::Entity, Column::DisabledAt)).is_null())
            .and_where(Expr::col((user::Entity, Column::Role)).eq(principal.role.to_value()))
            .and_where(link(Column::PartnerId, principal.partner_id))
            .and_where(link(Column::OrganizationId, principal.organization_id))
            .and_where(link(Column::CenterId, principal.center_id))
            .to_owned(),
    )
}

/// [`claims_hold`] on its own, for a request no planned statement confirmed.
pub async fn confirm_claims(db: &DatabaseConnection, principal: &Principal) -> Result<bool> {
    let query = Query::select()
        .expr_as(claims_hold(principal), Alias::new("holds"))
        .to_owned();
    let row = db
        .query_one_raw(db.get_database_backend().build(&query))
        .await?;
    Ok(match row {
        Some(row) => row.try_get::<bool>("", "holds")?,
        None => false,
    })
}

fn unauthenticated(message: &str) -> AppError {
    AppError::Unauthenticated(message.to_owned())
}

async fn jwt_principal(db: &DatabaseConnection, auth: &Auth, token: &str) -> Result<Principal> {
    let claims = auth.jwt.verify(token).map_err(|err| {
        tracing::info!(error = %err, "refused a token");
        unauthenticated("the token is invalid or expired")
    })?;
    let user_id: i64 = claims
        .sub
        .parse()
        .map_err(|_| unauthenticated("the token is invalid or expired"))?;
    let user = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .filter(|user| user.disabled_at.is_none())
        .ok_or_else(|| unauthenticated("the account behind this token is disabled or gone"))?;
    Ok(Principal::of(&user, None))
}

async fn api_token_principal(db: &DatabaseConnection, secret: &str) -> Result<Principal> {
    let now = crate::service::now();
    let found = token_entity::Entity::find()
        .filter(token_entity::Column::TokenHash.eq(api_token::hash(secret)))
        .find_also_related(user::Entity)
        .one(db)
        .await?;
    let (token, user) = match found {
        Some((token, Some(user))) => (token, user),
        _ => return Err(unauthenticated("unknown API token")),
    };
    if token.revoked_at.is_some() {
        return Err(unauthenticated("this API token was revoked"));
    }
    if token.expires_at.is_some_and(|expiry| expiry <= now) {
        return Err(unauthenticated("this API token has expired"));
    }
    if user.disabled_at.is_some() {
        return Err(unauthenticated("the account behind this token is disabled"));
    }
    if token
        .last_used_at
        .is_none_or(|last| now - last >= LAST_USED_RESOLUTION)
    {
        let id = token.id;
        let mut touched: token_entity::ActiveModel = token.into();
        touched.last_used_at = Set(Some(now));
        touched.updated_at = Set(now);
        if let Err(err) = touched.update(db).await {
            tracing::warn!(error = %err, token = id, "could not record the API token's use");
        }
        return Ok(Principal::of(&user, Some(id)));
    }
    Ok(Principal::of(&user, Some(token.id)))
}
