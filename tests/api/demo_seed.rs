//! The demo data set (filled in with the seed).
