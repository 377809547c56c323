//! The policy document: what a team's roles, actions, plans and per-number
//! team permissions look like as data (format version 1).
//!
//! These types are the JSON format one to one (`snake_case` keys, unknown
//! keys rejected). A [`Policy`] on its own is *unchecked*: turn it into a
//! `teamgate::Gate` to validate and compile it.

use serde::{Deserialize, Serialize};

/// The word that means "every scope" (D2): reserved, never a declared scope.
pub const ALL_SCOPES: &str = "all";

/// The scope ids a scope reference may name: the declared ones, then `all`.
pub fn scopes_and_all(scopes: &[String]) -> impl Iterator<Item = &str> {
    scopes
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(ALL_SCOPES))
}

/// Whether `id` is a lowercase `snake_case` id (at most
/// [`MAX_ID_LEN`](crate::MAX_ID_LEN) characters).
pub fn is_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
        && id.len() <= crate::MAX_ID_LEN
}

/// The only document format version this library reads.
pub const FORMAT_VERSION: u32 = 1;

/// A whole account's permission model: the document format, version 1.
///
/// serde reads it through the document reader: any serde
/// format accepts exactly what [`Policy::from_json`] accepts, with the
/// reader's first problem as the error.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Format version; must be `1`.
    pub version: u32,
    /// Name of this policy (a preset id such as `team-inbox`, or your own).
    pub id: String,
    /// Free text for people reading the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Chat scopes, e.g. `["pending", "mine", "others"]`. `all` is reserved:
    /// it means every scope at once (D2). At most 16.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Plan features that actions may require, e.g. `team_permissions`.
    #[serde(default)]
    pub features: Vec<String>,
    /// The action catalog: `section.verb` permission keys.
    pub actions: Vec<ActionDef>,
    /// The roles, built-in and custom, ranked by `rank`.
    pub roles: Vec<RoleDef>,
    /// Subscription plans, cheapest first. Empty: no plan gating at all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plans: Vec<PlanDef>,
    /// The account's current plan (required when `plans` is not empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// Which actions govern editing permissions and assigning roles.
    #[serde(default)]
    pub management: Management,
    /// Connected numbers (channels) with their team permissions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub numbers: Vec<NumberDef>,
    /// Team members: the role each holds per number, and extra grants.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<MemberDef>,
}

/// One permission key of the action catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ActionDef {
    /// `section.verb`, lowercase `snake_case` on both sides of the dot.
    pub id: String,
    /// Scoped actions (chat actions) are granted per scope and are what
    /// per-number team permissions restrict; unscoped ones take no scope.
    #[serde(default, skip_serializing_if = "is_false")]
    pub scoped: bool,
    /// A plan feature the action needs; off for everyone, the owner
    /// included, on a plan without it (D6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
    /// Free text for people and UIs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A role: built-in or custom, ranked. serde reads it through the document
/// reader, as [`Policy`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RoleDef {
    /// Lowercase `snake_case` id.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Higher outranks lower. A role manages only roles ranked strictly below it.
    pub rank: u32,
    /// Built-in roles come with the product and are not editable.
    #[serde(default, skip_serializing_if = "is_false")]
    pub builtin: bool,
    /// The account owner: holds every permission the plan allows, can never
    /// be restricted, and must outrank every other role. At most one.
    #[serde(default, skip_serializing_if = "is_false")]
    pub owner: bool,
    /// Start from the grants of this role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inherits: Option<String>,
    /// What the role holds: `*`, `section.*`, `section.verb` (every scope)
    /// or `section.verb:scope` (`scope` may be `all`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<String>,
    /// Taken away again after `inherits` and `grants`, same syntax.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except: Vec<String>,
}

/// A subscription plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanDef {
    /// Lowercase `snake_case` id.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Features switched on by this plan.
    #[serde(default)]
    pub features: Vec<String>,
    /// Numeric limits, e.g. `{"custom_roles": 1, "seats": "unlimited"}`.
    #[serde(default)]
    pub limits: Map<Limit>,
}

/// A plan limit: a count, or `"unlimited"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Limit {
    /// At most this many.
    Count(u32),
    /// No limit: the string `"unlimited"`.
    Unlimited(Unlimited),
}

