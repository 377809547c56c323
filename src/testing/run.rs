//! Running policy tests: each case asked of the gate (on its plan), its
//! answer compared with the one expected.

use super::{Expect, PolicyTests, Question, TestCase};
use crate::Gate;
use serde::Serialize;

/// The results of a test file, case by case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TestReport {
    /// How many cases passed.
    pub passed: usize,
    /// How many failed.
    pub failed: usize,
    /// Every case, in file order.
    pub results: Vec<CaseResult>,
}

/// One case's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CaseResult {
    /// The case's name.
    pub name: String,
    /// The statement it cites, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<String>,
    /// Whether the answer was the one expected.
    pub passed: bool,
    /// What was expected, e.g. "deny (role_lacks_action)".
    pub expected: String,
    /// The engine's answer.
    pub actual: Outcome,
    /// Why it failed, in one line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
}

/// The engine's answer to a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Outcome {
    /// The decision.
    pub allowed: bool,
    /// The reason code.
    pub code: String,
    /// The explanation, for a person.
    pub message: String,
    /// What would help, when there is a hint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The cheapest plan that would allow it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upgrade_to: Option<String>,
}

impl TestReport {
    /// Whether every case passed.
    pub fn ok(&self) -> bool {
        self.failed == 0
    }
}

/// Runs every case of `tests` against `gate`: each on its plan (the case's,
/// else the file's, else the gate's), nothing changed in `gate`.
///
/// # Example
/// ```
/// let gate = teamgate::Gate::preset("team-inbox")?;
/// let tests = teamgate::testing::PolicyTests::from_json(r#"{ "cases": [
///   { "name": "agents never see billing", "role": "agent", "action": "billing.payment", "expect": "deny" },
///   { "name": "no team permissions on Basic", "plan": "basic", "role": "admin",
///     "action": "team.edit_permissions", "expect": "deny", "reason": "plan_lacks_feature" }
/// ] }"#)?;
/// let report = teamgate::testing::run(&gate, &tests);
/// assert!(report.ok(), "{report:?}");
/// # Ok::<(), teamgate::PolicyError>(())
/// ```
pub fn run(gate: &Gate, tests: &PolicyTests) -> TestReport {
    let mut plans: Vec<(String, Result<Gate, String>)> = Vec::new();
    let results: Vec<CaseResult> = tests
        .cases
        .iter()
        .map(|case| {
            let plan = case.plan.as_ref().or(tests.plan.as_ref());
            let on = match plan {
                Some(p) if gate.plan() != Some(p.as_str()) => {
                    if !plans.iter().any(|(id, _)| id == p) {
                        let g = gate.with_plan(p).map_err(|e| e.to_string());
                        plans.push((p.clone(), g));
                    }
                    plans
                        .iter()
                        .find(|(id, _)| id == p)
                        .map(|(_, g)| g.as_ref())
                }
                _ => None,
            };
            match on {
                None => judge(case, ask(gate, case)),
                Some(Ok(g)) => judge(case, ask(g, case)),
                Some(Err(e)) => CaseResult {
                    name: case.name.clone(),
                    seed: case.seed.clone(),
                    passed: false,
                    expected: expected(case),
                    actual: Outcome {
                        allowed: false,
                        code: "unknown_plan".into(),
                        message: e.clone(),
                        hint: None,
                        upgrade_to: None,
                    },
                    failure: Some(format!(
                        "the case names a plan the policy does not have: {e}"
                    )),
                },
            }
        })
        .collect();
    let passed = results.iter().filter(|r| r.passed).count();
    TestReport {
        passed,
        failed: results.len() - passed,
        results,
    }
}

/// The engine's answer to the case's question (unlogged answers are not
/// needed: a gate with a decision log records these as any others).
fn ask(gate: &Gate, case: &TestCase) -> Outcome {
    let scope = case.scope.as_deref();
    let e = match case.question() {
        Ok(Question::Role { role, action }) => match case.number.as_deref() {
            Some(n) => gate.explain_in(n, role, action, scope),
            None => gate.explain(role, action, scope),
        },
        Ok(Question::Member {
            member,
            number,
            action,
        }) => gate.explain_member(member, number, action, scope),
        Ok(Question::Edits { editor, target }) => gate.explain_edit_permissions(editor, target),
        Ok(Question::Assigns { editor, role }) => gate.explain_assign_role(editor, role),
        Ok(Question::Limit { limit, used }) => {
            let l = gate.check_limit(limit, used);
            return Outcome {
                allowed: l.allowed,
                code: l.code.as_str().to_owned(),
                message: l.message,
                hint: None,
                upgrade_to: l.upgrade_to,
            };
        }
        // `PolicyTests::from_json` refuses such cases; a file built in code may hold one.
        Err(msg) => {
            return Outcome {
                allowed: false,
                code: "invalid_case".into(),
                message: msg,
                hint: None,
                upgrade_to: None,
            }
        }
    };
    Outcome {
        allowed: e.allowed,
        code: e.code.as_str().to_owned(),
        message: e.message,
        hint: e.hint,
        upgrade_to: e.upgrade_to,
    }
}

fn expected(case: &TestCase) -> String {
    let word = match case.expect {
        Expect::Allow => "allow",
        Expect::Deny => "deny",
    };
    match &case.reason {
        Some(r) => format!("{word} ({r})"),
        None => word.to_owned(),
    }
}

fn judge(case: &TestCase, actual: Outcome) -> CaseResult {
    let want_allowed = case.expect == Expect::Allow;
    let got = if actual.allowed { "allow" } else { "deny" };
    let failure = if actual.code == "invalid_case" {
        Some(actual.message.clone())
    } else if actual.code.starts_with("unknown_") && case.reason.as_deref() != Some(&actual.code) {
        Some(format!(
            "the case names something the policy does not have: {}{}",
            actual.message,
            actual
                .hint
                .as_ref()
                .map(|h| format!(" ({h})"))
                .unwrap_or_default()
        ))
    } else if actual.allowed != want_allowed
        || case.reason.as_ref().is_some_and(|r| *r != actual.code)
    {
        Some(format!(
            "expected {}, got {got} ({}): {}",
            expected(case),
            actual.code,
            actual.message
        ))
    } else if case.upgrade_to.is_some() && case.upgrade_to != actual.upgrade_to {
        Some(format!(
            "expected the upgrade to be `{}`, got {}",
            case.upgrade_to.as_deref().unwrap_or_default(),
            actual
                .upgrade_to
                .as_ref()
                .map_or_else(|| "none".to_owned(), |p| format!("`{p}`"))
        ))
    } else {
        None
    };
    CaseResult {
        name: case.name.clone(),
        seed: case.seed.clone(),
        passed: failure.is_none(),
        expected: expected(case),
        actual,
        failure,
    }
}
