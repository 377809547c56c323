//! The catalog stages: the declared scopes, the plans and features, and
//! the actions (with whether the current plan allows each).

use super::*;

/// An action as the stages see it: whether it takes scopes and whether the
/// current plan allows it.
#[derive(Debug, Clone)]
pub(super) struct ActionInfo {
    pub(super) id: String,
    pub(super) scoped: bool,
    pub(super) plan_allows: bool,
}

impl ActionInfo {
    /// Holding the action entirely: every one of `scopes` declared scopes
    /// of a chat action, or the console action itself.
    pub(super) fn whole(&self, scopes: usize) -> Holding {
        Holding::whole(self.scoped, scopes)
    }
}

/// The declared chat scopes (at most [`MAX_SCOPES`]).
pub(super) struct Scopes {
    pub(super) ids: Vec<String>,
}

pub(super) fn scopes(problems: &mut Problems, policy: &Policy) -> Scopes {
    if policy.scopes.len() > MAX_SCOPES {
        problems.push(
            Problem::new(
                ErrorCode::TooManyScopes,
                "$.scopes",
                format!(
                    "{} scopes declared, at most {MAX_SCOPES} are supported",
                    policy.scopes.len()
                ),
            )
            .hint("chat scopes are few (pending, mine, others); use actions for the rest"),
        );
    }
    problems.index(
        "scope",
        policy.scopes.iter().map(String::as_str),
        "$.scopes",
        is_id,
        SNAKE,
    );
    for (i, s) in policy.scopes.iter().enumerate() {
        if s == ALL_SCOPES {
            problems.push(
                Problem::new(
                    ErrorCode::ReservedScope,
                    format!("$.scopes[{i}]"),
                    "scope `all` is reserved",
                )
                .hint("`all` always means every declared scope at once; remove it from `scopes`"),
            );
        }
    }
    let ids: Vec<String> = policy.scopes.iter().take(MAX_SCOPES).cloned().collect();
    Scopes { ids }
}

/// The features, and the current plan (an index into `policy.plans`).
pub(super) struct Plans<'a> {
    pub(super) feature_index: HashMap<String, usize>,
    pub(super) feature_ids: Vec<&'a str>,
    pub(super) current: Option<usize>,
}

pub(super) fn plans<'a>(problems: &mut Problems, policy: &'a Policy) -> Plans<'a> {
    let feature_index = problems.index(
        "feature",
        policy.features.iter().map(String::as_str),
        "$.features",
        is_id,
        SNAKE,
    );
    let feature_ids: Vec<&str> = policy.features.iter().map(String::as_str).collect();
    let plan_index = problems.index(
        "plan",
        policy.plans.iter().map(|p| p.id.as_str()),
        "$.plans",
        is_id,
        SNAKE,
    );
    let plan_ids: Vec<&str> = policy.plans.iter().map(|p| p.id.as_str()).collect();
    for (pi, plan) in policy.plans.iter().enumerate() {
        for (fi, f) in plan.features.iter().enumerate() {
            if !feature_index.contains_key(f) {
                problems.push(unknown(
                    ErrorCode::UnknownFeature,
                    "feature",
                    f,
                    format!("$.plans[{pi}].features[{fi}]"),
                    feature_ids.clone(),
                ));
            }
        }
    }
    let current = match &policy.plan {
        Some(p) => match plan_index.get(p) {
            Some(&i) => Some(i),
            None => {
                problems.push(unknown(
                    ErrorCode::UnknownPlan,
                    "plan",
                    p,
                    "$.plan".into(),
                    plan_ids,
                ));
                None
            }
        },
        None => {
            if !policy.plans.is_empty() {
                problems.push(
                    Problem::new(
                        ErrorCode::MissingPlan,
                        "$.plan",
                        "the account's current `plan` is missing",
                    )
                    .maybe_hint(plan_ids.first().map(|p| format!("add `\"plan\": \"{p}\"`"))),
                );
            }
            None
        }
    };
    Plans {
        feature_index,
        feature_ids,
        current,
    }
}

/// The action catalog: each action with its feature and whether the plan allows it.
pub(super) struct Catalog<'a> {
    pub(super) actions: Vec<ActionInfo>,
    pub(super) index: HashMap<String, usize>,
    pub(super) ids: Vec<&'a str>,
}

pub(super) fn actions<'a>(
    problems: &mut Problems,
    policy: &'a Policy,
    plans: &Plans<'_>,
) -> Catalog<'a> {
    let index = problems.index(
        "action",
        policy.actions.iter().map(|a| a.id.as_str()),
        "$.actions",
        is_action_id,
        "`section.verb`, both parts lowercase snake_case",
    );
    let mut actions = Vec::with_capacity(policy.actions.len());
    for (i, a) in policy.actions.iter().enumerate() {
        let feature = match &a.feature {
            Some(f) => match plans.feature_index.get(f) {
                Some(&fi) => Some(fi),
                None => {
                    problems.push(unknown(
                        ErrorCode::UnknownFeature,
                        "feature",
                        f,
                        format!("$.actions[{i}].feature"),
                        plans.feature_ids.clone(),
                    ));
                    None
                }
            },
            None => None,
        };
        actions.push(ActionInfo {
            id: a.id.clone(),
            scoped: a.scoped,
            plan_allows: plan_allows(policy, plans.current, feature),
        });
    }
    Catalog {
        actions,
        index,
        ids: policy.actions.iter().map(|a| a.id.as_str()).collect(),
    }
}
