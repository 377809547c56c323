//! The direct path for a document with no problem (natively: see
//! `Policy::from_json`): serde_json reads the text
//! straight into the policy types, with no [`Json`](crate::Json) tree in
//! between (the tree costs one allocation per string, and the reader a
//! second copy of each). It is only a shortcut: any document it does not
//! take whole, for whatever reason, is read again by the path-aware reader,
//! which finds every problem. So it may refuse more than the reader does,
//! never less, and what it takes it reads as the reader would (a property
//! test below holds it to both).

use crate::load::MAX_JSON_NODES;
use crate::model::{
    ActionDef, Limit, Management, Map, MemberDef, NumberDef, PlanDef, Policy, RoleDef, Unlimited,
    FORMAT_VERSION,
};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use std::marker::PhantomData;

/// The policy read directly from `text`, or `None` when the reader must
/// look at it (anything not a problem-free document of this version).
pub(crate) fn policy(text: &str) -> Option<Policy> {
    let Object(wire) = serde_json::from_str::<Object<PolicyWire>>(text).ok()?;
    let policy = wire.into_policy();
    (policy.version == FORMAT_VERSION && values_at_most(&policy) <= MAX_JSON_NODES)
        .then_some(policy)
}

/// A struct of the format, taken only from a JSON object: serde's derive
/// also takes an array of the fields in order, which the reader refuses.
struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Only<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Only<T> {
            type Value = Object<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Object<T>, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Object)
            }
        }
        d.deserialize_map(Only(PhantomData))
    }
}

impl<T: Default> Default for Object<T> {
    fn default() -> Self {
        Object(T::default())
    }
}

/// [`Policy`], field for field (its own `Deserialize` goes through the reader).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyWire {
    version: u32,
    id: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    scopes: Vec<String>,
    #[serde(default)]
    features: Vec<String>,
    actions: Vec<Object<ActionDef>>,
    roles: Vec<Object<RoleWire>>,
    #[serde(default)]
    plans: Vec<Object<PlanWire>>,
    #[serde(default)]
    plan: Option<String>,
    #[serde(default)]
    management: Object<Management>,
    #[serde(default)]
    numbers: Vec<Object<NumberDef>>,
    #[serde(default)]
    members: Vec<Object<MemberDef>>,
}

/// [`RoleDef`], field for field (its own `Deserialize` goes through the reader).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleWire {
    id: String,
    #[serde(default)]
    name: Option<String>,
    rank: u32,
    #[serde(default)]
    builtin: bool,
    #[serde(default)]
    owner: bool,
    #[serde(default)]
    inherits: Option<String>,
    #[serde(default)]
    grants: Vec<String>,
    #[serde(default)]
    except: Vec<String>,
}

/// [`PlanDef`], its limits read as the reader reads them ([`LimitWire`]).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanWire {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    features: Vec<String>,
    #[serde(default)]
    limits: Map<LimitWire>,
}

/// A limit: a whole number from 0 to 2³² − 1, or the string `"unlimited"`.
/// Not [`Limit`]'s derive: untagged, it also takes `{"unlimited": null}`,
/// which the reader refuses.
struct LimitWire(Limit);

impl<'de> Deserialize<'de> for LimitWire {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = LimitWire;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a limit")
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<LimitWire, E> {
                u32::try_from(n)
                    .map(|n| LimitWire(Limit::Count(n)))
                    .map_err(|_| E::custom("out of range"))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<LimitWire, E> {
                match s {
                    "unlimited" => Ok(LimitWire(Limit::Unlimited(Unlimited::Unlimited))),
                    _ => Err(E::custom("not a limit")),
                }
            }
        }
        d.deserialize_any(V)
    }
}

fn unwrap<T>(list: Vec<Object<T>>) -> Vec<T> {
    list.into_iter().map(|Object(t)| t).collect()
}

impl PolicyWire {
    fn into_policy(self) -> Policy {
        Policy {
            version: self.version,
            id: self.id,
            description: self.description,
            scopes: self.scopes,
            features: self.features,
            actions: unwrap(self.actions),
            roles: self
                .roles
                .into_iter()
                .map(|Object(r)| RoleDef {
                    id: r.id,
                    name: r.name,
                    rank: r.rank,
                    builtin: r.builtin,
                    owner: r.owner,
                    inherits: r.inherits,
                    grants: r.grants,
                    except: r.except,
                })
                .collect(),
            plans: self
                .plans
                .into_iter()
                .map(|Object(p)| PlanDef {
                    id: p.id,
                    name: p.name,
                    features: p.features,
                    limits: Map(p
                        .limits
                        .0
                        .into_iter()
                        .map(|(k, LimitWire(l))| (k, l))
                        .collect()),
                })
                .collect(),
            plan: self.plan,
            management: self.management.0,
            numbers: unwrap(self.numbers),
            members: unwrap(self.members),
        }
    }
}

