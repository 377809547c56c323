//! The embedded presets: one policy document per seed system.
//!
//! | preset | seeds | roles |
//! |---|---|---|
//! | `team-inbox` (default) | 000 + 004 | `owner`, `admin`, `supervisor`, `agent` |
//! | `owner-admin-agent` | 001 | `owner`, `admin`, `agent` |
//! | `helpdesk` | 002 | `admin`, `supervisor`, `agent`, `support` + custom |
//! | `custom-roles` | 003 | `admin`, `manager`, `agent`, `viewer` + custom |

use teamgate_format::{did_you_mean, ErrorCode, PolicyError, Problem};

/// The preset used when none is named.
pub const DEFAULT: &str = "team-inbox";

/// Every preset: its name and its JSON document.
pub const ALL: &[(&str, &str)] = &[
    ("team-inbox", include_str!("../presets/team-inbox.json")),
    (
        "owner-admin-agent",
        include_str!("../presets/owner-admin-agent.json"),
    ),
    ("helpdesk", include_str!("../presets/helpdesk.json")),
    ("custom-roles", include_str!("../presets/custom-roles.json")),
];

/// Every preset's policy tests (`teamgate::testing`): the seed statements it
/// implements, as cases that pass.
const TESTS: &[(&str, &str)] = &[
    (
        "team-inbox",
        include_str!("../presets/team-inbox.tests.json"),
    ),
    (
        "owner-admin-agent",
        include_str!("../presets/owner-admin-agent.tests.json"),
    ),
    ("helpdesk", include_str!("../presets/helpdesk.tests.json")),
    (
        "custom-roles",
        include_str!("../presets/custom-roles.tests.json"),
    ),
];

/// The policy tests a preset ships with (a [`crate::testing::PolicyTests`]
/// file, JSON): the statements of the seed it implements, each a case
/// naming it (`S004.7: ...`).
///
/// # Errors
/// `unknown_preset`, as [`source`].
pub fn tests(name: &str) -> Result<&'static str, PolicyError> {
    source(name)?;
    Ok(TESTS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .unwrap_or_default())
}

/// The names of the presets.
pub fn names() -> impl Iterator<Item = &'static str> {
    ALL.iter().map(|(n, _)| *n)
}

/// The JSON document of a preset.
///
/// # Errors
/// `unknown_preset`, with the closest name as a hint.
pub fn source(name: &str) -> Result<&'static str, PolicyError> {
    ALL.iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| *s)
        .ok_or_else(|| {
            PolicyError::one(
                Problem::new(
                    ErrorCode::UnknownPreset,
                    "$",
                    format!("unknown preset `{}`", teamgate_format::show(name)),
                )
                .maybe_hint(did_you_mean(name, names()).or_else(|| {
                    Some(format!(
                        "presets: {}",
                        names()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })),
            )
        })
}
