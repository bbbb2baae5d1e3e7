//! `Mutation.createUser`, `createApiToken` and `revokeApiToken`.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};

use crate::graphql::id::{NodeType, parse_arg, parse_opt_arg};
use crate::graphql::mutation::Dates;
use crate::graphql::scalars::DateTime;
use crate::graphql::types::db;
use crate::graphql::types::enums::Role;
use crate::graphql::types::user::{ApiToken, User};
use crate::graphql::types::user_error::{UserError, into_payload};
use crate::graphql::viewer::viewer;
use crate::service::user::{self as service, NewUser};

#[derive(InputObject)]
pub struct CreateUserInput {
    pub email: String,
    pub display_name: String,
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

#[derive(SimpleObject)]
pub struct UserPayload {
    user: Option<User>,
    user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct CreateApiTokenInput {
    /// What the token is for, e.g. "ADS accounting system".
    pub name: String,
    /// At most one year ahead; one year when not given.
    pub expires_at: Option<DateTime>,
}

#[derive(SimpleObject)]
pub struct CreateApiTokenPayload {
    /// The secret, shown this once: send it as `Authorization: Bearer <token>`.
    token: Option<String>,
    api_token: Option<ApiToken>,
    user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct RevokeApiTokenInput {
    pub id: ID,
}

#[derive(SimpleObject)]
pub struct RevokeApiTokenPayload {
    api_token: Option<ApiToken>,
    user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct UserMutation;

#[Object]
impl UserMutation {
    /// Creates a user (ADMIN only). Emails are unique whatever their case.
    async fn create_user(&self, ctx: &Context<'_>, input: CreateUserInput) -> Result<UserPayload> {
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
            into_payload(service::create_user(db(ctx)?, viewer(ctx), new).await)?;
        Ok(UserPayload {
            user: user.map(User),
            user_errors,
        })
    }

    /// Creates an API token for the caller; its secret is returned this once and never stored.
    async fn create_api_token(
        &self,
        ctx: &Context<'_>,
        input: CreateApiTokenInput,
    ) -> Result<CreateApiTokenPayload> {
        let mut dates = Dates::default();
        let expires_at = dates.instant(input.expires_at, "expiresAt");
        let create = service::create_api_token(db(ctx)?, viewer(ctx), &input.name, expires_at);
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
        input: RevokeApiTokenInput,
    ) -> Result<RevokeApiTokenPayload> {
        let id = parse_arg(&input.id, NodeType::ApiToken, "id")?;
        let outcome = service::revoke_api_token(db(ctx)?, viewer(ctx), id).await;
        let (revoked, user_errors) = into_payload(outcome)?;
        Ok(RevokeApiTokenPayload {
            api_token: revoked.map(ApiToken),
            user_errors,
        })
    }
}