/// At least as many values as the document held (fields left out are
/// counted as if written): the reader's limit, [`MAX_JSON_NODES`], is kept.
fn values_at_most(p: &Policy) -> usize {
    let map_of_lists = |m: &Map<Vec<String>>| m.iter().map(|(_, v)| 1 + v.len()).sum::<usize>();
    1 + 12
        + p.scopes.len()
        + p.features.len()
        + p.actions.len() * 5
        + p.roles
            .iter()
            .map(|r| 9 + r.grants.len() + r.except.len())
            .sum::<usize>()
        + p.plans
            .iter()
            .map(|x| 5 + x.features.len() + x.limits.len())
            .sum::<usize>()
        + 5
        + p.management.assign_roles.len()
        + p.management.keep_one_of.len()
        + p.numbers
            .iter()
            .map(|n| {
                4 + n
                    .team_permissions
                    .iter()
                    .map(|(_, m)| 1 + map_of_lists(m))
                    .sum::<usize>()
            })
            .sum::<usize>()
        + p.members
            .iter()
            .map(|m| 5 + m.roles.len() + m.grants.len())
            .sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::policy;
    use crate::{Json, Policy};
    use proptest::prelude::*;
    use serde_json::Value;

    const PRESETS: [&str; 4] = [
        include_str!("../../../presets/team-inbox.json"),
        include_str!("../../../presets/helpdesk.json"),
        include_str!("../../../presets/owner-admin-agent.json"),
        include_str!("../../../presets/custom-roles.json"),
    ];

    /// What the path-aware reader makes of `text`.
    fn by_reader(text: &str) -> Result<Policy, crate::PolicyError> {
        Policy::from_json_value(&Json::parse(text)?)
    }

    #[test]
    fn presets_are_read_directly_as_the_reader_reads_them() {
        for text in PRESETS {
            assert_eq!(policy(text), Some(by_reader(text).unwrap()));
        }
    }

    #[test]
    fn a_limit_in_any_form_but_the_readers_is_left_to_the_reader() {
        for text in PRESETS {
            let odd = text.replacen("\"unlimited\"", "{\"unlimited\": null}", 1);
            assert_ne!(odd, text);
            assert!(by_reader(&odd).is_err());
            assert_eq!(policy(&odd), None);
        }
    }

    /// A value of every JSON kind, from `seed` (and an enum's object form).
    fn odd(seed: u32) -> String {
        const ODD: [&str; 19] = [
            "null",
            "true",
            "0",
            "7",
            "-1",
            "1.0",
            "-0",
            "1e2",
            "4294967296",
            "\"\"",
            "\"x\"",
            "\"unlimited\"",
            "[]",
            "[\"a\"]",
            "[1]",
            "{}",
            "{\"id\":\"x\"}",
            "[\"x\",1]",
            "{\"unlimited\":null}",
        ];
        ODD[seed as usize % ODD.len()].to_owned()
    }

    /// JSON text of `v`, with one change at the `target`-th value visited:
    /// replaced by an odd value, a key added (unknown, or one already there),
    /// a key left out, or an object written as the array of its values.
    fn mutated(v: &Value, target: &mut i64, how: u32, out: &mut String) {
        *target -= 1;
        let here = *target == 0;
        if here && how % 5 == 0 {
            out.push_str(&odd(how / 5));
            return;
        }
        match v {
            Value::Object(o) if here && how % 5 == 4 => {
                out.push('[');
                let items: Vec<String> = o.values().map(Value::to_string).collect();
                out.push_str(&items.join(","));
                out.push(']');
            }
            Value::Object(o) => {
                out.push('{');
                let mut first = true;
                let skip = if here && how % 5 == 3 {
                    o.keys().nth((how / 5) as usize % o.len().max(1))
                } else {
                    None
                };
                for (k, x) in o {
                    if Some(k) == skip {
                        continue;
                    }
                    if !first {
                        out.push(',');
                    }
                    first = false;
                    out.push_str(&Value::String(k.clone()).to_string());
                    out.push(':');
                    mutated(x, target, how, out);
                }
                if here && (how % 5 == 1 || how % 5 == 2) {
                    let key = match (how % 5, o.keys().next()) {
                        (2, Some(k)) => k.clone(),
                        _ => ["zzz", "id", "grants", "rank", "version"][(how / 5) as usize % 5]
                            .to_owned(),
                    };
                    if !first {
                        out.push(',');
                    }
                    out.push_str(&Value::String(key).to_string());
                    out.push(':');
                    out.push_str(&odd(how / 7));
                }
                out.push('}');
            }
            Value::Array(a) => {
                out.push('[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    mutated(x, target, how, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// Whatever the direct path takes, the reader takes and reads the same.
        #[test]
        fn the_direct_path_takes_only_what_the_reader_takes(
            preset in 0usize..4,
            target in 1i64..400,
            how in any::<u32>(),
        ) {
            let v: Value = serde_json::from_str(PRESETS[preset]).unwrap();
            let mut text = String::new();
            let mut t = target;
            mutated(&v, &mut t, how, &mut text);
            if let Some(direct) = policy(&text) {
                prop_assert_eq!(Some(direct), by_reader(&text).ok(), "{}", text);
            }
        }
    }
}
