//! Reading a [`Policy`] from a [`Json`] tree, collecting every structural
//! problem with its path (`teamgate/lite` reads snapshots instead, and
//! links none of this).

use crate::error::{did_you_mean, ErrorCode, PolicyError, Problem};
use crate::json::Json;
use crate::model::{
    ActionDef, Limit, Management, Map, MemberDef, NumberDef, PlanDef, Policy, RoleDef, Unlimited,
    FORMAT_VERSION,
};
use std::borrow::Cow;

/// The keys each object of the format takes (kept equal to the JSON Schema
/// by a test).
pub(crate) const POLICY_FIELDS: &[&str] = &[
    "version",
    "id",
    "description",
    "scopes",
    "features",
    "actions",
    "roles",
    "plans",
    "plan",
    "management",
    "numbers",
    "members",
];
pub(crate) const ACTION_FIELDS: &[&str] = &["id", "scoped", "feature", "description"];
pub(crate) const ROLE_FIELDS: &[&str] = &[
    "id", "name", "rank", "builtin", "owner", "inherits", "grants", "except",
];
pub(crate) const PLAN_FIELDS: &[&str] = &["id", "name", "features", "limits"];
pub(crate) const MANAGEMENT_FIELDS: &[&str] = &[
    "edit_permissions",
    "manage_roles",
    "assign_roles",
    "keep_one_of",
];
pub(crate) const NUMBER_FIELDS: &[&str] = &["id", "name", "team_permissions"];
pub(crate) const MEMBER_FIELDS: &[&str] = &["id", "name", "roles", "grants"];

/// A path-aware reader of [`Json`] trees: each problem it finds (wrong
/// type, unknown or duplicate key, missing field) is kept with its path
/// (`$.roles[2].inherits`) and a hint, and reading goes on, so that one pass
/// reports every problem. Policy documents are read with it, and so are the
/// `teamgate` crate's test and invariant files.
#[derive(Debug, Default)]
pub struct Reader {
    problems: Vec<Problem>,
}

/// An object's entries, checked for unknown and duplicate keys.
#[derive(Debug)]
pub struct Obj<'a> {
    entries: &'a [(Cow<'a, str>, Json<'a>)],
    path: String,
}

impl<'a> Obj<'a> {
    /// The value of `key`, `null` included: only fields that are optional
    /// in the Rust types ([`Reader::opt_string`]) take `null`, as for serde.
    pub fn get(&self, key: &str) -> Option<&'a Json<'a>> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    /// The path of `key` in this object. (Written out rather than with
    /// `format!`: it is built for several fields of every object read.)
    pub fn at(&self, key: &str) -> String {
        let mut at = String::with_capacity(self.path.len() + 1 + key.len());
        at.push_str(&self.path);
        at.push('.');
        at.push_str(key);
        at
    }
}

fn key_path(path: &str, key: &str) -> String {
    if crate::model::is_id(key) {
        format!("{path}.{key}")
    } else {
        format!("{path}[\"{}\"]", crate::error::show(key))
    }
}

impl Reader {
    /// A reader with no problems yet.
    pub fn new() -> Reader {
        Reader::default()
    }

    /// Keeps a problem found by the caller.
    pub fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// `value` when no problem was found, else every problem.
    ///
    /// # Errors
    /// A [`PolicyError`] with every problem found.
    pub fn finish<T>(self, value: T) -> Result<T, PolicyError> {
        if self.problems.is_empty() {
            Ok(value)
        } else {
            Err(PolicyError::new(self.problems))
        }
    }

    /// Records `invalid_type`: `v` is not `expected` ("an object").
    pub fn wrong(&mut self, v: &Json, path: &str, expected: &str) {
        self.problems.push(
            Problem::new(
                ErrorCode::InvalidType,
                path,
                format!("expected {expected}, found {}", v.kind()),
            )
            .hint(format!("write {expected} here")),
        );
    }

