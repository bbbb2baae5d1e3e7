//! Authentication and authorization: passwords, JWTs, API tokens, login throttling, and the
//! [`viewer::Viewer`] that says, in one place, what the caller may read and do.

pub mod api_token;
pub mod jwt;
pub mod password;
pub mod throttle;
pub mod viewer;

use std::sync::Arc;

use crate::config::AuthConfig;

/// What authentication needs at run time, shared by every request.
pub struct Auth {
    pub jwt: jwt::JwtKeys,
    pub throttle: throttle::LoginThrottle,
    /// `CQS_PUBLIC_READ`: whether anonymous callers may read public fields.
    pub public_read: bool,
}

impl Auth {
    pub fn new(config: &AuthConfig) -> Result<Arc<Self>, jwt::KeyError> {
        Ok(Arc::new(Self {
            jwt: jwt::JwtKeys::new(config)?,
            throttle: throttle::LoginThrottle::default(),
            public_read: config.public_read,
        }))
    }
}