/// The string `"unlimited"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum Unlimited {
    /// `"unlimited"`
    #[serde(rename = "unlimited")]
    Unlimited,
}

/// The actions that govern the team itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Management {
    /// Holding this (unscoped) action lets a role edit the team permissions
    /// of the roles ranked below it. Its plan feature, if any, also decides
    /// whether team permissions are enforced at all (D3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit_permissions: Option<String>,
    /// Holding this (unscoped) action lets a role create custom roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manage_roles: Option<String>,
    /// Holding any of these (unscoped) actions lets a role assign roles
    /// ranked below it to members.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assign_roles: Vec<String>,
    /// Every number should keep a member holding one of these roles (S000.7).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keep_one_of: Vec<String>,
}

/// A connected number (channel) and its team permissions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NumberDef {
    /// Lowercase `snake_case` id.
    pub id: String,
    /// Display name, e.g. the phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Role → scoped action → the scopes it keeps in this number. A listed
    /// action is restricted to the listed scopes (never more than the role
    /// holds); an action not listed keeps what the role holds (S004.3).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub team_permissions: Map<Map<Vec<String>>>,
}

/// A team member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MemberDef {
    /// Lowercase `snake_case` id.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Number id → the role this member holds there (S004.2).
    #[serde(default)]
    pub roles: Map<String>,
    /// Extra grants on top of the role, same syntax as role grants (S001.4).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<String>,
}

/// Booleans that default to `false` are written only when `true`.
fn is_false(b: &bool) -> bool {
    !*b
}

/// A JSON object as a list of entries in document order: small and ordered.
/// Reading refuses a key given twice (serde's derive and the document reader
/// alike).
#[derive(Debug, Clone, PartialEq)]
pub struct Map<V>(pub Vec<(String, V)>);

impl<V> Default for Map<V> {
    fn default() -> Self {
        Map(Vec::new())
    }
}

impl<V> Map<V> {
    /// An empty map.
    pub fn new() -> Self {
        Map(Vec::new())
    }
    /// The value of the first entry with this key.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    /// Whether some entry has this key.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
    /// Sets `key` to `value`, replacing the first entry with that key.
    pub fn insert(&mut self, key: impl Into<String>, value: V) {
        let key = key.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => self.0.push((key, value)),
        }
    }
    /// Removes every entry with this key.
    pub fn remove(&mut self, key: &str) {
        self.0.retain(|(k, _)| k != key);
    }
    /// Entries in document order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
    /// Keys in document order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }
    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl<K: Into<String>, V> FromIterator<(K, V)> for Map<V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Map(iter.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }
}

impl<'a, V> IntoIterator for &'a Map<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, V)>,
        fn(&'a (String, V)) -> (&'a String, &'a V),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<V: Serialize> Serialize for Map<V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Map<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for MapVisitor<V> {
            type Value = Map<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Map<V>, A::Error> {
                let mut out: Vec<(String, V)> = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, V>()? {
                    // As the document reader: a key given twice is refused.
                    if out.iter().any(|(x, _)| *x == k) {
                        return Err(serde::de::Error::custom(format_args!(
                            "key `{k}` appears twice"
                        )));
                    }
                    out.push((k, v));
                }
                Ok(Map(out))
            }
        }
        d.deserialize_map(MapVisitor(std::marker::PhantomData))
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl<V: schemars::JsonSchema> schemars::JsonSchema for Map<V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": generator.subschema_for::<V>()
        })
    }
}

/// Whether the plan at position `plan` of `policy.plans` lets an action
/// needing the feature at position `feature` of `policy.features` be used
/// (no plans at all: nothing is gated).
pub fn plan_allows(policy: &Policy, plan: Option<usize>, feature: Option<usize>) -> bool {
    let Some(feature) = feature else {
        return true;
    };
    match plan.and_then(|p| policy.plans.get(p)) {
        Some(p) => policy
            .features
            .get(feature)
            .is_some_and(|f| p.features.iter().any(|x| x == f)),
        // No plans at all: nothing is gated.
        None => policy.plans.is_empty(),
    }
}
