//! What a change to a policy does, before anyone saves it: [`Gate::effect_of`]
//! compares two gates decision by decision (every member, number, action
//! and scope; every role on its defaults and in every number) and says who
//! gains and who loses what, which plan features go off, and which limits
//! the result is over. Exact, by enumeration: policies are finite.

use crate::decision::LimitCheck;
use crate::gate::Gate;
use crate::CUSTOM_ROLES_LIMIT;
use serde::Serialize;

/// The effect of going from one policy to another ([`Gate::effect_of`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Effect {
    /// Each member's gains and losses, per number (S004.2), in the order of
    /// the members, numbers and actions of the new policy (then the old one's).
    pub members: Vec<AccessChange>,
    /// Each role's gains and losses: on the role defaults (`number` absent)
    /// and in each number, with its team permissions.
    pub roles: Vec<AccessChange>,
    /// Plan features the change switches off.
    pub features_off: Vec<String>,
    /// Plan features the change switches on.
    pub features_on: Vec<String>,
    /// The limits the new policy's plan is over and the old one's was not
    /// (`limit_reached` checks), for the usage given and the custom roles
    /// each policy has.
    pub over_limits: Vec<LimitCheck>,
}

impl Effect {
    /// Whether anyone (a member, or a role) gains anything.
    pub fn grants_access(&self) -> bool {
        self.members
            .iter()
            .chain(&self.roles)
            .any(|c| c.code == ChangeCode::Gains)
    }
    /// Whether nothing changes at all.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
            && self.roles.is_empty()
            && self.features_off.is_empty()
            && self.features_on.is_empty()
            && self.over_limits.is_empty()
    }
    /// One English line per change, members first: what a confirmation
    /// dialog or `teamgate diff` shows. A member joining or leaving a
    /// number is one line ("Ana (Owner) on Main number joins with 28
    /// actions"); [`Effect::members`] still lists each action.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = Vec::new();
        // A member's changes in one number are consecutive, and share their presence.
        for run in self
            .members
            .chunk_by(|a, b| a.member == b.member && a.number == b.number)
        {
            match run.first().and_then(|c| Some((c, c.presence?))) {
                Some((c, presence)) => {
                    let (verb, how) = match presence {
                        Presence::Joins => ("joins", "with"),
                        Presence::Leaves => ("leaves", "losing"),
                    };
                    let n = run.len();
                    lines.push(format!(
                        "{} {verb} {how} {n} action{}",
                        c.subject,
                        if n == 1 { "" } else { "s" }
                    ));
                }
                None => lines.extend(run.iter().map(|c| c.message.clone())),
            }
        }
        let features = self
            .features_off
            .iter()
            .map(|f| format!("plan feature `{f}` switches off"))
            .chain(
                self.features_on
                    .iter()
                    .map(|f| format!("plan feature `{f}` switches on")),
            );
        lines.extend(self.roles.iter().map(|c| c.message.clone()));
        lines.extend(features);
        lines.extend(self.over_limits.iter().map(|l| l.message.clone()));
        lines
    }
}

/// Whether a change gives or takes away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeCode {
    /// Allowed after, denied before.
    Gains,
    /// Allowed before, denied after.
    Loses,
}

/// One action a member or a role gains or loses (in a number, or on the
/// role defaults), with the scopes concerned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AccessChange {
    /// `gains` or `loses`.
    pub code: ChangeCode,
    /// The member, for a member's change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// The role: the member's role in the number after the change (before
    /// it, when they hold none after).
    pub role: String,
    /// The member's role before the change, when it differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_before: Option<String>,
    /// Whether the member joins or leaves the number with this change
    /// (absent: they hold a role there before and after).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presence: Option<Presence>,
    /// The number; absent for the role defaults.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The action.
    pub action: String,
    /// The scopes gained or lost; empty for a console action.
    pub scopes: Vec<String>,
    /// Who, in words: "Bea (Agent) on Main number", "Agent".
    pub subject: String,
    /// One English line, e.g. "Bea (Agent) on Main number loses “Delete
    /// chats” for others' chats".
    pub message: String,
    /// The named values `subject` and `message` are written from, for a
    /// message catalog (`teamgate/messages` writes them in English and German).
    pub params: ChangeParams,
}

