//! Signed JSON Web Tokens (DESIGN.md, "Runtime"): HS256 with a shared secret of at least 32 bytes,
//! or EdDSA / RS256 with PEM key files so that several instances verify with one public key.
//! Validation pins the configured algorithm and requires `exp`, `iss` and `aud`: a token signed
//! any other way (`alg: none`, HS256 with the RSA public key as secret…) is refused. A token that
//! carries `nbf` (not before) is refused until that time, as an invalid one is.

use std::time::Duration;

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::config::{AuthConfig, Signing};
use crate::entity::user;

/// What a token says about its bearer. Ids are row ids, as strings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub role: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub partner_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub organization_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub center_id: Option<String>,
    pub iat: u64,
    pub exp: u64,
    pub iss: String,
    pub aud: String,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read the JWT key file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("the JWT public key is neither an Ed25519 nor an RSA PEM key")]
    UnknownPublicKey,
    #[error("the JWT private key does not match the public key's algorithm: {0}")]
    PrivateKey(jsonwebtoken::errors::Error),
    #[error("this instance has no private key: it verifies tokens but cannot issue them")]
    CannotIssue,
    #[error("cannot sign the token: {0}")]
    Sign(jsonwebtoken::errors::Error),
}

pub struct JwtKeys {
    algorithm: Algorithm,
    encoding: Option<EncodingKey>,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
    ttl: Duration,
}

fn read(path: &std::path::Path) -> Result<Vec<u8>, KeyError> {
    std::fs::read(path).map_err(|source| KeyError::Read {
        path: path.display().to_string(),
        source,
    })
}

impl JwtKeys {
    pub fn new(config: &AuthConfig) -> Result<Self, KeyError> {
        let (algorithm, encoding, decoding) = match &config.signing {
            Signing::Secret(secret) => (
                Algorithm::HS256,
                Some(EncodingKey::from_secret(secret).map_err(KeyError::PrivateKey)?),
                DecodingKey::from_secret(secret).map_err(KeyError::PrivateKey)?,
            ),
            Signing::KeyFiles { private, public } => {
                let public = read(public)?;
                let (algorithm, decoding) = if let Ok(key) = DecodingKey::from_ed_pem(&public) {
                    (Algorithm::EdDSA, key)
                } else if let Ok(key) = DecodingKey::from_rsa_pem(&public) {
                    (Algorithm::RS256, key)
                } else {
                    return Err(KeyError::UnknownPublicKey);
                };
                let encoding = match private {
                    Some(path) => {
                        let pem = read(path)?;
                        let key = if algorithm == Algorithm::EdDSA {
                            EncodingKey::from_ed_pem(&pem)
                        } else {
                            EncodingKey::from_rsa_pem(&pem)
                        };
                        Some(key.map_err(KeyError::PrivateKey)?)
                    }
                    None => None,
                };
                (algorithm, encoding, decoding)
            }
        };
        let mut validation = Validation::new(algorithm);
        validation.set_issuer(&[&config.issuer]);
        validation.set_audience(&[&config.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        Ok(Self {
            algorithm,
            encoding,
            decoding,
            validation,
            issuer: config.issuer.clone(),
            audience: config.audience.clone(),
            ttl: config.token_ttl,
        })
    }

    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// A signed token for `user`, and when it expires.
    pub fn issue(&self, user: &user::Model) -> Result<(String, DateTime<Utc>), KeyError> {
        let encoding = self.encoding.as_ref().ok_or(KeyError::CannotIssue)?;
        let now = Utc::now();
        let expires_at = now + self.ttl;
        let claims = Claims {
            sub: user.id.to_string(),
            role: format!("{:?}", user.role).to_uppercase(),
            partner_id: user.partner_id.map(|id| id.to_string()),
            organization_id: user.organization_id.map(|id| id.to_string()),
            center_id: user.center_id.map(|id| id.to_string()),
            iat: now.timestamp().max(0).unsigned_abs(),
            exp: expires_at.timestamp().max(0).unsigned_abs(),
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
        };
        let token = jsonwebtoken::encode(&Header::new(self.algorithm), &claims, encoding)
            .map_err(KeyError::Sign)?;
        Ok((token, expires_at))
    }

    /// The claims of a token signed by this instance's key with the pinned algorithm, for this
    /// issuer and audience, not expired, and not before its `nbf`.
    pub fn verify(&self, token: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
    }
}
