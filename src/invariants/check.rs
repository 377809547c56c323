//! Checking invariants by enumeration: every plan, number, role or member,
//! action and scope a rule selects, in that order, so the counterexample
//! reported is the first of that order.

use super::{Invariant, Invariants, Selection};
use crate::Gate;
use serde::Serialize;

/// A rule's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct InvariantResult {
    /// The rule's name.
    pub name: String,
    /// Whether it holds in every case.
    pub holds: bool,
    /// How many cases (questions) were checked.
    pub cases: u64,
    /// How many of them break the rule.
    pub violations: u64,
    /// The first case that breaks it (plans, numbers, roles or members,
    /// actions, scopes in the policy's order).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counterexample: Option<Counterexample>,
    /// One line: "holds in all 1,296 cases", or the counterexample.
    pub message: String,
}

/// One case that breaks a rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Counterexample {
    /// The plan it was decided on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// The number (absent: the role defaults).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The role asking (or the role a `no_escalation` editor may edit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The member asking.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// For `no_escalation`: the role that may edit or assign `role`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub editor: Option<String>,
    /// The action.
    pub action: String,
    /// The scope (chat actions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The engine's reason code for the decision that breaks the rule.
    pub code: String,
    /// The engine's explanation of it.
    pub explanation: String,
}

/// Checks every rule against `gate`, on every plan the rule selects (each
/// plan as [`Gate::with_plan`] makes it). A rule naming a role, member,
/// action, scope, number or plan the policy lacks does not hold (nothing
/// is proved about a misspelt id).
///
/// # Example
/// ```
/// let gate = teamgate::Gate::preset("team-inbox")?;
/// let rules = teamgate::invariants::Invariants::from_json(r#"{ "invariants": [
///   { "name": "agents never see billing", "never": { "roles": ["agent"], "actions": ["billing.*"] } }
/// ] }"#)?;
/// let results = teamgate::invariants::verify(&gate, &rules);
/// assert!(results[0].holds);
/// assert_eq!(results[0].message, "holds in all 12 cases");
/// # Ok::<(), teamgate::PolicyError>(())
/// ```
pub fn verify(gate: &Gate, invariants: &Invariants) -> Vec<InvariantResult> {
    let mut plans = Plans {
        base: gate,
        made: Vec::new(),
    };
    invariants
        .invariants
        .iter()
        .map(|rule| check(&mut plans, rule))
        .collect()
}

/// The gate on each plan, made once per [`verify`].
struct Plans<'g> {
    base: &'g Gate,
    made: Vec<(String, Gate)>,
}

impl Plans<'_> {
    /// The plans selected (every plan of the policy by default; none when
    /// it has no plans: the gate as it is), or the first unknown one.
    fn ids(&self, selected: Option<&Vec<String>>) -> Result<Vec<Option<String>>, String> {
        let known: Vec<&str> = self
            .base
            .policy()
            .plans
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        match selected {
            None if known.is_empty() => Ok(vec![None]),
            None => Ok(known.iter().map(|p| Some((*p).to_owned())).collect()),
            Some(list) => list
                .iter()
                .map(|p| {
                    if known.contains(&p.as_str()) {
                        Ok(Some(p.clone()))
                    } else {
                        Err(unknown("plan", p, &known))
                    }
                })
                .collect(),
        }
    }
    fn on(&mut self, plan: Option<&str>) -> Result<&Gate, String> {
        let Some(plan) = plan.filter(|&p| self.base.plan() != Some(p)) else {
            return Ok(self.base);
        };
        if !self.made.iter().any(|(p, _)| p == plan) {
            let g = self.base.with_plan(plan).map_err(|e| e.to_string())?;
            self.made.push((plan.to_owned(), g));
        }
        self.made
            .iter()
            .find(|(p, _)| p == plan)
            .map(|(_, g)| g)
            .ok_or_else(|| format!("unknown plan `{plan}`"))
    }
}

