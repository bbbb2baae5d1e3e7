//! Who a socket speaks for: the credential of `connection_init` (`{"Authorization": "Bearer …"}`)
//! or of the upgrade request's header, checked as `/graphql` checks it, and checked again while
//! the socket lives. Refusals carry the close code a `graphql-ws` client acts on.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::auth::api_token;
use crate::auth::viewer::Viewer;
use crate::error::AppError;
use crate::http::AppState;
use crate::http::rate_limit::{Caller, RateLimits};
use crate::http::websocket::sockets::{CredentialKey, CredentialSlot};
use crate::service::session::authenticate;

/// Invalid, expired or revoked credentials, or none where they are required: the client must
/// get new ones (`graphql-ws` does not retry it).
pub const UNAUTHORIZED: u16 = 4401;
/// Valid credentials (or none) this socket may not use now: the credential's (or the anonymous
/// client address's) sockets are all taken. `graphql-ws` retries it.
pub const FORBIDDEN: u16 = 4403;
/// No `connection_init` in time.
pub const INIT_TIMEOUT: u16 = 4408;
/// The server failed (the database did not answer).
pub const INTERNAL: u16 = 1011;
/// The instance is full, or the caller over its rate limit: try again later (`graphql-ws`
/// retries it).
pub const TRY_AGAIN_LATER: u16 = 1013;

/// Why a socket is closed, and with which code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub code: u16,
    pub reason: String,
}

impl Refusal {
    pub fn new(code: u16, reason: impl Into<String>) -> Self {
        Self {
            code,
            reason: reason.into(),
        }
    }
}

/// An authenticated socket: whom it speaks for, and what to check again.
pub struct Admission {
    pub viewer: Viewer,
    /// Whom its operations are charged to under the rate limits.
    pub caller: Caller,
    /// The `Authorization` value it was admitted with; `None` for an anonymous socket.
    credential: Option<String>,
    /// When a login token stops being valid: its subscriptions end then.
    expires_at: Option<DateTime<Utc>>,
    _slot: CredentialSlot,
}

/// The credential `connection_init` names, else the upgrade request's; a payload key that is
/// not a string is refused rather than ignored. The key is matched whatever its case, as an HTTP
/// header's name is: clients (the explorer among them) pass their headers through as typed.
fn credential_of(payload: &Value, header: Option<String>) -> Result<Option<String>, Refusal> {
    let named = payload.as_object().and_then(|fields| {
        fields
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case("authorization"))
            .map(|(_, value)| value)
    });
    match named {
        None | Some(Value::Null) => Ok(header),
        Some(Value::String(value)) => Ok(Some(value.clone())),
        Some(_) => Err(Refusal::new(
            UNAUTHORIZED,
            "connection_init's Authorization must be a string: `Bearer <token>`",
        )),
    }
}

/// Admits the socket that sent `payload` in `connection_init` from `client`, or says why not.
pub async fn admit(
    state: &AppState,
    payload: &Value,
    header: Option<String>,
    client: IpAddr,
) -> Result<Admission, Refusal> {
    let credential = credential_of(payload, header)?;
    let viewer = match check(state, credential.as_deref()).await {
        Ok(viewer) => viewer,
        Err(refusal) => {
            // Refused credentials cost their address, as on `/graphql`: guessing tokens over
            // sockets is no faster than over requests.
            if refusal.code == UNAUTHORIZED {
                charge(state, Caller::Address(client))?;
            }
            return Err(refusal);
        }
    };
    let caller = Caller::of(&viewer, client);
    charge(state, caller)?;
    if viewer.principal().is_none() && !state.auth.public_read {
        return Err(Refusal::new(
            UNAUTHORIZED,
            "this API requires authentication: send connection_init with \
             {\"Authorization\": \"Bearer <token>\"}",
        ));
    }
    let key = CredentialKey::of(viewer.principal(), client);
    let slot = state.sockets.admit_credential(key).ok_or_else(|| {
        Refusal::new(
            FORBIDDEN,
            format!(
                "this credential already holds {} open sockets: close one first",
                state.sockets.limits.max_connections_per_token
            ),
        )
    })?;
    let expires_at = credential
        .as_deref()
        .and_then(|credential| login_token_expiry(state, credential));
    Ok(Admission {
        viewer,
        caller,
        credential,
        expires_at,
        _slot: slot,
    })
}

