//! `Mutation.login`.

use std::net::IpAddr;
use std::sync::Arc;

use async_graphql::{Context, InputObject, Object, Result, SimpleObject};

use crate::auth::Auth;
use crate::graphql::scalars::DateTime;
use crate::graphql::types::db;
use crate::graphql::types::user::User;
use crate::graphql::types::user_error::{UserError, into_payload};
use crate::service::session::login;

/// The address a request came from, for login throttling.
#[derive(Clone, Copy, Debug)]
pub struct ClientAddress(pub Option<IpAddr>);

/// An account's credentials.
#[derive(InputObject)]
pub struct LoginInput {
    /// The account's email, whatever its case.
    pub email: String,
    /// The account's password.
    pub password: String,
}

/// A login: a bearer token for the `Authorization` header, or `INVALID_CREDENTIALS`.
#[derive(SimpleObject)]
pub struct LoginPayload {
    /// Send it as `Authorization: Bearer <token>`.
    token: Option<String>,
    /// When the token stops working, in UTC; log in again then.
    expires_at: Option<DateTime>,
    /// The account that logged in.
    viewer: Option<User>,
    /// INVALID_CREDENTIALS or TOO_MANY_ATTEMPTS when the login was refused; empty when it
    /// succeeded.
    user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct SessionMutation;

#[Object]
impl SessionMutation {
    /// Exchanges an email and a password for a signed token. A wrong email and a wrong password
    /// are told apart neither by the answer nor by its time; repeated attempts are throttled.
    async fn login(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account's email and password.")] input: LoginInput,
    ) -> Result<LoginPayload> {
        let auth = ctx.data::<Arc<Auth>>()?;
        let address = ctx.data_opt::<ClientAddress>().and_then(|a| a.0);
        let outcome = login(db(ctx)?, auth, &input.email, &input.password, address).await;
        let (session, user_errors) = into_payload(outcome)?;
        Ok(match session {
            Some(session) => LoginPayload {
                token: Some(session.token),
                expires_at: Some(DateTime::from(session.expires_at)),
                viewer: Some(User(session.user)),
                user_errors,
            },
            None => LoginPayload {
                token: None,
                expires_at: None,
                viewer: None,
                user_errors,
            },
        })
    }
}
