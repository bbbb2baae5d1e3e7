//! API tokens for partner systems: a random secret shown once, stored only as a SHA-256 hash.
//! The secret carries 256 bits of randomness, so a fast hash is enough to make the stored value
//! useless to whoever reads the database.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Every API token starts with this, so that it is told apart from a JWT at a glance (and by
/// secret scanners).
pub const PREFIX: &str = "cqs_";

/// A new secret and the hash to store.
pub fn generate() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    let hash = hash(&secret);
    (secret, hash)
}

/// The stored form of a secret: hex SHA-256.
pub fn hash(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

pub fn looks_like_api_token(credential: &str) -> bool {
    credential.starts_with(PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_unique_and_only_their_hash_is_kept() {
        let (first, first_hash) = generate();
        let (second, _) = generate();
        assert_ne!(first, second);
        assert!(looks_like_api_token(&first));
        assert_eq!(hash(&first), first_hash);
        assert_eq!(first_hash.len(), 64);
        assert!(!first_hash.contains(&first[PREFIX.len()..]));
    }
}
