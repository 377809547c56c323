//! Writing a [`Policy`] and the engine's answers as [`Json`] trees.

use crate::error::{PolicyError, Problem};
use crate::json::Json;
use crate::model::{Limit, Map, Policy};

fn s(v: &str) -> Json {
    Json::String(v.to_owned())
}

fn strs(v: &[String]) -> Json {
    Json::Array(v.iter().map(|x| s(x)).collect())
}

fn obj(entries: Vec<(&str, Option<Json>)>) -> Json {
    Json::Object(
        entries
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
            .collect(),
    )
}

fn nonempty(v: &[String]) -> Option<Json> {
    (!v.is_empty()).then(|| strs(v))
}

fn flag(b: bool) -> Option<Json> {
    b.then_some(Json::Bool(true))
}

fn map<V>(m: &Map<V>, f: impl Fn(&V) -> Json) -> Json {
    Json::Object(m.iter().map(|(k, v)| (k.clone(), f(v))).collect())
}

/// Writes a policy document as a JSON tree (what `from_json` reads back).
pub(crate) fn policy_to_json(p: &Policy) -> Json {
    obj(vec![
        ("version", Some(Json::Number(f64::from(p.version)))),
        ("id", Some(s(&p.id))),
        ("description", p.description.as_deref().map(s)),
        ("scopes", Some(strs(&p.scopes))),
        ("features", Some(strs(&p.features))),
        (
            "actions",
            Some(Json::Array(
                p.actions
                    .iter()
                    .map(|a| {
                        obj(vec![
                            ("id", Some(s(&a.id))),
                            ("scoped", flag(a.scoped)),
                            ("feature", a.feature.as_deref().map(s)),
                            ("description", a.description.as_deref().map(s)),
                        ])
                    })
                    .collect(),
            )),
        ),
        (
            "roles",
            Some(Json::Array(
                p.roles
                    .iter()
                    .map(|r| {
                        obj(vec![
                            ("id", Some(s(&r.id))),
                            ("name", r.name.as_deref().map(s)),
                            ("rank", Some(Json::Number(f64::from(r.rank)))),
                            ("builtin", flag(r.builtin)),
                            ("owner", flag(r.owner)),
                            ("inherits", r.inherits.as_deref().map(s)),
                            ("grants", nonempty(&r.grants)),
                            ("except", nonempty(&r.except)),
                        ])
                    })
                    .collect(),
            )),
        ),
        (
            "plans",
            (!p.plans.is_empty()).then(|| {
                Json::Array(
                    p.plans
                        .iter()
                        .map(|pl| {
                            obj(vec![
                                ("id", Some(s(&pl.id))),
                                ("name", pl.name.as_deref().map(s)),
                                ("features", Some(strs(&pl.features))),
                                (
                                    "limits",
                                    Some(map(&pl.limits, |l| match l {
                                        Limit::Count(n) => Json::Number(f64::from(*n)),
                                        Limit::Unlimited(_) => s("unlimited"),
                                    })),
                                ),
                            ])
                        })
                        .collect(),
                )
            }),
        ),
        ("plan", p.plan.as_deref().map(s)),
        (
            "management",
            Some(obj(vec![
                (
                    "edit_permissions",
                    p.management.edit_permissions.as_deref().map(s),
                ),
                ("manage_roles", p.management.manage_roles.as_deref().map(s)),
                ("assign_roles", nonempty(&p.management.assign_roles)),
                ("keep_one_of", nonempty(&p.management.keep_one_of)),
            ])),
        ),
        (
            "numbers",
            (!p.numbers.is_empty()).then(|| {
                Json::Array(
                    p.numbers
                        .iter()
                        .map(|n| {
                            obj(vec![
                                ("id", Some(s(&n.id))),
                                ("name", n.name.as_deref().map(s)),
                                (
                                    "team_permissions",
                                    (!n.team_permissions.is_empty()).then(|| {
                                        map(&n.team_permissions, |perms| map(perms, |v| strs(v)))
                                    }),
                                ),
                            ])
                        })
                        .collect(),
                )
            }),
        ),
        (
            "members",
            (!p.members.is_empty()).then(|| {
                Json::Array(
                    p.members
                        .iter()
                        .map(|m| {
                            obj(vec![
                                ("id", Some(s(&m.id))),
                                ("name", m.name.as_deref().map(s)),
                                ("roles", Some(map(&m.roles, |r| s(r)))),
                                ("grants", nonempty(&m.grants)),
                            ])
                        })
                        .collect(),
                )
            }),
        ),
    ])
}

