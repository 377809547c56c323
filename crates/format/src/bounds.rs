//! How large a policy may be: what validation enforces and what the tables
//! of a gate are built for.

/// At most this many scopes per policy.
pub const MAX_SCOPES: usize = 16;
/// At most this many characters per id.
pub const MAX_ID_LEN: usize = 64;
/// At most this many roles per policy.
pub const MAX_ROLES: usize = 10_000;
/// At most this many actions per policy.
pub const MAX_ACTIONS: usize = 1_000;
/// At most this many numbers per policy.
pub const MAX_NUMBERS: usize = 1_000;
/// At most this many decision cells: (1 + numbers) × roles × actions.
pub const MAX_TABLE_CELLS: usize = 16 * 1024 * 1024;
