//! Decisions with their reasons: [`Gate::explain`] and its kin. Every deny
//! has a reason code, a message, its named params and often a hint.

use crate::decision::{Explanation, Reason};
use crate::gate::Gate;
use teamgate_format::show;

impl Gate {
    /// [`Gate::can`] with its reason. Every deny has one.
    pub fn explain(&self, role: &str, action: &str, scope: Option<&str>) -> Explanation {
        let e = self.explain_at(None, role, action, scope);
        self.record(None, Some(role), action, scope, None, e.allowed);
        e
    }

    /// [`Gate::can_in`] with its reason.
    pub fn explain_in(
        &self,
        number: &str,
        role: &str,
        action: &str,
        scope: Option<&str>,
    ) -> Explanation {
        let e = self.explain_at(Some(number), role, action, scope);
        self.record(None, Some(role), action, scope, Some(number), e.allowed);
        e
    }

    /// [`Gate::can_member`] with its reason.
    pub fn explain_member(
        &self,
        member: &str,
        number: &str,
        action: &str,
        scope: Option<&str>,
    ) -> Explanation {
        let e = self.explain_member_inner(member, number, action, scope);
        let role = self.member_role(member, number);
        self.record(Some(member), role, action, scope, Some(number), e.allowed);
        e
    }

    /// The role a member holds in a number.
    pub fn member_role(&self, member: &str, number: &str) -> Option<&str> {
        let m = self
            .tables
            .members
            .get(*self.tables.member_index.get(member)?)?;
        let n = *self.tables.number_index.get(number)?;
        let r = (*m.roles.get(n)?)?;
        self.tables.roles.get(r).map(|r| r.id.as_str())
    }

    pub(crate) fn explain_member_inner(
        &self,
        member: &str,
        number: &str,
        action: &str,
        scope: Option<&str>,
    ) -> Explanation {
        let Some(m) = self
            .tables
            .member_index
            .get(member)
            .and_then(|&i| self.tables.members.get(i))
        else {
            return self
                .unknown(
                    Reason::UnknownMember,
                    member,
                    self.policy.members.iter().map(|m| m.id.as_str()),
                )
                .written();
        };
        let Some(&ni) = self.tables.number_index.get(number) else {
            return self
                .unknown(Reason::UnknownNumber, number, self.numbers())
                .written();
        };
        let Some((ri, role)) = m
            .roles
            .get(ni)
            .copied()
            .flatten()
            .and_then(|r| Some((r, self.tables.roles.get(r)?)))
        else {
            return Explanation::of(Reason::NotInNumber)
                .with(|p| {
                    p.member = Some(show(member));
                    p.number = Some(show(number));
                    p.action = Some(show(action));
                    p.scope = scope.map(show);
                })
                .written();
        };
        let mut e = self.explain_at(Some(number), &role.id, action, scope);
        e.params.member = Some(show(member));
        let by_member = matches!(
            e.code,
            Reason::RoleLacksAction | Reason::ScopeNotGranted | Reason::RestrictedInNumber
        );
        if by_member {
            let ai = self
                .tables
                .action_index
                .get(action)
                .copied()
                .unwrap_or(usize::MAX);
            let want = self.tables.scope_mask(scope).unwrap_or(0);
            // The member's grants on top of what the role keeps here: `all`
            // holds when every scope does, from either (D2).
            let extra =
                m.grants.get(ai).copied().unwrap_or(0) | self.tables.decided(ni + 1, ri, ai);
            let scoped = self.tables.actions.get(ai).is_some_and(|a| a.scoped);
            let covered = if scoped {
                want != 0 && extra & want == want
            } else {
                extra != 0
            };
            if covered {
                return Explanation {
                    params: e.params,
                    ..Explanation::of(Reason::GrantedToMember)
                }
                .written();
            }
        }
        e
    }