/// "unknown role `agnet` (did you mean `agent`?)".
fn unknown(what: &str, id: &str, known: &[&str]) -> String {
    let hint = teamgate_format::did_you_mean(id, known.iter().copied())
        .map(|h| format!(" ({h})"))
        .unwrap_or_default();
    format!("unknown {what} `{}`{hint}", teamgate_format::show(id))
}

/// Who a case asks about.
#[derive(Clone, Copy)]
enum Who<'a> {
    Role(&'a str),
    Member(&'a str),
}

/// Tallies cases, violations and the first counterexample.
#[derive(Default)]
struct Tally {
    cases: u64,
    violations: u64,
    first: Option<Counterexample>,
}

impl Tally {
    fn count(&mut self, broken: bool, example: impl FnOnce() -> Counterexample) {
        self.cases += 1;
        if broken {
            self.violations += 1;
            if self.first.is_none() {
                self.first = Some(example());
            }
        }
    }
}

fn check(plans: &mut Plans<'_>, rule: &Invariant) -> InvariantResult {
    let tally = if rule.no_escalation {
        escalation(plans, rule.plans.as_ref())
    } else {
        let (selection, never) = match (&rule.never, &rule.always) {
            (Some(s), _) => (s, true),
            (None, Some(s)) => (s, false),
            (None, None) => (&Selection::default(), true),
        };
        decisions(plans, selection, never, &rule.unless)
    };
    let (holds, message, counterexample, cases, violations) = match tally {
        Err(why) => (false, format!("cannot be checked: {why}"), None, 0, 0),
        Ok(t) => {
            let holds = t.violations == 0;
            let message = match &t.first {
                None if t.cases == 1 => "holds in its one case".to_owned(),
                None => format!("holds in all {} cases", thousands(t.cases)),
                Some(c) => format!(
                    "broken in {} of {} cases, first: {}",
                    thousands(t.violations),
                    thousands(t.cases),
                    describe(c)
                ),
            };
            (holds, message, t.first, t.cases, t.violations)
        }
    };
    InvariantResult {
        name: rule.name.clone(),
        holds,
        cases,
        violations,
        counterexample,
        message,
    }
}

/// "role `agent` in number `main` on plan `premium`: allowed `billing.payment` (granted_by_role)".
fn describe(c: &Counterexample) -> String {
    let mut s = match (&c.member, &c.editor) {
        (Some(m), _) => format!("member `{m}`"),
        (None, Some(e)) => format!(
            "role `{e}` may edit or assign role `{}`, which",
            c.role.as_deref().unwrap_or_default()
        ),
        (None, None) => format!("role `{}`", c.role.as_deref().unwrap_or_default()),
    };
    if let Some(n) = &c.number {
        s.push_str(&format!(" in number `{n}`"));
    }
    if let Some(p) = &c.plan {
        s.push_str(&format!(" on plan `{p}`"));
    }
    let what = match &c.scope {
        Some(sc) => format!("`{}` ({sc})", c.action),
        None => format!("`{}`", c.action),
    };
    if c.editor.is_some() {
        s.push_str(&format!(" holds {what}, which the editor lacks"));
    } else {
        s.push_str(&format!(
            ": {} {what} ({})",
            if c.code.starts_with("granted") || c.code == "owner" {
                "allowed"
            } else {
                "denied"
            },
            c.code
        ));
    }
    s
}

/// 1296 as "1,296".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The actions of `gate` matching `patterns` (`*`, `section.*`, ids).
fn actions<'g>(gate: &'g Gate, patterns: Option<&Vec<String>>) -> Result<Vec<&'g str>, String> {
    let all: Vec<&str> = gate.actions().collect();
    let Some(patterns) = patterns else {
        return Ok(all);
    };
    let mut out = Vec::new();
    for p in patterns {
        let matched: Vec<&str> = all
            .iter()
            .copied()
            .filter(|a| match p.strip_suffix('*') {
                Some("") => true,
                Some(prefix) if prefix.ends_with('.') => a.starts_with(prefix),
                _ => a == p,
            })
            .collect();
        if matched.is_empty() {
            return Err(unknown("action", p, &all));
        }
        for a in matched {
            if !out.contains(&a) {
                out.push(a);
            }
        }
    }
    Ok(out)
}