impl Policy {
    /// The document as a JSON tree.
    pub fn to_json_value(&self) -> Json {
        policy_to_json(self)
    }
}

fn opt(v: Option<&str>) -> Option<Json> {
    v.map(s)
}

fn num(n: u32) -> Json {
    Json::Number(f64::from(n))
}

impl crate::Explanation {
    /// `{ allowed, code, message, hint?, feature?, upgradeTo? }`
    pub fn to_json_value(&self) -> Json {
        obj(vec![
            ("allowed", Some(Json::Bool(self.allowed))),
            ("code", Some(s(self.code.as_str()))),
            ("message", Some(s(&self.message))),
            ("hint", opt(self.hint.as_deref())),
            ("feature", opt(self.feature.as_deref())),
            ("upgradeTo", opt(self.upgrade_to.as_deref())),
        ])
    }
}

impl crate::LimitCheck {
    /// `{ allowed, code, message, limit, used, remaining, upgradeTo? }` (`null` limit: unlimited)
    pub fn to_json_value(&self) -> Json {
        obj(vec![
            ("allowed", Some(Json::Bool(self.allowed))),
            ("code", Some(s(self.code.as_str()))),
            ("message", Some(s(&self.message))),
            ("limit", Some(self.limit.map_or(Json::Null, num))),
            ("used", Some(num(self.used))),
            ("remaining", Some(self.remaining.map_or(Json::Null, num))),
            ("upgradeTo", opt(self.upgrade_to.as_deref())),
        ])
    }
}

impl crate::Capabilities {
    /// `{ role, number, actions: [{ action, scoped, allowed, scopes, granted, total }] }`
    pub fn to_json_value(&self) -> Json {
        let actions = self
            .actions
            .iter()
            .map(|a| {
                obj(vec![
                    ("action", Some(s(&a.action))),
                    ("scoped", Some(Json::Bool(a.scoped))),
                    ("allowed", Some(Json::Bool(a.allowed))),
                    ("scopes", Some(strs(&a.scopes))),
                    ("granted", Some(num(a.granted))),
                    ("total", Some(num(a.total))),
                ])
            })
            .collect();
        obj(vec![
            ("role", Some(s(&self.role))),
            ("number", Some(self.number.as_deref().map_or(Json::Null, s))),
            ("actions", Some(Json::Array(actions))),
        ])
    }
}

impl crate::TeamWarning {
    /// `{ code, number, message }`
    pub fn to_json_value(&self) -> Json {
        obj(vec![
            ("code", Some(s(self.code))),
            ("number", Some(s(&self.number))),
            ("message", Some(s(&self.message))),
        ])
    }
}

impl Problem {
    /// `{ code, path, message, hint? }`
    pub fn to_json_value(&self) -> Json {
        obj(vec![
            ("code", Some(s(self.code().as_str()))),
            ("path", Some(s(self.path()))),
            ("message", Some(s(self.message()))),
            ("hint", opt(self.help())),
        ])
    }
}

impl PolicyError {
    /// `{ kind: "PolicyError", problems: [...] }`
    pub fn to_json_value(&self) -> Json {
        obj(vec![
            ("kind", Some(s("PolicyError"))),
            (
                "problems",
                Some(Json::Array(
                    self.problems().iter().map(Problem::to_json_value).collect(),
                )),
            ),
        ])
    }
}

#[cfg(feature = "full")]
impl crate::EditError {
    /// `{ kind: "EditError", code, message, hint?, feature?, upgradeTo?, problems }`
    pub fn to_json_value(&self) -> Json {
        let d = self.denial();
        obj(vec![
            ("kind", Some(s("EditError"))),
            ("code", Some(s(self.code()))),
            (
                "message",
                Some(s(&d.map_or_else(|| self.to_string(), |d| d.message.clone()))),
            ),
            ("hint", opt(d.and_then(|d| d.hint.as_deref()))),
            ("feature", opt(d.and_then(|d| d.feature.as_deref()))),
            ("upgradeTo", opt(d.and_then(|d| d.upgrade_to.as_deref()))),
            (
                "problems",
                Some(Json::Array(
                    self.policy_error().map_or_else(Vec::new, |p| {
                        p.problems().iter().map(Problem::to_json_value).collect()
                    }),
                )),
            ),
        ])
    }
}
