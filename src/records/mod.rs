//! A site's published record, made checkable by anyone: the append-only
//! log of revisions (`history/.log`), its Merkle tree, signed checkpoints
//! of that tree, and what a build publishes so that an outsider can check
//! them (`/manifest.json`, `/manifest/checkpoint`). See docs/records.md.

pub mod check;
pub mod key;
pub mod log;
pub mod manifest;
pub mod merkle;
pub mod note;
pub mod publish;
pub mod verify;
