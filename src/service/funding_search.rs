//! The funding search (issue #14): a program's requirements, a project's dossier and the gate
//! it sets before the review, and the funding requests the center sends to partners.

pub mod dossier;
pub mod planned;
pub mod request_write;
pub mod requests;
pub mod requirements;
