//! Validation: a [`Policy`] document becomes a gate of the core, collecting
//! every problem on the way. `validate` runs the stages in order, each a
//! function with its own tests: size, version, scopes, plans, actions,
//! roles, inheritance, management, team permissions, members; then hands
//! the core what only these stages find: what each role and member holds,
//! as the core's `Masks`, built through its functions (the encoding is the
//! core's alone), to `teamgate_core::Gate::from_validated`.
//!
//! A file per family of stages: `problems` (collecting problems, ids,
//! "did you mean"), `catalog` (scopes, plans, actions), `grants` (the grant
//! grammar), `roles` (roles and inheritance), `team` (management, team
//! permissions, members); this file runs them in order, `tests` tests each.

// The hasher of rustc: ids are short (see Cargo.toml).
use rustc_hash::FxHashMap as HashMap;
use teamgate_core::{Holding, Masks};
use teamgate_format::{
    did_you_mean, is_id, plan_allows, scopes_and_all, show, ErrorCode, Policy, PolicyError,
    Problem, ALL_SCOPES, FORMAT_VERSION, MAX_ACTIONS, MAX_ID_LEN, MAX_NUMBERS, MAX_ROLES,
    MAX_SCOPES, MAX_TABLE_CELLS,
};

mod catalog;
mod grants;
mod problems;
mod roles;
mod team;

use catalog::*;
use grants::*;
use problems::*;
use roles::*;
use team::*;

/// Validates `policy` and builds its gate; every problem is collected.
pub(crate) fn validate(policy: Policy) -> Result<teamgate_core::Gate, PolicyError> {
    let masks = resolve(&policy)?;
    // Everything else follows from the policy, as a snapshot's tables do.
    teamgate_core::Gate::from_validated(policy, masks).ok_or_else(|| {
        PolicyError::one(Problem::new(
            ErrorCode::Internal,
            "$",
            "internal error: the validated policy did not compile; please report it",
        ))
    })
}

/// Runs the stages: what each role holds (roles × actions) and each
/// member's extra grants, or every problem found.
fn resolve(policy: &Policy) -> Result<Masks, PolicyError> {
    check_size(policy)?;
    let s = stages(policy);
    if !s.problems.list.is_empty() {
        return Err(PolicyError::new(s.problems.list));
    }
    Ok(s.masks)
}

/// What the stages found: the problems, and what validation hands the core.
struct Stages {
    problems: Problems,
    /// The declared scopes (for the stages' tests).
    #[cfg_attr(not(test), allow(dead_code))]
    scopes: Scopes,
    /// The actions as the stages read them (for the stages' tests).
    #[cfg_attr(not(test), allow(dead_code))]
    actions: Vec<ActionInfo>,
    /// What each role and member holds, in the core's encoding.
    masks: Masks,
}

/// Every stage after the size check, in order: the one pipeline that both
/// `validate` and the stages' tests run.
fn stages(policy: &Policy) -> Stages {
    let mut problems = Problems::default();
    check_version(&mut problems, policy);
    let scopes = scopes(&mut problems, policy);
    let plans = plans(&mut problems, policy);
    let catalog = actions(&mut problems, policy, &plans);
    let reader = GrantReader {
        actions: &catalog.actions,
        action_index: &catalog.index,
        scopes: &scopes.ids,
    };
    let mut roles = roles(&mut problems, policy, reader);
    let mut masks = inherit(
        &mut problems,
        policy,
        &mut roles,
        &catalog,
        scopes.ids.len(),
    );
    management(&mut problems, policy, &catalog, &roles);
    let numbers = team_permissions(&mut problems, policy, &catalog, &roles, &scopes);
    members(&mut problems, policy, reader, &roles, &numbers, &mut masks);
    Stages {
        problems,
        scopes,
        actions: catalog.actions,
        masks,
    }
}

/// Too many roles, actions, numbers or table cells: refused before anything else.
fn check_size(policy: &Policy) -> Result<(), PolicyError> {
    let (n_r, n_a, n_n) = (
        policy.roles.len(),
        policy.actions.len(),
        policy.numbers.len(),
    );
    let cells = (1 + n_n).saturating_mul(n_r).saturating_mul(n_a);
    if n_r > MAX_ROLES || n_a > MAX_ACTIONS || n_n > MAX_NUMBERS || cells > MAX_TABLE_CELLS {
        return Err(PolicyError::too_large(format!(
            "{n_r} roles, {n_a} actions and {n_n} numbers (at most {MAX_ROLES} roles, {MAX_ACTIONS} actions, {MAX_NUMBERS} numbers and {MAX_TABLE_CELLS} decisions in all)"
        )));
    }
    Ok(())
}

fn check_version(problems: &mut Problems, policy: &Policy) {
    if policy.version != FORMAT_VERSION {
        problems.push(
            Problem::new(
                ErrorCode::UnsupportedVersion,
                "$.version",
                format!("unsupported policy format version `{}`", policy.version),
            )
            .hint(format!("this teamgate reads version {FORMAT_VERSION}")),
        );
    }
}

#[cfg(test)]
mod tests;