/// The named values of an [`AccessChange`]'s line: ids, and the names the
/// policy gives them (absent where it gives none: a line shows the id).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ChangeParams {
    /// The member, for a member's change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// The member's `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_name: Option<String>,
    /// The role.
    pub role: String,
    /// The role's `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_name: Option<String>,
    /// The member's role before, when it differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_before: Option<String>,
    /// That role's `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_before_name: Option<String>,
    /// The number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The number's `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_name: Option<String>,
    /// The action.
    pub action: String,
    /// The action's `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_name: Option<String>,
    /// The scopes gained or lost (empty: a console action).
    pub scopes: Vec<String>,
    /// Whether `scopes` are every scope of the policy ("for all chats").
    pub every_scope: bool,
}

impl ChangeParams {
    /// "Bea (Agent) on Main number", "Agent": names, or ids in backticks.
    pub fn subject(&self) -> String {
        let shown =
            |name: &Option<String>, id: &str| name.clone().unwrap_or_else(|| format!("`{id}`"));
        let role = shown(&self.role_name, &self.role);
        let mut s = match &self.member {
            Some(m) => {
                let roles = match &self.role_before {
                    Some(was) => format!("{} → {role}", shown(&self.role_before_name, was)),
                    None => role,
                };
                format!("{} ({roles})", shown(&self.member_name, m))
            }
            None => role,
        };
        if let Some(n) = &self.number {
            s.push_str(" on ");
            s.push_str(&shown(&self.number_name, n));
        }
        s
    }

    /// "Bea (Agent) on Main number loses “Delete chats” for others' chats".
    pub fn sentence(&self, code: ChangeCode) -> String {
        self.sentence_after(self.subject(), code)
    }

    /// [`ChangeParams::sentence`] from its subject, already written.
    fn sentence_after(&self, subject: String, code: ChangeCode) -> String {
        let mut s = subject;
        s.push_str(match code {
            ChangeCode::Gains => " gains ",
            ChangeCode::Loses => " loses ",
        });
        match &self.action_name {
            Some(d) => s.push_str(&format!("“{d}”")),
            None => s.push_str(&format!("`{}`", self.action)),
        }
        if self.every_scope {
            s.push_str(" for all chats");
        } else if !self.scopes.is_empty() {
            let words: Vec<String> = self.scopes.iter().map(|x| scope_words(x)).collect();
            s.push_str(" for ");
            s.push_str(&words.join(" and "));
        }
        s
    }
}

/// A member joining or leaving a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// No role in the number before, one after.
    Joins,
    /// A role in the number before, none after.
    Leaves,
}

/// What a member or role holds of one action: bit *i* for the *i*-th scope
/// of both gates' scopes (a chat action), [`CONSOLE`] for a console action.
type Held = u64;
/// A held console action.
const CONSOLE: Held = 1 << 63;

/// One side of a comparison: a gate, with the scopes and actions of both
/// gates resolved in it once (`None` where it lacks one).
struct Side<'g, 'n> {
    gate: &'g Gate,
    scopes: Vec<(&'n str, Option<crate::ScopeSet>)>,
    actions: Vec<Option<(crate::ActionId, bool)>>,
}

impl<'g, 'n> Side<'g, 'n> {
    fn new(gate: &'g Gate, scopes: &[&'n str], actions: &[&str]) -> Side<'g, 'n> {
        Side {
            gate,
            scopes: scopes
                .iter()
                .map(|&s| (s, gate.scope_set(Some(s))))
                .collect(),
            actions: actions
                .iter()
                .map(|a| Some((gate.action_id(a)?, gate.is_scoped(a)?)))
                .collect(),
        }
    }

    /// The scopes (bits) of a chat action for which `can` holds, or
    /// [`CONSOLE`] for a console action `can` allows without a scope (`None`).
    fn held(&self, ai: usize, can: impl Fn(Option<(&str, crate::ScopeSet)>) -> bool) -> Held {
        match self.actions.get(ai) {
            Some(Some((_, true))) => self
                .scopes
                .iter()
                .enumerate()
                .take(63)
                .filter_map(|(i, &(id, set))| Some((i, id, set?)))
                .filter(|&(_, id, set)| can(Some((id, set))))
                .fold(0, |bits, (i, _, _)| bits | (1 << i)),
            Some(Some((_, false))) if can(None) => CONSOLE,
            _ => 0,
        }
    }

    /// What a role holds of the `ai`-th action on its defaults or in a
    /// number: `can`/`can_in`'s answers, unlogged.
    fn role_holds(
        &self,
        ctx: Option<crate::Context>,
        role: Option<crate::RoleId>,
        ai: usize,
    ) -> Held {
        let (Some(ctx), Some(r), Some(Some((a, _)))) = (ctx, role, self.actions.get(ai)) else {
            return 0;
        };
        self.held(ai, |scope| {
            let set = scope.map_or(crate::ScopeSet::NONE, |(_, set)| set);
            self.gate.can_ids(ctx, r, *a, set)
        })
    }