    /// An object with only `fields` as keys (others are `unknown_field`, repeated ones `duplicate_key`).
    pub fn object<'a>(&mut self, v: &'a Json<'a>, path: &str, fields: &[&str]) -> Option<Obj<'a>> {
        let Json::Object(entries) = v else {
            self.wrong(v, path, "an object");
            return None;
        };
        for (i, (k, _)) in entries.iter().enumerate() {
            // A scan of the keys before it, not a hash set: every key past the
            // fields' own is a problem, so the loop stops within
            // MAX_PROBLEMS + fields.len() keys.
            let first = !entries.iter().take(i).any(|(seen, _)| seen == k);
            if self.problems.len() >= crate::MAX_PROBLEMS {
                break; // enough to show; the rest would only cost time
            }
            if !fields.contains(&k.as_ref()) {
                let hint = did_you_mean(k, fields.iter().copied()).or_else(|| {
                    Some(format!(
                        "known keys: {}",
                        fields
                            .iter()
                            .map(|f| format!("`{f}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                });
                self.problems.push(
                    Problem::new(
                        ErrorCode::UnknownField,
                        key_path(path, k),
                        format!("unknown field `{}`", crate::error::show(k)),
                    )
                    .maybe_hint(hint),
                );
            } else if !first {
                self.problems.push(
                    Problem::new(
                        ErrorCode::DuplicateKey,
                        key_path(path, k),
                        format!("key `{}` appears twice", crate::error::show(k)),
                    )
                    .hint("keep one of them"),
                );
            }
        }
        Some(Obj {
            entries,
            path: path.to_owned(),
        })
    }

    /// The value of a required key (`missing_field` when absent).
    pub fn required<'a>(&mut self, o: &Obj<'a>, key: &str) -> Option<&'a Json<'a>> {
        let v = o.get(key);
        if v.is_none() {
            self.problems.push(
                Problem::new(
                    ErrorCode::MissingField,
                    o.path.clone(),
                    format!("missing field `{key}`"),
                )
                .hint(format!("add `\"{key}\"` to this object")),
            );
        }
        v
    }

    /// A string.
    pub fn string(&mut self, v: &Json, path: &str) -> Option<String> {
        self.string_at(v, &|| path.to_owned())
    }

    /// An optional boolean (absent: false).
    pub fn bool(&mut self, v: Option<&Json>, path: &str) -> bool {
        self.bool_at(v, &|| path.to_owned())
    }

    /// A whole number from 0 to 2³² − 1.
    pub fn count(&mut self, v: &Json, path: &str) -> Option<u32> {
        self.count_at(v, &|| path.to_owned())
    }

    // The readers themselves take their path as a function, called only for
    // a problem: a document's fields are read by the thousand, and writing
    // a path for each showed in the profile of loading a large policy.

    fn string_at(&mut self, v: &Json, path: &dyn Fn() -> String) -> Option<String> {
        match v {
            Json::String(s) => Some(s.to_string()),
            _ => {
                self.wrong(v, &path(), "a string");
                None
            }
        }
    }

    fn bool_at(&mut self, v: Option<&Json>, path: &dyn Fn() -> String) -> bool {
        match v {
            None => false,
            Some(Json::Bool(b)) => *b,
            Some(v) => {
                self.wrong(v, &path(), "true or false");
                false
            }
        }
    }

    fn count_at(&mut self, v: &Json, path: &dyn Fn() -> String) -> Option<u32> {
        match v {
            Json::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX) => {
                Some(*n as u32)
            }
            Json::Number(_) => {
                self.problems.push(
                    Problem::new(ErrorCode::InvalidType, path(), "number out of range")
                        .hint(format!("write a whole number from 0 to {}", u32::MAX)),
                );
                None
            }
            _ => {
                self.wrong(v, &path(), "a whole number");
                None
            }
        }
    }

    /// An optional string: absent or `null` is `None`.
    pub fn opt_string(&mut self, o: &Obj<'_>, key: &str) -> Option<String> {
        o.get(key)
            .filter(|v| !matches!(v, Json::Null))
            .and_then(|v| self.string_at(v, &|| o.at(key)))
    }

    /// A required string (empty after a problem).
    pub fn req_string(&mut self, o: &Obj<'_>, key: &str) -> String {
        self.required(o, key)
            .and_then(|v| self.string_at(v, &|| o.at(key)))
            .unwrap_or_default()
    }

    /// An optional array, each item read by `item` at its path.
    pub fn list<T>(
        &mut self,
        v: Option<&Json>,
        path: &str,
        mut item: impl FnMut(&mut Self, &Json, &str) -> Option<T>,
    ) -> Vec<T> {
        match v {
            None => Vec::new(),
            Some(Json::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, x)| item(self, x, &format!("{path}[{i}]")))
                .collect(),
            Some(v) => {
                self.wrong(v, path, "an array");
                Vec::new()
            }
        }
    }

    /// A list of strings; unlike [`Reader::list`] it builds an item's path
    /// only for a wrong item (grant lists can be thousands long).
    pub fn strings(&mut self, v: Option<&Json>, path: &str) -> Vec<String> {
        self.strings_at(v, &|| path.to_owned())
    }

    fn strings_at(&mut self, v: Option<&Json>, path: &dyn Fn() -> String) -> Vec<String> {
        match v {
            None => Vec::new(),
            Some(Json::Array(items)) => {
                // Sized once: a grant list can be thousands long.
                let mut out = Vec::with_capacity(items.len());
                for (i, x) in items.iter().enumerate() {
                    match x {
                        Json::String(s) => out.push(s.to_string()),
                        _ => self.wrong(x, &format!("{}[{i}]", path()), "a string"),
                    }
                }
                out
            }
            v => self.list(v, &path(), |r, x, p| r.string(x, p)),
        }
    }

    fn map<T>(
        &mut self,
        v: Option<&Json>,
        path: &str,
        mut item: impl FnMut(&mut Self, &Json, &str) -> Option<T>,
    ) -> Map<T> {
        match v {
            None => Map::new(),
            Some(Json::Object(entries)) => {
                let mut out = Map::new();
                let mut seen = std::collections::HashSet::new();
                for (k, x) in entries {
                    let at = key_path(path, k);
                    if !seen.insert(k.as_ref()) {
                        self.problems.push(
                            Problem::new(
                                ErrorCode::DuplicateKey,
                                at.clone(),
                                format!("key `{}` appears twice", crate::error::show(k)),
                            )
                            .hint("keep one of them"),
                        );
                        continue;
                    }
                    if let Some(t) = item(self, x, &at) {
                        out.0.push((k.to_string(), t));
                    }
                }
                out
            }
            Some(v) => {
                self.wrong(v, path, "an object");
                Map::new()
            }
        }
    }

    fn action(&mut self, v: &Json, path: &str) -> Option<ActionDef> {
        let o = self.object(v, path, ACTION_FIELDS)?;
        Some(ActionDef {
            id: self.req_string(&o, "id"),
            scoped: self.bool_at(o.get("scoped"), &|| o.at("scoped")),
            feature: self.opt_string(&o, "feature"),
            description: self.opt_string(&o, "description"),
        })
    }

    fn role(&mut self, v: &Json, path: &str) -> Option<RoleDef> {
        let o = self.object(v, path, ROLE_FIELDS)?;
        Some(RoleDef {
            id: self.req_string(&o, "id"),
            name: self.opt_string(&o, "name"),
            rank: self
                .required(&o, "rank")
                .and_then(|v| self.count_at(v, &|| o.at("rank")))
                .unwrap_or(0),
            builtin: self.bool_at(o.get("builtin"), &|| o.at("builtin")),
            owner: self.bool_at(o.get("owner"), &|| o.at("owner")),
            inherits: self.opt_string(&o, "inherits"),
            grants: self.strings_at(o.get("grants"), &|| o.at("grants")),
            except: self.strings_at(o.get("except"), &|| o.at("except")),
        })
    }

    fn limit(&mut self, v: &Json, path: &str) -> Option<Limit> {
        match v {
            Json::String(s) if s == "unlimited" => Some(Limit::Unlimited(Unlimited::Unlimited)),
            Json::Number(_) => self.count(v, path).map(Limit::Count),
            _ => {
                self.problems.push(
                    Problem::new(
                        ErrorCode::InvalidType,
                        path,
                        format!("invalid limit: {}", v.kind()),
                    )
                    .hint("a limit is a whole number or the string \"unlimited\""),
                );
                None
            }
        }
    }

    fn plan(&mut self, v: &Json, path: &str) -> Option<PlanDef> {
        let o = self.object(v, path, PLAN_FIELDS)?;
        Some(PlanDef {
            id: self.req_string(&o, "id"),
            name: self.opt_string(&o, "name"),
            features: self.strings_at(o.get("features"), &|| o.at("features")),
            limits: self.map(o.get("limits"), &o.at("limits"), Self::limit),
        })
    }

    fn management(&mut self, v: Option<&Json>, path: &str) -> Management {
        let Some(o) = v.and_then(|v| self.object(v, path, MANAGEMENT_FIELDS)) else {
            return Management::default();
        };
        Management {
            edit_permissions: self.opt_string(&o, "edit_permissions"),
            manage_roles: self.opt_string(&o, "manage_roles"),
            assign_roles: self.strings_at(o.get("assign_roles"), &|| o.at("assign_roles")),
            keep_one_of: self.strings_at(o.get("keep_one_of"), &|| o.at("keep_one_of")),
        }
    }

    fn number(&mut self, v: &Json, path: &str) -> Option<NumberDef> {
        let o = self.object(v, path, NUMBER_FIELDS)?;
        Some(NumberDef {
            id: self.req_string(&o, "id"),
            name: self.opt_string(&o, "name"),
            team_permissions: self.map(
                o.get("team_permissions"),
                &o.at("team_permissions"),
                |r, v, p| Some(r.map(Some(v), p, |r, v, p| Some(r.strings(Some(v), p)))),
            ),
        })
    }

    fn member(&mut self, v: &Json, path: &str) -> Option<MemberDef> {
        let o = self.object(v, path, MEMBER_FIELDS)?;
        Some(MemberDef {
            id: self.req_string(&o, "id"),
            name: self.opt_string(&o, "name"),
            roles: self.map(o.get("roles"), &o.at("roles"), |r, v, p| r.string(v, p)),
            grants: self.strings_at(o.get("grants"), &|| o.at("grants")),
        })
    }
}

/// Reads a policy document from a JSON tree.
pub(crate) fn policy_from_json(doc: &Json) -> Result<Policy, PolicyError> {
    let mut r = Reader {
        problems: Vec::new(),
    };
    // The version first: a document from a future format is told so, rather
    // than drowned in "unknown field" problems.
    if let Json::Object(entries) = doc {
        if let Some((_, v)) = entries.iter().find(|(k, _)| k == "version") {
            // Another whole number; any other value is a type error below.
            if matches!(v, Json::Number(n) if *n != f64::from(FORMAT_VERSION)) {
                let shown = match v {
                    Json::Number(n) if n.abs() < 1e15 => format!("`{}`", *n as i64),
                    other => other.kind().to_owned(),
                };
                return Err(PolicyError::one(
                    Problem::new(
                        ErrorCode::UnsupportedVersion,
                        "$.version",
                        format!("unsupported policy format version {shown}"),
                    )
                    .hint(format!("this teamgate reads version {FORMAT_VERSION}")),
                ));
            }
        }
    }
    let Some(o) = r.object(doc, "$", POLICY_FIELDS) else {
        return Err(PolicyError::new(r.problems));
    };
    let version = r
        .required(&o, "version")
        .and_then(|v| r.count(v, "$.version"))
        .unwrap_or(FORMAT_VERSION);
    let policy = Policy {
        version,
        id: r.req_string(&o, "id"),
        description: r.opt_string(&o, "description"),
        scopes: r.strings(o.get("scopes"), "$.scopes"),
        features: r.strings(o.get("features"), "$.features"),
        actions: {
            let v = r.required(&o, "actions");
            r.list(v, "$.actions", Reader::action)
        },
        roles: {
            let v = r.required(&o, "roles");
            r.list(v, "$.roles", Reader::role)
        },
        plans: r.list(o.get("plans"), "$.plans", Reader::plan),
        plan: r.opt_string(&o, "plan"),
        management: r.management(o.get("management"), "$.management"),
        numbers: r.list(o.get("numbers"), "$.numbers", Reader::number),
        members: r.list(o.get("members"), "$.members", Reader::member),
    };
    if r.problems.is_empty() {
        Ok(policy)
    } else {
        Err(PolicyError::new(r.problems))
    }
}

impl Policy {
    /// Reads a policy document from a JSON tree, without the semantic checks
    /// (`teamgate::Gate::new` makes those). Every structural problem
    /// (wrong type, unknown or duplicate key, missing field) is reported.
    ///
    /// # Errors
    /// [`PolicyError`] with `unsupported_version`, `invalid_type`,
    /// `unknown_field`, `duplicate_key` or `missing_field` problems.
    pub fn from_json_value(doc: &Json) -> Result<Policy, PolicyError> {
        policy_from_json(doc)
    }

    /// Reads a role object of the format (for `teamgate::Gate::with_custom_role`).
    ///
    /// # Errors
    /// The structural problems of the role object.
    pub fn role_from_json_value(role: &Json) -> Result<RoleDef, PolicyError> {
        let mut r = Reader {
            problems: Vec::new(),
        };
        let def = r.role(role, "$");
        match def {
            Some(d) if r.problems.is_empty() => Ok(d),
            _ => Err(PolicyError::new(r.problems)),
        }
    }
}

/// Through the reader: `serde_json::from_str::<Policy>` (a Rust server
/// reading a policy file) accepts exactly the documents the engine accepts,
/// and reads them the same (no object of the format from an array of its
/// fields, no `null` where the field is not optional).
impl<'de> serde::Deserialize<'de> for Policy {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Policy, D::Error> {
        let tree = Json::deserialize(d)?;
        Policy::from_json_value(&tree).map_err(serde::de::Error::custom)
    }
}

/// Through the reader, as [`Policy`] (a role in an HTTP body, say).
impl<'de> serde::Deserialize<'de> for RoleDef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RoleDef, D::Error> {
        let tree = Json::deserialize(d)?;
        Policy::role_from_json_value(&tree).map_err(serde::de::Error::custom)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// The reader takes exactly the keys the JSON Schema (from the serde types) lists.
    #[test]
    fn reader_fields_match_the_schema() {
        let schema: serde_json::Value = serde_json::from_str(&crate::json_schema()).unwrap();
        let props = |v: &serde_json::Value| -> Vec<String> {
            let mut k: Vec<String> = v["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            k.sort();
            k
        };
        let sorted = |f: &[&str]| -> Vec<String> {
            let mut k: Vec<String> = f.iter().map(|s| s.to_string()).collect();
            k.sort();
            k
        };
        assert_eq!(props(&schema), sorted(POLICY_FIELDS));
        for (name, fields) in [
            ("ActionDef", ACTION_FIELDS),
            ("RoleDef", ROLE_FIELDS),
            ("PlanDef", PLAN_FIELDS),
            ("Management", MANAGEMENT_FIELDS),
            ("NumberDef", NUMBER_FIELDS),
            ("MemberDef", MEMBER_FIELDS),
        ] {
            assert_eq!(props(&schema["$defs"][name]), sorted(fields), "{name}");
        }
    }
}
