//! `User` and `ApiToken`: the people and systems that sign in, and the admins' `UserFilter`.

use async_graphql::{Context, ID, InputObject, Object, Result};

use crate::entity::{api_token, user};
use crate::graphql::id::{NodeType, encode};
use crate::graphql::loaders::loaders;
use crate::graphql::scalars::DateTime;
use crate::graphql::types::center::Center;
use crate::graphql::types::db;
use crate::graphql::types::enums::Role;
use crate::graphql::types::organization::Organization;
use crate::graphql::types::partner::Partner;
use crate::graphql::viewer::viewer;
use crate::service::user::{self as service, api_tokens_of};

/// A person or a partner system that signs in, with one role.
pub struct User(pub user::Model);

/// An account that signs in: a person of the center or of a partner or an organization, or a
/// partner's system, with one role. Visible to ADMIN, to STAFF for their center's accounts, and to
/// the account itself; to anyone else a user reads as null.
#[Object]
impl User {
    /// The account's global id: opaque, stable, accepted by `node(id:)`.
    pub async fn id(&self) -> ID {
        encode(NodeType::User, self.0.id)
    }

    /// The address the account logs in with; unique whatever its case.
    async fn email(&self) -> &str {
        &self.0.email
    }

    /// The name shown for the account, e.g. "Fatima Zahra".
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }

    /// What the account may do (see `Role`).
    async fn role(&self) -> Role {
        self.0.role.into()
    }

    /// Set for PARTNER accounts: the partner they act for.
    async fn partner(&self, ctx: &Context<'_>) -> Result<Option<Partner>> {
        let Some(id) = self.0.partner_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.partners.load_one(id).await?.map(Partner))
    }

    /// Set for ORGANIZATION accounts: the organization they act for.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        let Some(id) = self.0.organization_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .organizations
            .load_one(id)
            .await?
            .map(Into::into))
    }

    /// Set for STAFF scoped to one center.
    async fn center(&self, ctx: &Context<'_>) -> Result<Option<Center>> {
        let Some(id) = self.0.center_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.centers.load_one(id).await?.map(Center))
    }

    /// A disabled account cannot log in, and its tokens stop working on their next request.
    async fn disabled(&self) -> bool {
        self.0.disabled_at.is_some()
    }

    /// When the account was disabled; null while it is active.
    async fn disabled_at(&self) -> Option<DateTime> {
        self.0.disabled_at.map(DateTime::from)
    }

    /// When the account was recorded, in UTC.
    async fn created_at(&self) -> DateTime {
        DateTime::from(self.0.created_at)
    }

    /// When the account last changed, in UTC.
    async fn updated_at(&self) -> DateTime {
        DateTime::from(self.0.updated_at)
    }

    /// Incremented on each change; pass it as `expectedVersion` (or `version`) to `updateUser`.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// The user's API tokens, newest first (never their secrets); shown to the user only.
    async fn api_tokens(&self, ctx: &Context<'_>) -> Result<Vec<ApiToken>> {
        if !viewer(ctx).is_user(self.0.id) {
            return Ok(Vec::new());
        }
        let tokens = api_tokens_of(db(ctx)?, self.0.id).await?;
        Ok(tokens.into_iter().map(ApiToken).collect())
    }
}

/// Which accounts `users` lists; every criterion given must match.
#[derive(InputObject, Default)]
pub struct UserFilter {
    /// Accounts with this role only.
    pub role: Option<Role>,
    /// Matches display name and email, case- and accent-insensitively: "fatima" finds
    /// "Fatima Zahra" and "FATIMA@cqs.example.ma".
    pub search: Option<String>,
    /// `true`: disabled accounts only; `false`: active accounts only.
    pub disabled: Option<bool>,
}

impl From<UserFilter> for service::UserFilter {
    fn from(filter: UserFilter) -> Self {
        Self {
            role: filter.role.map(Into::into),
            search: filter.search,
            disabled: filter.disabled,
        }
    }
}

/// A long-lived credential for a partner system; its secret is shown once, at creation.
pub struct ApiToken(pub api_token::Model);

/// A long-lived credential for a partner system, owned by one account and shown only to it. Its
/// secret is shown once, at creation, and never again.
#[Object]
impl ApiToken {
    /// The token's global id, for `revokeApiToken`.
    pub async fn id(&self) -> ID {
        encode(NodeType::ApiToken, self.0.id)
    }

    /// What the token is for, e.g. "ADS accounting system".
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// When the token was created, in UTC.
    async fn created_at(&self) -> DateTime {
        DateTime::from(self.0.created_at)
    }

    /// When the token stops working, in UTC; null when it never expires.
    async fn expires_at(&self) -> Option<DateTime> {
        self.0.expires_at.map(DateTime::from)
    }

    /// When a request last used the token, in UTC, to the minute; null when never used.
    async fn last_used_at(&self) -> Option<DateTime> {
        self.0.last_used_at.map(DateTime::from)
    }

    /// When the token was revoked, in UTC; null while it works.
    async fn revoked_at(&self) -> Option<DateTime> {
        self.0.revoked_at.map(DateTime::from)
    }
}