/// The ids of `list` that `known` has, or the first unknown one.
fn known_ids<'s>(
    what: &str,
    list: Option<&'s Vec<String>>,
    known: &[&'s str],
) -> Result<Option<Vec<&'s str>>, String> {
    let Some(list) = list else { return Ok(None) };
    list.iter()
        .map(|id| {
            if known.contains(&id.as_str()) {
                Ok(id.as_str())
            } else {
                Err(unknown(what, id, known))
            }
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// The roles a selection names: by id, and/or by rank relative to a role.
fn roles<'g>(gate: &'g Gate, sel: &Selection) -> Result<Vec<&'g str>, String> {
    let defs = &gate.policy().roles;
    let all: Vec<&str> = defs.iter().map(|r| r.id.as_str()).collect();
    let rank_of = |id: &str| {
        defs.iter()
            .find(|r| r.id == id)
            .map(|r| r.rank)
            .ok_or_else(|| unknown("role", id, &all))
    };
    if let Some(ids) = &sel.roles {
        for id in ids {
            rank_of(id)?;
        }
    }
    let below = sel.below.as_deref().map(rank_of).transpose()?;
    let at_least = sel.at_least.as_deref().map(rank_of).transpose()?;
    Ok(defs
        .iter()
        .filter(|r| sel.roles.as_ref().is_none_or(|ids| ids.contains(&r.id)))
        .filter(|r| below.is_none_or(|b| r.rank < b) && at_least.is_none_or(|a| r.rank >= a))
        .map(|r| r.id.as_str())
        .collect())
}

/// A `never` or `always` rule over its selection.
fn decisions(
    plans: &mut Plans<'_>,
    sel: &Selection,
    never: bool,
    unless: &[String],
) -> Result<Tally, String> {
    let mut tally = Tally::default();
    for plan in plans.ids(sel.plans.as_ref())? {
        let gate = plans.on(plan.as_deref())?;
        let numbers: Vec<&str> = gate.numbers().collect();
        let scopes: Vec<&str> = gate.scopes().collect();
        let with_all: Vec<&str> = scopes.iter().copied().chain(["all"]).collect();
        let chosen_numbers = known_ids("number", sel.numbers.as_ref(), &numbers)?;
        let chosen_scopes = known_ids("scope", sel.scopes.as_ref(), &with_all)?;
        let acts = actions(gate, sel.actions.as_ref())?;
        let who: Vec<Who<'_>> = match &sel.members {
            Some(m) if m.iter().any(|x| x == "*") => gate
                .policy()
                .members
                .iter()
                .map(|x| Who::Member(x.id.as_str()))
                .collect(),
            Some(m) => {
                let known: Vec<&str> = gate
                    .policy()
                    .members
                    .iter()
                    .map(|x| x.id.as_str())
                    .collect();
                known_ids("member", Some(m), &known)?
                    .unwrap_or_default()
                    .into_iter()
                    .map(Who::Member)
                    .collect()
            }
            None => roles(gate, sel)?.into_iter().map(Who::Role).collect(),
        };
        // Roles are asked on their defaults too, unless numbers are chosen;
        // members only ever in a number.
        let contexts: Vec<Option<&str>> = match (&chosen_numbers, sel.members.is_some()) {
            (Some(list), _) => list.iter().map(|n| Some(*n)).collect(),
            (None, true) => numbers.iter().map(|n| Some(*n)).collect(),
            (None, false) => std::iter::once(None)
                .chain(numbers.iter().map(|n| Some(*n)))
                .collect(),
        };
        for &number in &contexts {
            for &w in &who {
                if let (Who::Member(m), Some(n)) = (w, number) {
                    if gate.member_role(m, n).is_none() {
                        continue; // not in this number: nothing to ask
                    }
                }
                for &action in &acts {
                    let scoped = gate.is_scoped(action) == Some(true);
                    let asked: Vec<Option<&str>> = if scoped {
                        chosen_scopes
                            .clone()
                            .unwrap_or_else(|| scopes.clone())
                            .into_iter()
                            .map(Some)
                            .collect()
                    } else {
                        vec![None]
                    };
                    for scope in asked {
                        let explain = || match (w, number) {
                            (Who::Role(r), Some(n)) => gate.explain_in(n, r, action, scope),
                            (Who::Role(r), None) => gate.explain(r, action, scope),
                            (Who::Member(m), n) => {
                                gate.explain_member(m, n.unwrap_or_default(), action, scope)
                            }
                        };
                        let allowed = match (w, number) {
                            (Who::Role(r), Some(n)) => gate.can_in(n, r, action, scope),
                            (Who::Role(r), None) => gate.can(r, action, scope),
                            (Who::Member(m), n) => {
                                gate.can_member(m, n.unwrap_or_default(), action, scope)
                            }
                        };
                        let broken = if never {
                            allowed
                        } else {
                            !allowed && !unless.iter().any(|u| *u == explain().code.as_str())
                        };
                        tally.count(broken, || {
                            let e = explain();
                            Counterexample {
                                plan: plan.clone(),
                                number: number.map(str::to_owned),
                                role: match w {
                                    Who::Role(r) => Some(r.to_owned()),
                                    Who::Member(m) => number
                                        .and_then(|n| gate.member_role(m, n))
                                        .map(str::to_owned),
                                },
                                member: match w {
                                    Who::Member(m) => Some(m.to_owned()),
                                    Who::Role(_) => None,
                                },
                                editor: None,
                                action: action.to_owned(),
                                scope: scope.map(str::to_owned),
                                code: e.code.as_str().to_owned(),
                                explanation: e.message,
                            }
                        });
                    }
                }
            }
        }
    }
    Ok(tally)
}

