//! Plan limits: may one more be added ([`Gate::check_limit`], S002.4), and
//! would the account fit on another plan ([`Gate::check_plan`])? One rule
//! for both, and for the engine's own custom-role edits:
//!
//! - no plans at all: nothing is limited;
//! - a limit some plan lists, or `custom_roles` (the limit the engine
//!   applies itself): each plan allows what it lists, and 0 where it lists
//!   nothing;
//! - any other limit is unknown (denied, with "did you mean").

use crate::decision::{LimitCheck, Reason, ReasonParams};
use crate::edit_checks::CUSTOM_ROLES_LIMIT;
use crate::gate::Gate;
use serde::Serialize;
use teamgate_format::{show, Limit, PlanDef};

/// What a limit is on one plan: `Some(n)` at most `n`, `None` unlimited.
type Max = Option<u32>;

/// The answer of [`Gate::check_plan`]: whether the account, with what it
/// has in use, fits on a plan, and each limit it would be over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PlanCheck {
    /// The plan asked about.
    pub plan: String,
    /// Whether everything in use fits on it.
    pub allowed: bool,
    /// One `limit_reached` check per limit the plan would be over (what
    /// must go first: `used - limit` of it), in the order asked.
    pub over: Vec<LimitCheck>,
}

/// How a known limit binds: per plan.
enum Known {
    /// No plans: nothing is gated.
    Ungated,
    /// Listed by a plan, or the engine's own `custom_roles`.
    Listed,
}

impl Gate {
    fn known_limit(&self, limit: &str) -> Option<Known> {
        let plans = &self.policy.plans;
        if plans.is_empty() {
            Some(Known::Ungated)
        } else if limit == CUSTOM_ROLES_LIMIT || plans.iter().any(|p| p.limits.contains_key(limit))
        {
            Some(Known::Listed)
        } else {
            None
        }
    }

    /// `limit` on `plan`: what it lists, 0 where it lists nothing.
    fn max_on(plan: &PlanDef, limit: &str) -> Max {
        match plan.limits.get(limit) {
            Some(Limit::Count(n)) => Some(*n),
            Some(Limit::Unlimited(_)) => None,
            None => Some(0),
        }
    }

    fn unknown_limit(&self, limit: &str, used: u32) -> LimitCheck {
        let known: Vec<&str> = self
            .policy
            .plans
            .iter()
            .flat_map(|p| p.limits.keys().map(String::as_str))
            .chain([CUSTOM_ROLES_LIMIT])
            .collect();
        let suggestion = self.suggestion_for(limit, known);
        LimitCheck {
            allowed: false,
            code: Reason::UnknownLimit,
            message: String::new(),
            limit: Some(0),
            used,
            remaining: Some(0),
            upgrade_to: None,
            params: ReasonParams {
                id: Some(show(limit)),
                limit: Some(show(limit)),
                suggestion: suggestion.map(str::to_owned),
                used: Some(used),
                ..ReasonParams::default()
            },
        }
        .written()
    }

    /// May one more be added while `used` are in use, under the current
    /// plan's `limit` (e.g. `custom_roles`, S002.4)? The module's rule: no
    /// plans, nothing is limited; a plan that does not list a known limit
    /// allows 0; a limit no plan lists (other than `custom_roles`) is
    /// unknown (denied). The engine's custom-role edits ask exactly this.
    pub fn check_limit(&self, limit: &str, used: u32) -> LimitCheck {
        let Some(known) = self.known_limit(limit) else {
            return self.unknown_limit(limit, used);
        };
        // No plans (nor a current one): nothing is limited.
        let plan = match known {
            Known::Listed => self.tables.plan.and_then(|p| self.policy.plans.get(p)),
            Known::Ungated => None,
        };
        let fits = |v: Max| v.is_none_or(|n| used < n);
        let lim = plan.and_then(|p| Self::max_on(p, limit));
        let allowed = fits(lim);
        let upgrade_to = if allowed {
            None
        } else {
            self.policy
                .plans
                .iter()
                .find(|p| fits(Self::max_on(p, limit)))
                .map(|p| p.id.clone())
        };
        LimitCheck {
            allowed,
            code: if allowed {
                Reason::WithinLimit
            } else {
                Reason::LimitReached
            },
            message: String::new(),
            limit: lim,
            used,
            remaining: lim.map(|n| n.saturating_sub(used)),
            params: ReasonParams {
                plan: plan.map(|p| p.id.clone()),
                limit: Some(limit.to_owned()),
                used: Some(used),
                max: lim,
                upgrade_to: upgrade_to.clone(),
                ..ReasonParams::default()
            },
            upgrade_to,
        }
        .written()
    }

    /// Would an account with `usage` in use (limit → how many, e.g.
    /// `[("numbers", 2), ("seats", 5)]`) fit on `plan`? The rule of
    /// [`Gate::check_limit`], applied to what is already there: each limit
    /// must allow at least what is in use (a limit no plan lists, other
    /// than `custom_roles`, binds nothing here). `None` when no plan has
    /// that id. What a server asks before a plan change (a downgrade must
    /// not leave the account over a limit), and a UI to disable a plan
    /// option with the same reasons.
    pub fn check_plan(&self, plan: &str, usage: &[(&str, u32)]) -> Option<PlanCheck> {
        let p = self.policy.plans.iter().find(|p| p.id == plan)?;
        let over: Vec<LimitCheck> = usage
            .iter()
            .filter(|(limit, _)| matches!(self.known_limit(limit), Some(Known::Listed)))
            .filter_map(|&(limit, used)| {
                let max = Self::max_on(p, limit)?;
                (used > max).then(|| {
                    LimitCheck {
                        allowed: false,
                        code: Reason::LimitReached,
                        message: String::new(),
                        limit: Some(max),
                        used,
                        remaining: Some(0),
                        upgrade_to: None,
                        params: ReasonParams {
                            plan: Some(p.id.clone()),
                            limit: Some(limit.to_owned()),
                            used: Some(used),
                            max: Some(max),
                            ..ReasonParams::default()
                        },
                    }
                    .written()
                })
            })
            .collect();
        Some(PlanCheck {
            plan: p.id.clone(),
            allowed: over.is_empty(),
            over,
        })
    }
}
