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

#[Object]
impl User {
    pub async fn id(&self) -> ID {
        encode(NodeType::User, self.0.id)
    }

    async fn email(&self) -> &str {
        &self.0.email
    }

    async fn display_name(&self) -> &str {
        &self.0.display_name
    }

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

    async fn created_at(&self) -> DateTime {
        DateTime::from(self.0.created_at)
    }

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

#[Object]
impl ApiToken {
    pub async fn id(&self) -> ID {
        encode(NodeType::ApiToken, self.0.id)
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn created_at(&self) -> DateTime {
        DateTime::from(self.0.created_at)
    }

    async fn expires_at(&self) -> Option<DateTime> {
        self.0.expires_at.map(DateTime::from)
    }

    async fn last_used_at(&self) -> Option<DateTime> {
        self.0.last_used_at.map(DateTime::from)
    }

    async fn revoked_at(&self) -> Option<DateTime> {
        self.0.revoked_at.map(DateTime::from)
    }
}