    /// What a member who holds a role in `number` holds of an action there
    /// (that role and their grants): `can_member`'s answers, unlogged.
    fn member_holds(&self, member: &str, number: &str, ai: usize, action: &str) -> Held {
        self.held(ai, |scope| {
            self.gate
                .explain_member_inner(member, number, action, scope.map(|(id, _)| id))
                .allowed
        })
    }
}

/// Who is compared: a member in a number, or a role in a context.
struct Subject<'a> {
    member: Option<&'a str>,
    role: &'a str,
    role_before: Option<&'a str>,
    presence: Option<Presence>,
    number: Option<&'a str>,
}

impl Gate {
    /// What changes from this policy to `after`'s: every member's and every
    /// role's gains and losses (exactly the questions whose answer differs,
    /// grouped by action), the plan features switched off or on, and the
    /// limits `after`'s plan would be over with `usage` in use (limit →
    /// count, as [`Gate::check_plan`] takes it; the custom roles are
    /// counted from the policy). Nothing is logged.
    ///
    /// # Example
    /// ```
    /// let before = teamgate::Gate::preset("team-inbox")?;
    /// let after = before.with_team_permission("admin", "main", "agent", "chats.delete", &["mine"])?;
    /// let effect = before.effect_of(&after, &[]);
    /// assert_eq!(effect.roles[0].message, "Agent on Main number loses “Delete chats” for unassigned chats and others' chats");
    /// assert!(!effect.grants_access());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn effect_of(&self, after: &Gate, usage: &[(&str, u32)]) -> Effect {
        let mut effect = Effect::default();
        let actions = union(after.actions(), self.actions());
        let numbers = union(after.numbers(), self.numbers());
        let scopes = union(after.scopes(), self.scopes());
        let (was, now) = (
            Side::new(self, &scopes, &actions),
            Side::new(after, &scopes, &actions),
        );
        let members = union(
            after.policy.members.iter().map(|m| m.id.as_str()),
            self.policy.members.iter().map(|m| m.id.as_str()),
        );
        for &member in &members {
            for &number in &numbers {
                let (role_was, role_now) = (
                    self.member_role(member, number),
                    after.member_role(member, number),
                );
                let Some(role) = role_now.or(role_was) else {
                    continue;
                };
                let who = Subject {
                    member: Some(member),
                    role,
                    role_before: role_was.filter(|&w| role_now.is_some_and(|n| n != w)),
                    presence: match (role_was, role_now) {
                        (None, Some(_)) => Some(Presence::Joins),
                        (Some(_), None) => Some(Presence::Leaves),
                        _ => None,
                    },
                    number: Some(number),
                };
                for (ai, &action) in actions.iter().enumerate() {
                    let holds = |side: &Side<'_, '_>, role: Option<&str>| {
                        role.map_or(0, |_| side.member_holds(member, number, ai, action))
                    };
                    let (before, held) = (holds(&was, role_was), holds(&now, role_now));
                    after.compare(
                        self,
                        &who,
                        action,
                        &scopes,
                        before,
                        held,
                        &mut effect.members,
                    );
                }
            }
        }
        let roles = union(after.roles(), self.roles());
        for &role in &roles {
            let (r_was, r_now) = (self.role_id(role), after.role_id(role));
            for number in std::iter::once(None).chain(numbers.iter().map(|&n| Some(n))) {
                let who = Subject {
                    member: None,
                    role,
                    role_before: None,
                    presence: None,
                    number,
                };
                let (c_was, c_now) = (self.context(number), after.context(number));
                for (ai, &action) in actions.iter().enumerate() {
                    let before = was.role_holds(c_was, r_was, ai);
                    let held = now.role_holds(c_now, r_now, ai);
                    after.compare(self, &who, action, &scopes, before, held, &mut effect.roles);
                }
            }
        }
        let (old, new) = (self.plan_features(), after.plan_features());
        effect.features_off = old.iter().filter(|f| !new.contains(f)).cloned().collect();
        effect.features_on = new.iter().filter(|f| !old.contains(f)).cloned().collect();
        let was_over = self.over_limits(usage);
        effect.over_limits = after
            .over_limits(usage)
            .into_iter()
            .filter(|l| !was_over.contains(l))
            .collect();
        effect
    }

    /// The limits the current plan is over, with `usage` and the policy's
    /// own custom roles in use.
    fn over_limits(&self, usage: &[(&str, u32)]) -> Vec<LimitCheck> {
        let Some(plan) = self.plan() else {
            return Vec::new();
        };
        let custom = self.policy.roles.iter().filter(|r| !r.builtin).count();
        let mut usage: Vec<(&str, u32)> = usage
            .iter()
            .copied()
            .filter(|(l, _)| *l != CUSTOM_ROLES_LIMIT)
            .collect();
        usage.push((
            CUSTOM_ROLES_LIMIT,
            u32::try_from(custom).unwrap_or(u32::MAX),
        ));
        self.check_plan(plan, &usage)
            .map(|c| c.over)
            .unwrap_or_default()
    }

    /// The features the current plan switches on (every declared feature
    /// when the policy has no plans: nothing is switched off).
    fn plan_features(&self) -> Vec<String> {
        match self.tables.plan.and_then(|p| self.policy.plans.get(p)) {
            Some(p) => p.features.clone(),
            None => self.policy.features.clone(),
        }
    }

    /// Pushes the gains and the losses of one action (`self` is the gate
    /// after the change, `before` the one before: names come from either).
    #[allow(clippy::too_many_arguments)]
    fn compare(
        &self,
        before: &Gate,
        who: &Subject<'_>,
        action: &str,
        scope_ids: &[&str],
        was: Held,
        now: Held,
        out: &mut Vec<AccessChange>,
    ) {
        for (code, bits) in [
            (ChangeCode::Gains, now & !was),
            (ChangeCode::Loses, was & !now),
        ] {
            if bits == 0 {
                continue;
            }
            let scopes: Vec<String> = scope_ids
                .iter()
                .enumerate()
                .filter(|&(i, _)| bits & (1 << i) != 0)
                .map(|(_, s)| (*s).to_owned())
                .collect();
            let params = self.params(before, who, action, scopes.clone());
            let subject = params.subject();
            let message = params.sentence_after(subject.clone(), code);
            out.push(AccessChange {
                code,
                member: who.member.map(str::to_owned),
                role: who.role.to_owned(),
                role_before: who.role_before.map(str::to_owned),
                presence: who.presence,
                number: who.number.map(str::to_owned),
                action: action.to_owned(),
                params,
                scopes,
                subject,
                message,
            });
        }
    }

    /// The params of a change's line: ids, and the names the policies give
    /// them (after the change, else before).
    fn params(
        &self,
        before: &Gate,
        who: &Subject<'_>,
        action: &str,
        scopes: Vec<String>,
    ) -> ChangeParams {
        let either = |f: &dyn Fn(&Gate) -> Option<String>| f(self).or_else(|| f(before));
        let role_name =
            |id: &str| either(&|g: &Gate| g.policy.roles.iter().find(|r| r.id == id)?.name.clone());
        let every = self.scopes().count().max(before.scopes().count());
        ChangeParams {
            member: who.member.map(str::to_owned),
            member_name: who.member.and_then(|m| {
                either(&|g: &Gate| g.policy.members.iter().find(|x| x.id == m)?.name.clone())
            }),
            role: who.role.to_owned(),
            role_name: role_name(who.role),
            role_before: who.role_before.map(str::to_owned),
            role_before_name: who.role_before.and_then(role_name),
            number: who.number.map(str::to_owned),
            number_name: who.number.and_then(|n| {
                either(&|g: &Gate| g.policy.numbers.iter().find(|x| x.id == n)?.name.clone())
            }),
            action: action.to_owned(),
            action_name: either(&|g: &Gate| {
                g.policy
                    .actions
                    .iter()
                    .find(|a| a.id == action)?
                    .description
                    .clone()
            }),
            every_scope: !scopes.is_empty() && scopes.len() >= every,
            scopes,
        }
    }
}

/// How a scope reads in a sentence ("others' chats").
fn scope_words(scope: &str) -> String {
    match scope {
        "pending" => "unassigned chats".into(),
        "mine" => "their own chats".into(),
        "others" => "others' chats".into(),
        other => format!("`{other}` chats"),
    }
}

/// The ids of `first`, then those of `second` not in `first`.
fn union<'a>(
    first: impl Iterator<Item = &'a str>,
    second: impl Iterator<Item = &'a str>,
) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = first.collect();
    let mut seen: std::collections::HashSet<&'a str> = out.iter().copied().collect();
    out.extend(second.filter(|id| seen.insert(id)));
    out
}
