//! Plan limits: may one more be added ([`Gate::check_limit`], S002.4)?

use crate::decision::{LimitCheck, Reason, ReasonParams};
use crate::gate::Gate;
use teamgate_format::Limit;
use teamgate_format::{show, suggest};

impl Gate {
    /// May one more be added while `used` are in use, under the current
    /// plan's `limit` (e.g. `custom_roles`, S002.4)? A limit the current plan
    /// does not list counts as 0; a limit no plan lists is unknown (denied).
    pub fn check_limit(&self, limit: &str, used: u32) -> LimitCheck {
        let declared = self
            .policy
            .plans
            .iter()
            .any(|p| p.limits.contains_key(limit));
        let current = self.tables.plan.and_then(|p| self.policy.plans.get(p));
        let (Some(plan), true) = (current, declared) else {
            let known: Vec<&str> = self
                .policy
                .plans
                .iter()
                .flat_map(|p| p.limits.keys().map(String::as_str))
                .collect();
            let suggestion = self.closest(limit, known);
            let hint = suggestion.map(suggest);
            return LimitCheck {
                allowed: false,
                code: Reason::UnknownLimit,
                message: match hint {
                    Some(h) => format!("unknown limit `{}` ({h})", show(limit)),
                    None => format!("unknown limit `{}`", show(limit)),
                },
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
            };
        };
        let value = |p: &teamgate_format::PlanDef| match p.limits.get(limit) {
            Some(Limit::Count(n)) => Some(*n),
            Some(Limit::Unlimited(_)) => None,
            None => Some(0),
        };
        let fits = |v: Option<u32>| v.is_none_or(|n| used < n);
        let lim = value(plan);
        let allowed = fits(lim);
        let upgrade_to = if allowed {
            None
        } else {
            self.policy
                .plans
                .iter()
                .find(|p| fits(value(p)))
                .map(|p| p.id.clone())
        };
        let message = match (allowed, lim) {
            (true, None) => format!("plan `{}` has no limit on `{limit}`", plan.id),
            (true, Some(n)) => format!("{used} of {n} `{limit}` used on plan `{}`", plan.id),
            (false, n) => format!(
                "plan `{}` allows {} `{limit}`, {used} used{}",
                plan.id,
                n.unwrap_or(0),
                upgrade_to
                    .as_ref()
                    .map(|p| format!("; plan `{p}` allows more"))
                    .unwrap_or_default()
            ),
        };
        LimitCheck {
            allowed,
            code: if allowed {
                Reason::WithinLimit
            } else {
                Reason::LimitReached
            },
            message,
            limit: lim,
            used,
            remaining: lim.map(|n| n.saturating_sub(used)),
            params: ReasonParams {
                plan: Some(plan.id.clone()),
                limit: Some(limit.to_owned()),
                used: Some(used),
                max: lim,
                upgrade_to: upgrade_to.clone(),
                ..ReasonParams::default()
            },
            upgrade_to,
        }
    }
}
