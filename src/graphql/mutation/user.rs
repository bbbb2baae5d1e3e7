//! `Mutation.createUser`, `updateUser`, `createApiToken` and `revokeApiToken`.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};

use crate::domain::account::ScopeChange;
use crate::graphql::id::{NodeType, parse_arg, parse_opt_arg};
use crate::graphql::mutation::{Dates, maybe_id, services};
use crate::graphql::scalars::DateTime;
use crate::graphql::types::enums::Role;
use crate::graphql::types::user::{ApiToken, User};
use crate::graphql::types::user_error::{UserError, into_payload};
use crate::graphql::viewer::viewer;
use crate::service::user::{self as service, NewUser, UserChange};

/// A new account (ADMIN only).
#[derive(InputObject)]
pub struct CreateUserInput {
    /// The address the account logs in with; unique whatever its case.
    pub email: String,
    /// The name shown for the account.
    pub display_name: String,
    /// What the account may do.
    pub role: Role,
    /// At least 12 characters.
    pub password: String,
    /// Required for PARTNER accounts.
    pub partner_id: Option<ID>,
    /// Required for ORGANIZATION accounts.
    pub organization_id: Option<ID>,
    /// Required for STAFF accounts: the center they work in.
    pub center_id: Option<ID>,
}

/// Only the fields given change. A new role drops the links it has no use for; the link it needs
/// (partner, organization or center) must be there, given or kept.
#[derive(InputObject)]
pub struct UpdateUserInput {
    /// The account to change.
    pub id: ID,
    /// The version the change is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
    /// The same as `expectedVersion`, under a shorter name: give either (both must agree).
    pub version: Option<i32>,
    /// A new display name.
    pub display_name: Option<String>,
    /// The last active ADMIN keeps its role.
    pub role: Option<Role>,
    /// PARTNER accounts only; `null` clears it.
    pub partner_id: MaybeUndefined<ID>,
    /// ORGANIZATION accounts only; `null` clears it.
    pub organization_id: MaybeUndefined<ID>,
    /// STAFF accounts only; `null` clears it.
    pub center_id: MaybeUndefined<ID>,
    /// `true` disables the account: it cannot log in, and its login and API tokens stop working
    /// on their next request. `false` enables it again. The last active ADMIN stays enabled.
    pub disabled: Option<bool>,
}

impl UpdateUserInput {
    fn change(self) -> Result<UserChange> {
        Ok(UserChange {
            display_name: self.display_name,
            scope: ScopeChange {
                role: self.role.map(Into::into),
                partner_id: maybe_id(self.partner_id, NodeType::Partner, "partnerId")?,
                organization_id: maybe_id(
                    self.organization_id,
                    NodeType::Organization,
                    "organizationId",
                )?,
                center_id: maybe_id(self.center_id, NodeType::Center, "centerId")?,
            },
            disabled: self.disabled,
            expected_version: self.expected_version,
            version: self.version,
        })
    }
}

/// The outcome of a write of an account: the user as written, or `userErrors` and nothing written.
#[derive(SimpleObject)]
pub struct UserPayload {
    /// The user as written; null when the write was refused.
    user: Option<User>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

/// A new API token for the caller's own account.
#[derive(InputObject)]
pub struct CreateApiTokenInput {
    /// What the token is for, e.g. "ADS accounting system".
    pub name: String,
    /// At most one year ahead; one year when not given.
    pub expires_at: Option<DateTime>,
}

/// The outcome of creating an API token: its secret and the token, or `userErrors` and nothing
/// written.
#[derive(SimpleObject)]
pub struct CreateApiTokenPayload {
    /// The secret, shown this once: send it as `Authorization: Bearer <token>`.
    token: Option<String>,
    /// The token as created; null when it was refused.
    api_token: Option<ApiToken>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

/// The API token to revoke.
#[derive(InputObject)]
pub struct RevokeApiTokenInput {
    /// The token's id, as `User.apiTokens` gives it; it must be one of the caller's own tokens.
    pub id: ID,
}

/// The outcome of revoking an API token: the token as revoked, or `userErrors` and nothing written.
#[derive(SimpleObject)]
pub struct RevokeApiTokenPayload {
    /// The token as revoked; null when the revocation was refused.
    api_token: Option<ApiToken>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct UserMutation;

#[Object]
impl UserMutation {
    /// Creates a user (ADMIN only). Emails are unique whatever their case.
    async fn create_user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new account.")] input: CreateUserInput,
    ) -> Result<UserPayload> {
        let new = NewUser {
            email: input.email,
            display_name: input.display_name,
            role: input.role.into(),
            password: input.password,
            partner_id: parse_opt_arg(input.partner_id.as_ref(), NodeType::Partner, "partnerId")?,
            organization_id: parse_opt_arg(
                input.organization_id.as_ref(),
                NodeType::Organization,
                "organizationId",
            )?,
            center_id: parse_opt_arg(input.center_id.as_ref(), NodeType::Center, "centerId")?,
        };
        let (user, user_errors) =
            into_payload(service::create_user(services(ctx)?, viewer(ctx), new).await)?;
        Ok(UserPayload {
            user: user.map(User),
            user_errors,
        })
    }

    /// Changes an account's display name, role and scope, or disables it (ADMIN only).
    async fn update_user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account to change, and the changes.")] input: UpdateUserInput,
    ) -> Result<UserPayload> {
        let id = parse_arg(&input.id, NodeType::User, "id")?;
        let change = input.change()?;
        let outcome = service::update_user(services(ctx)?, viewer(ctx), id, change).await;
        let (user, user_errors) = into_payload(outcome)?;
        Ok(UserPayload {
            user: user.map(User),
            user_errors,
        })
    }

    /// Creates an API token for the caller; its secret is returned this once and never stored.
    async fn create_api_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What the token is for, and when it expires.")] input: CreateApiTokenInput,
    ) -> Result<CreateApiTokenPayload> {
        let mut dates = Dates::default();
        let expires_at = dates.instant(input.expires_at, "expiresAt");
        let create =
            service::create_api_token(services(ctx)?, viewer(ctx), &input.name, expires_at);
        let outcome = dates.run(create).await;
        let (created, user_errors) = into_payload(outcome)?;
        let (token, api_token) = match created {
            Some((secret, row)) => (Some(secret), Some(ApiToken(row))),
            None => (None, None),
        };
        Ok(CreateApiTokenPayload {
            token,
            api_token,
            user_errors,
        })
    }

    /// Revokes one of the caller's API tokens, at once, on every instance.
    async fn revoke_api_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The token to revoke.")] input: RevokeApiTokenInput,
    ) -> Result<RevokeApiTokenPayload> {
        let id = parse_arg(&input.id, NodeType::ApiToken, "id")?;
        let outcome = service::revoke_api_token(services(ctx)?, viewer(ctx), id).await;
        let (revoked, user_errors) = into_payload(outcome)?;
        Ok(RevokeApiTokenPayload {
            api_token: revoked.map(ApiToken),
            user_errors,
        })
    }
}