/// D5 as a rule: whoever may edit or assign a role holds all it holds.
fn escalation(plans: &mut Plans<'_>, selected: Option<&Vec<String>>) -> Result<Tally, String> {
    let mut tally = Tally::default();
    for plan in plans.ids(selected)? {
        let gate = plans.on(plan.as_deref())?;
        let roles: Vec<&str> = gate.roles().collect();
        let contexts: Vec<Option<&str>> = std::iter::once(None)
            .chain(gate.numbers().map(Some))
            .collect();
        for &editor in &roles {
            for &target in &roles {
                if editor == target
                    || !(gate.can_edit_permissions(editor, target)
                        || gate.can_assign_role(editor, target))
                {
                    continue;
                }
                for &number in &contexts {
                    for action in gate.actions() {
                        let scopes: Vec<Option<&str>> = if gate.is_scoped(action) == Some(true) {
                            gate.scopes().map(Some).collect()
                        } else {
                            vec![None]
                        };
                        for scope in scopes {
                            let can = |r: &str| match number {
                                Some(n) => gate.can_in(n, r, action, scope),
                                None => gate.can(r, action, scope),
                            };
                            let broken = can(target) && !can(editor);
                            tally.count(broken, || {
                                let e = match number {
                                    Some(n) => gate.explain_in(n, editor, action, scope),
                                    None => gate.explain(editor, action, scope),
                                };
                                Counterexample {
                                    plan: plan.clone(),
                                    number: number.map(str::to_owned),
                                    role: Some(target.to_owned()),
                                    editor: Some(editor.to_owned()),
                                    action: action.to_owned(),
                                    scope: scope.map(str::to_owned),
                                    code: e.code.as_str().to_owned(),
                                    explanation: e.message,
                                    ..Counterexample::default()
                                }
                            });
                        }
                    }
                }
            }
        }
    }
    Ok(tally)
}