    /// An `unknown_*` denial with its id and "did you mean"; its caller
    /// writes it once its params are in.
    pub(crate) fn unknown<'a>(
        &self,
        code: Reason,
        id: &str,
        known: impl IntoIterator<Item = &'a str>,
    ) -> Explanation {
        let suggestion = self.suggestion_for(id, known);
        Explanation::of(code).with(|p| {
            p.id = Some(show(id));
            p.suggestion = suggestion.map(str::to_owned);
        })
    }

    /// The cheapest plan (first in `plans`) that has `feature`.
    fn cheapest_with(&self, feature: usize) -> Option<String> {
        let f = self.tables.features.get(feature)?;
        self.policy
            .plans
            .iter()
            .find(|p| p.features.contains(f))
            .map(|p| p.id.clone())
    }

    pub(crate) fn plan_denial(&self, action: usize) -> Option<Explanation> {
        let a = self.tables.actions.get(action)?;
        if a.plan_allows {
            return None;
        }
        let feature = a.feature.and_then(|f| self.tables.features.get(f)).cloned();
        let upgrade_to = a.feature.and_then(|f| self.cheapest_with(f));
        let plan = self.plan().unwrap_or("none");
        let mut e = Explanation::of(Reason::PlanLacksFeature);
        e.params.action = Some(a.id.clone());
        e.params.feature.clone_from(&feature);
        e.params.plan = Some(plan.to_owned());
        e.params.upgrade_to.clone_from(&upgrade_to);
        e.feature = feature;
        e.upgrade_to = upgrade_to;
        Some(e)
    }

    /// The explanation of a decision on strings, with the inputs among its
    /// named values.
    pub(crate) fn explain_at(
        &self,
        number: Option<&str>,
        role: &str,
        action: &str,
        scope: Option<&str>,
    ) -> Explanation {
        let mut e = self.decide_at(number, role, action, scope);
        let p = &mut e.params;
        p.role.get_or_insert_with(|| show(role));
        p.action.get_or_insert_with(|| show(action));
        if p.scope.is_none() {
            p.scope = scope.map(show);
        }
        if p.number.is_none() {
            p.number = number.map(show);
        }
        e.written()
    }

    fn decide_at(
        &self,
        number: Option<&str>,
        role: &str,
        action: &str,
        scope: Option<&str>,
    ) -> Explanation {
        let c = &self.tables;
        let Some(ctx) = self.context(number) else {
            return self.unknown(Reason::UnknownNumber, number.unwrap_or(""), self.numbers());
        };
        let Some(&ri) = c.role_index.get(role) else {
            return self.unknown(Reason::UnknownRole, role, self.roles());
        };
        let Some((ai, a)) = c
            .action_index
            .get(action)
            .and_then(|&i| Some((i, c.actions.get(i)?)))
        else {
            return self.unknown(Reason::UnknownAction, action, self.actions());
        };
        let want = match (a.scoped, scope) {
            (true, None) => {
                return Explanation::of(Reason::ScopeRequired)
                    .with(|p| p.scopes = Some(c.scope_ids().map(str::to_owned).collect()))
            }
            (false, Some(_)) => return Explanation::of(Reason::ScopeNotApplicable),
            (false, None) => 0,
            (true, Some(s)) => match c.scope_mask(Some(s)) {
                Some(m) => m,
                None => return self.unknown(Reason::UnknownScope, s, c.scope_ids()),
            },
        };
        if let Some(e) = self.plan_denial(ai) {
            return e;
        }
        let rinfo = c.roles.get(ri);
        if rinfo.is_some_and(|r| r.owner) {
            return Explanation::of(Reason::Owner);
        }
        let held = c.held(ri, ai);
        if held == 0 {
            return Explanation::of(Reason::RoleLacksAction);
        }
        if a.scoped && held & want != want {
            let names = c.scope_names(held);
            return Explanation::of(Reason::ScopeNotGranted).with(|p| p.scopes = Some(names));
        }
        let decided = c.decided(ctx.0 as usize, ri, ai);
        let ok = if a.scoped {
            decided & want == want
        } else {
            decided != 0
        };
        if !ok {
            let kept = c.scope_names(decided);
            return Explanation::of(Reason::RestrictedInNumber).with(|p| p.scopes = Some(kept));
        }
        Explanation::of(Reason::GrantedByRole)
    }
}

pub(crate) fn list_or(items: &[String]) -> String {
    quoted(items.iter().map(String::as_str), " or ")
}

/// Each item in backticks, `sep` between them (pushed one by one: no
/// intermediate strings, and no `join`, which costs the browser's wasm 1 KB).
pub(crate) fn quoted<'a>(items: impl Iterator<Item = &'a str>, sep: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push('`');
        out.push_str(item);
        out.push('`');
    }
    out
}