/// Charges one operation to `caller`, as `/graphql` does for each request.
fn charge(state: &AppState, caller: Caller) -> Result<(), Refusal> {
    state.edge.rate_limits.check(caller, 1).map_err(|wait| {
        Refusal::new(
            TRY_AGAIN_LATER,
            format!(
                "too many requests: try again in {} s",
                RateLimits::retry_after_seconds(wait)
            ),
        )
    })
}

/// The viewer a credential names now, as `/graphql` decides it.
async fn check(state: &AppState, credential: Option<&str>) -> Result<Viewer, Refusal> {
    match authenticate(&state.db, &state.auth, credential).await {
        Ok(viewer) => Ok(viewer),
        Err(AppError::Unauthenticated(message)) => Err(Refusal::new(UNAUTHORIZED, message)),
        Err(err) => {
            tracing::warn!(error = %err, "cannot authenticate a socket");
            Err(Refusal::new(
                INTERNAL,
                "the database is unavailable, try again",
            ))
        }
    }
}

/// The `exp` of a login token (API tokens' expiry is read from the database at each check).
fn login_token_expiry(state: &AppState, credential: &str) -> Option<DateTime<Utc>> {
    let token = credential
        .strip_prefix("Bearer ")
        .or_else(|| credential.strip_prefix("bearer "))?
        .trim();
    if api_token::looks_like_api_token(token) {
        return None;
    }
    let claims = state.auth.jwt.verify(token).ok()?;
    DateTime::from_timestamp(i64::try_from(claims.exp).ok()?, 0)
}

impl Admission {
    /// How long until the credential must be checked again: the login token's expiry, or
    /// `CQS_WS_AUTH_RECHECK`, whichever comes first; `None` for an anonymous socket, which has
    /// nothing to lose.
    pub fn next_check(&self, recheck: Duration) -> Option<Duration> {
        self.credential.as_ref()?;
        let until_expiry = self.expires_at.map(|at| {
            (at - crate::service::now())
                .to_std()
                .unwrap_or(Duration::ZERO)
        });
        Some(until_expiry.map_or(recheck, |left| left.min(recheck)))
    }

    /// Checks the credential again. Expiry and revocation are checked on a timer rather than on
    /// each event: a quiet subscription must end too, and one check per socket and period costs
    /// the database less than one per event delivered. A login token past its `exp` ends here on
    /// the second (the signature check alone allows a minute of clock skew); a revoked or expired
    /// API token, a disabled account, or an account whose role or links changed end here too, so
    /// that nothing is sent under rights the caller no longer has.
    pub async fn recheck(&self, state: &AppState) -> Result<(), Refusal> {
        let Some(credential) = self.credential.as_deref() else {
            return Ok(());
        };
        if self
            .expires_at
            .is_some_and(|at| at <= crate::service::now())
        {
            return Err(Refusal::new(UNAUTHORIZED, "the token has expired"));
        }
        let viewer = check(state, Some(credential)).await?;
        if viewer.principal() != self.viewer.principal() {
            return Err(Refusal::new(
                UNAUTHORIZED,
                "the account's role or links changed: connect again",
            ));
        }
        Ok(())
    }
}

/// What the socket's operations carry: the viewer, and loaders of their own, reading where
/// queries read (the replica when there is one: the changed row itself is read back once the
/// replica has replayed the change, see `service::changes::ReadBack`).
pub fn connection_data(state: &AppState, admission: &Admission) -> async_graphql::Data {
    let mut data = async_graphql::Data::default();
    data.insert(admission.viewer.clone());
    data.insert(admission.caller);
    let reads = state.read_db.as_ref().unwrap_or(&state.db);
    data.insert(reads.clone());
    data.insert(crate::graphql::loaders::Loaders::new(reads));
    data
}

/// Shared between the `connection_init` callback and the socket's loop.
pub type AdmissionSlot = Arc<std::sync::Mutex<Option<Result<Admission, Refusal>>>>;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_init_payload_names_the_credential_before_the_upgrade_header() {
        let header = Some("Bearer from-header".to_owned());
        assert_eq!(
            credential_of(
                &json!({"Authorization": "Bearer from-init"}),
                header.clone()
            ),
            Ok(Some("Bearer from-init".to_owned()))
        );
        assert_eq!(
            credential_of(&json!({}), header.clone()),
            Ok(header.clone())
        );
        assert_eq!(
            credential_of(&json!({"AUTHORIZATION": "Bearer shouted"}), None),
            Ok(Some("Bearer shouted".to_owned()))
        );
        assert_eq!(credential_of(&Value::Null, None), Ok(None));
        assert_eq!(
            credential_of(&json!({"Authorization": 12}), header)
                .unwrap_err()
                .code,
            UNAUTHORIZED
        );
    }
}
