//! Properties over random policies, teams, requests and edit sequences.
//! The engine is compared with a naive reading of the document (`Model`),
//! written independently of the compiled tables.

use crate::common;

use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use teamgate::{Gate, Json, Policy};

const SCOPES: [&str; 3] = ["pending", "mine", "others"];

/// splitmix64: a small deterministic generator seeded by proptest.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A random valid policy as a JSON document.
fn random_policy(seed: u64) -> serde_json::Value {
    use serde_json::json;
    let mut r = Rng(seed);
    let sections = ["chats", "files", "team", "billing"];
    let mut actions = Vec::new();
    for (si, s) in sections.iter().enumerate() {
        for v in 0..(1 + r.below(3)) {
            let scoped = si == 0 || r.chance(20);
            let mut a = json!({ "id": format!("{s}.v{v}"), "scoped": scoped });
            if r.chance(20) {
                a["feature"] = json!(*r.pick(&["f0", "f1"]));
            }
            actions.push(a);
        }
    }
    actions.push(json!({ "id": "team.edit", "feature": "f0" }));
    actions.push(json!({ "id": "team.assign" }));
    let ids: Vec<String> = actions
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    let scoped: BTreeSet<String> = actions
        .iter()
        .filter(|a| a["scoped"] == true)
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    let grant = |r: &mut Rng| -> String {
        match r.below(10) {
            0 => "*".into(),
            1 => format!("{}.*", r.pick(&sections)),
            _ => {
                let a = r.pick(&ids).clone();
                if scoped.contains(&a) && r.chance(50) {
                    format!("{a}:{}", r.pick(&["pending", "mine", "others", "all"]))
                } else {
                    a
                }
            }
        }
    };
    let n_roles = 2 + r.below(5);
    let mut roles = Vec::new();
    let with_owner = r.chance(70);
    if with_owner {
        roles.push(json!({ "id": "owner", "rank": 1000, "owner": true }));
    }
    for i in 0..n_roles {
        let mut role = json!({ "id": format!("r{i}"), "rank": 100 + r.below(400) });
        let grants: Vec<String> = (0..r.below(5)).map(|_| grant(&mut r)).collect();
        role["grants"] = json!(grants);
        if r.chance(30) {
            role["except"] = json!((0..1 + r.below(2))
                .map(|_| grant(&mut r))
                .collect::<Vec<_>>());
        }
        if i + 1 < n_roles && r.chance(40) {
            role["inherits"] = json!(format!("r{}", i + 1 + r.below(n_roles - i - 1)));
        }
        roles.push(role);
    }
    let plans = json!([
        { "id": "p0", "features": [], "limits": { "custom_roles": 0 } },
        { "id": "p1", "features": ["f1"], "limits": { "custom_roles": 2 } },
        { "id": "p2", "features": ["f0", "f1"], "limits": { "custom_roles": "unlimited" } }
    ]);
    let mut numbers = Vec::new();
    for n in 0..(1 + r.below(2)) {
        let mut tp = serde_json::Map::new();
        for i in 0..n_roles {
            if r.chance(50) {
                let mut per = serde_json::Map::new();
                for a in &scoped {
                    if r.chance(40) {
                        let s: Vec<&str> =
                            SCOPES.iter().copied().filter(|_| r.chance(50)).collect();
                        per.insert(a.clone(), json!(s));
                    }
                }
                tp.insert(format!("r{i}"), serde_json::Value::Object(per));
            }
        }
        numbers.push(json!({ "id": format!("n{n}"), "team_permissions": tp }));
    }
    let members: Vec<serde_json::Value> = (0..r.below(4))
        .map(|m| json!({ "id": format!("m{m}"), "roles": { "n0": format!("r{}", r.below(n_roles)) }, "grants": (0..r.below(2)).map(|_| grant(&mut r)).collect::<Vec<_>>() }))
        .collect();
    json!({
        "version": 1, "id": "random",
        "scopes": SCOPES, "features": ["f0", "f1"],
        "actions": actions, "roles": roles, "plans": plans,
        "plan": format!("p{}", r.below(3)),
        "management": { "edit_permissions": "team.edit", "manage_roles": "team.assign", "assign_roles": ["team.assign"] },
        "numbers": numbers, "members": members
    })
}

fn gate_of(doc: &serde_json::Value) -> Gate {
    Gate::new(Policy::from_json_value(&common::to_json(doc)).unwrap())
        .unwrap_or_else(|e| panic!("{e}\n{doc:#}"))
}

/// The document read naively: what each role holds, by string matching.
struct Model<'a> {
    doc: &'a serde_json::Value,
}

impl Model<'_> {
    fn actions(&self) -> Vec<(String, bool, Option<String>)> {
        self.doc["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["id"].as_str().unwrap().to_owned(),
                    a["scoped"] == true,
                    a["feature"].as_str().map(str::to_owned),
                )
            })
            .collect()
    }
    fn expand(&self, grant: &str) -> BTreeMap<String, BTreeSet<String>> {
        let all: BTreeSet<String> = SCOPES.iter().map(|s| s.to_string()).collect();
        let held = |scoped: bool| {
            if scoped {
                all.clone()
            } else {
                ["held".to_string()].into()
            }
        };
        let mut out = BTreeMap::new();
        let (name, scope) = grant
            .split_once(':')
            .map_or((grant, None), |(a, s)| (a, Some(s)));
        for (id, scoped, _) in self.actions() {
            let hit = name == "*"
                || name
                    .strip_suffix(".*")
                    .is_some_and(|s| id.starts_with(&format!("{s}.")))
                || name == id;
            if hit {
                let v = match scope {
                    None | Some("all") => held(scoped),
                    Some(s) => [s.to_string()].into(),
                };
                out.insert(id, v);
            }
        }
        out
    }
    fn role(&self, id: &str) -> &serde_json::Value {
        self.doc["roles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
    }
    fn held(&self, role: &str) -> BTreeMap<String, BTreeSet<String>> {
        let r = self.role(role);
        if r["owner"] == true {
            return self.expand("*");
        }
        let mut h = match r["inherits"].as_str() {
            Some(p) => self.held(p),
            None => BTreeMap::new(),
        };
        for g in r["grants"].as_array().into_iter().flatten() {
            for (a, s) in self.expand(g.as_str().unwrap()) {
                h.entry(a).or_default().extend(s);
            }
        }
        for g in r["except"].as_array().into_iter().flatten() {
            for (a, s) in self.expand(g.as_str().unwrap()) {
                if let Some(x) = h.get_mut(&a) {
                    x.retain(|y| !s.contains(y));
                }
            }
        }
        h
    }
    fn plan_features(&self) -> BTreeSet<String> {
        let plan = self.doc["plan"].as_str().unwrap();
        let p = self.doc["plans"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == plan)
            .unwrap();
        p["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_owned())
            .collect()
    }
    fn can(&self, number: Option<&str>, role: &str, action: &str, scope: Option<&str>) -> bool {
        let Some((_, scoped, feature)) = self.actions().into_iter().find(|(id, _, _)| id == action)
        else {
            return false;
        };
        if self.doc["roles"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["id"] != role)
        {
            return false;
        }
        let features = self.plan_features();
        if feature.is_some_and(|f| !features.contains(&f)) {
            return false;
        }
        let want: BTreeSet<String> = match (scoped, scope) {
            (false, None) => ["held".to_string()].into(),
            (true, Some("all")) => SCOPES.iter().map(|s| s.to_string()).collect(),
            (true, Some(s)) if SCOPES.contains(&s) => [s.to_string()].into(),
            _ => return false,
        };
        let mut have = self.held(role).remove(action).unwrap_or_default();
        let enforced = features.contains("f0"); // team.edit needs f0 (D3)
        if let (Some(n), true, true) = (number, scoped, enforced) {
            let num = self.doc["numbers"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["id"] == n)
                .unwrap();
            if let Some(list) = num["team_permissions"][role][action].as_array() {
                let keep: BTreeSet<String> = list
                    .iter()
                    .map(|s| s.as_str().unwrap().to_owned())
                    .collect();
                have.retain(|s| keep.contains(s));
            }
        }
        want.is_subset(&have)
    }
}

fn requests(gate: &Gate) -> Vec<(Option<String>, String, String, Option<String>)> {
    let mut out = Vec::new();
    let numbers: Vec<Option<String>> = std::iter::once(None)
        .chain(gate.numbers().map(|n| Some(n.to_owned())))
        .collect();
    let roles: Vec<String> = gate
        .roles()
        .map(str::to_owned)
        .chain(["ghost".to_owned()])
        .collect();
    let actions: Vec<String> = gate
        .actions()
        .map(str::to_owned)
        .chain(["chats.ghost".to_owned()])
        .collect();
    let scopes = [
        None,
        Some("pending"),
        Some("mine"),
        Some("others"),
        Some("all"),
        Some("ghost"),
    ];
    for n in &numbers {
        for r in &roles {
            for a in &actions {
                for s in scopes {
                    out.push((n.clone(), r.clone(), a.clone(), s.map(str::to_owned)));
                }
            }
        }
    }
    out
}

fn can(gate: &Gate, n: &Option<String>, r: &str, a: &str, s: &Option<String>) -> bool {
    match n {
        Some(n) => gate.can_in(n, r, a, s.as_deref()),
        None => gate.can(r, a, s.as_deref()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Deny by default, D2, D3, D6 and team permissions, all at once: the
    /// engine decides exactly as the naive reading of the document.
    #[test]
    fn the_engine_agrees_with_a_naive_reading(seed in any::<u64>()) {
        let doc = random_policy(seed);
        let gate = gate_of(&doc);
        let model = Model { doc: &doc };
        for (n, r, a, s) in requests(&gate) {
            let want = model.can(n.as_deref(), &r, &a, s.as_deref());
            prop_assert_eq!(can(&gate, &n, &r, &a, &s), want, "{:?} {} {} {:?}", n, r, a, s);
            let e = match &n { Some(n) => gate.explain_in(n, &r, &a, s.as_deref()), None => gate.explain(&r, &a, s.as_deref()) };
            prop_assert_eq!(e.allowed, want);
        }
    }

    /// D6: the owner holds everything the plan allows, in every number.
    #[test]
    fn the_owner_holds_everything_the_plan_allows(seed in any::<u64>()) {
        let doc = random_policy(seed);
        let gate = gate_of(&doc);
        prop_assume!(gate.roles().any(|r| r == "owner"));
        let features = Model { doc: &doc }.plan_features();
        for a in doc["actions"].as_array().unwrap() {
            let id = a["id"].as_str().unwrap();
            let on = a["feature"].as_str().is_none_or(|f| features.contains(f));
            let scope = if a["scoped"] == true { Some("all") } else { None };
            for n in std::iter::once(None).chain(gate.numbers().map(Some)) {
                let got = match n { Some(n) => gate.can_in(n, "owner", id, scope), None => gate.can("owner", id, scope) };
                prop_assert_eq!(got, on, "{}", id);
            }
        }
        // No edit can restrict or reassign the owner.
        for r in gate.roles() {
            prop_assert!(!gate.can_edit_permissions(r, "owner"));
            prop_assert!(!gate.can_assign_role(r, "owner"));
        }
    }

    /// D5: after random edits by non-owners, nobody holds what its editor lacked.
    #[test]
    fn no_escalation_through_edits(seed in any::<u64>(), steps in 1usize..12) {
        let doc = random_policy(seed);
        let mut gate = gate_of(&doc);
        let mut r = Rng(seed ^ 0x5eed);
        let roles: Vec<String> = gate.roles().filter(|r| *r != "owner").map(str::to_owned).collect();
        let scoped: Vec<String> = gate.actions().filter(|a| gate.is_scoped(a) == Some(true)).map(str::to_owned).collect();
        let numbers: Vec<String> = gate.numbers().map(str::to_owned).collect();
        for _ in 0..steps {
            let editor = r.pick(&roles).clone();
            let target = r.pick(&roles).clone();
            let number = r.pick(&numbers).clone();
            if r.chance(70) && !scoped.is_empty() {
                let action = r.pick(&scoped).clone();
                let scopes: Vec<&str> = SCOPES.iter().copied().filter(|_| r.chance(50)).collect();
                if let Ok(next) = gate.with_team_permission(&editor, &number, &target, &action, &scopes) {
                    for s in SCOPES {
                        if next.can_in(&number, &target, &action, Some(s)) && scopes.contains(&s) {
                            prop_assert!(gate.can_in(&number, &editor, &action, Some(s)), "{} granted {} {} to {}", editor, action, s, target);
                        }
                        // An edit only ever touches the target.
                        for other in &roles {
                            if *other != target {
                                prop_assert_eq!(next.can_in(&number, other, &action, Some(s)), gate.can_in(&number, other, &action, Some(s)));
                            }
                        }
                    }
                    gate = next;
                }
            } else {
                let id = format!("c{}", r.below(1000));
                let grants: Vec<String> = gate.actions().filter(|_| r.chance(30)).map(str::to_owned).collect();
                let role = teamgate::RoleDef { id: id.clone(), name: None, rank: r.below(600) as u32, builtin: false, owner: false, inherits: None, grants, except: vec![] };
                if let Ok(next) = gate.with_custom_role(&editor, role) {
                    // Wherever the new role can be held: outside any number
                    // and in every number (D5 per number).
                    for n in std::iter::once(None).chain(numbers.iter().map(|n| Some(n.clone()))) {
                        for a in next.actions().collect::<Vec<_>>() {
                            for s in [None, Some("pending"), Some("mine"), Some("others")] {
                                let s = s.map(str::to_owned);
                                if can(&next, &n, &id, a, &s) {
                                    prop_assert!(can(&gate, &n, &editor, a, &s), "{} created {} holding {} {:?} in {:?}", editor, id, a, s, n);
                                }
                            }
                        }
                    }
                    gate = next;
                }
            }
        }
    }

    /// D2: `all` holds exactly when every scope holds.
    #[test]
    fn all_means_every_scope(seed in any::<u64>()) {
        let gate = gate_of(&random_policy(seed));
        for (n, r, a, _) in requests(&gate) {
            let each = SCOPES.iter().all(|s| can(&gate, &n, &r, &a, &Some(s.to_string())));
            prop_assert_eq!(can(&gate, &n, &r, &a, &Some("all".into())), each);
        }
    }

    /// Adding a grant never removes an allowed decision; a plan with more
    /// features never removes one.
    #[test]
    fn more_grants_and_bigger_plans_never_deny_more(seed in any::<u64>(), extra in 0usize..40) {
        let doc = random_policy(seed);
        let gate = gate_of(&doc);
        let mut more = doc.clone();
        let role = &mut more["roles"].as_array_mut().unwrap().last_mut().unwrap()["grants"];
        let actions: Vec<String> = gate.actions().map(str::to_owned).collect();
        if !role.is_array() { *role = serde_json::json!([]); }
        role.as_array_mut().unwrap().push(serde_json::json!(actions[extra % actions.len()]));
        let wider = gate_of(&more);
        let mut bigger = doc.clone();
        bigger["plan"] = serde_json::json!("p2"); // p2 has every feature
        let bigger = gate_of(&bigger);
        for (n, r, a, s) in requests(&gate) {
            if can(&gate, &n, &r, &a, &s) {
                prop_assert!(can(&wider, &n, &r, &a, &s));
                prop_assert!(can(&bigger, &n, &r, &a, &s) || (n.is_some() && bigger.team_permissions_enforced() && !gate.team_permissions_enforced()),
                    "plan upgrade removed {:?} {} {} {:?}", n, r, a, s);
            }
        }
    }

    /// capabilities() agrees with can() for every pair.
    #[test]
    fn capabilities_agree_with_can(seed in any::<u64>()) {
        let gate = gate_of(&random_policy(seed));
        for n in std::iter::once(None).chain(gate.numbers().map(Some)) {
            for r in gate.roles() {
                let caps = gate.capabilities(r, n).unwrap();
                for c in &caps.actions {
                    let n2 = n.map(str::to_owned);
                    if c.scoped {
                        for s in SCOPES {
                            prop_assert_eq!(can(&gate, &n2, r, &c.action, &Some(s.into())), c.scopes.iter().any(|x| x == s));
                        }
                        prop_assert_eq!(c.granted as usize, c.scopes.len());
                    }
                    let s = if c.scoped { Some("all".to_string()) } else { None };
                    prop_assert_eq!(can(&gate, &n2, r, &c.action, &s), c.allowed);
                }
            }
        }
    }

    /// Writing a policy and reading it back gives identical decisions.
    #[test]
    fn round_trips_keep_every_decision(seed in any::<u64>()) {
        let gate = gate_of(&random_policy(seed));
        let text = gate.policy().to_json();
        let again = Gate::from_json(&text).unwrap();
        prop_assert_eq!(again.policy(), gate.policy());
        let tree: Json = gate.policy().to_json_value();
        prop_assert_eq!(&Policy::from_json_value(&tree).unwrap(), gate.policy());
        for (n, r, a, s) in requests(&gate) {
            prop_assert_eq!(can(&again, &n, &r, &a, &s), can(&gate, &n, &r, &a, &s));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    /// `explain(...).allowed == can(...)` for every request, on the gate
    /// and on the gate its snapshot loads into.
    #[test]
    fn explain_agrees_with_can_also_through_snapshots(seed in any::<u64>()) {
        let gate = gate_of(&random_policy(seed));
        let twin = Gate::from_snapshot(&gate.snapshot()).unwrap();
        for g in [&gate, &twin] {
            for (n, r, a, s) in requests(g) {
                let e = match &n { Some(n) => g.explain_in(n, &r, &a, s.as_deref()), None => g.explain(&r, &a, s.as_deref()) };
                prop_assert_eq!(e.allowed, can(g, &n, &r, &a, &s), "{:?} {} {} {:?}: {}", n, r, a, s, e);
                prop_assert_eq!(can(g, &n, &r, &a, &s), can(&gate, &n, &r, &a, &s));
            }
        }
    }
}

/// D5 per number: once the owner has restricted admins' `chats.delete` in
/// `main` to `mine`, an admin cannot create a custom role holding it on
/// every scope (the role could be held in `main`).
#[test]
fn d5_a_custom_role_holds_nothing_its_editor_lacks_in_any_number() {
    let gate = Gate::preset("team-inbox")
        .unwrap()
        .with_team_permission("owner", "main", "admin", "chats.delete", &["mine"])
        .unwrap();
    let role = teamgate::RoleDef {
        id: "cleaner".into(),
        name: None,
        rank: 10,
        builtin: false,
        owner: false,
        inherits: None,
        grants: vec!["chats.delete".into()],
        except: vec![],
    };
    let err = gate.with_custom_role("admin", role.clone()).unwrap_err();
    assert_eq!(err.code(), "escalation");
    assert!(err.to_string().contains("in number `main`"), "{err}");
    // Only what the admin holds in `main` too is accepted.
    let ok = teamgate::RoleDef {
        grants: vec!["chats.delete:mine".into()],
        ..role
    };
    let next = gate.with_custom_role("admin", ok).unwrap();
    assert!(next.can_in("main", "cleaner", "chats.delete", Some("mine")));
    assert!(!next.can_in("main", "cleaner", "chats.delete", Some("others")));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    /// Lists agree with items: `allowed_scopes` (what a server filters a
    /// list with) holds a scope exactly when `can` allows the item, for
    /// roles and for members (their grants included), and `all` holds for
    /// a member exactly when every scope does (D2).
    #[test]
    fn allowed_scopes_are_exactly_the_allowed_items(seed in any::<u64>()) {
        let doc = random_policy(seed);
        let gate = gate_of(&doc);
        let numbers: Vec<Option<&str>> = std::iter::once(None).chain(gate.numbers().map(Some)).collect();
        for a in gate.actions().chain(["chats.ghost"]) {
            for &n in &numbers {
                for r in gate.roles().chain(["ghost"]) {
                    let want: Vec<&str> = SCOPES.iter().copied()
                        .filter(|s| can(&gate, &n.map(str::to_owned), r, a, &Some((*s).to_owned())))
                        .collect();
                    prop_assert_eq!(gate.allowed_scopes(r, a, n), want);
                }
            }
            for m in doc["members"].as_array().unwrap() {
                let m = m["id"].as_str().unwrap();
                for n in gate.numbers() {
                    let want: Vec<&str> = SCOPES.iter().copied().filter(|s| gate.can_member(m, n, a, Some(s))).collect();
                    prop_assert_eq!(gate.member_allowed_scopes(m, n, a), want.clone());
                    if gate.is_scoped(a) == Some(true) {
                        prop_assert_eq!(gate.can_member(m, n, a, Some("all")), want.len() == SCOPES.len(), "{} {} {}", m, n, a);
                    }
                }
            }
        }
    }
}

/// D2 for members: `all` holds when every scope holds, whether the role or
/// the member's own grants (S001.4) give it.
#[test]
fn d2_all_for_a_member_counts_the_role_and_the_member_grants() {
    let mut policy = Gate::preset("team-inbox").unwrap().policy().clone();
    policy.members = vec![teamgate::MemberDef {
        id: "ana".into(),
        name: None,
        roles: [("main".to_owned(), "agent".to_owned())]
            .into_iter()
            .collect(),
        grants: vec!["chats.delete:others".into()],
    }];
    let gate = Gate::new(policy)
        .unwrap()
        .with_team_permission(
            "owner",
            "main",
            "agent",
            "chats.delete",
            &["pending", "mine"],
        )
        .unwrap();
    for s in ["pending", "mine", "others"] {
        assert!(
            gate.can_member("ana", "main", "chats.delete", Some(s)),
            "{s}"
        );
    }
    assert!(gate.can_member("ana", "main", "chats.delete", Some("all")));
    assert_eq!(
        gate.member_allowed_scopes("ana", "main", "chats.delete"),
        ["pending", "mine", "others"]
    );
    assert!(!gate.can_in("main", "agent", "chats.delete", Some("all")));
}

/// Random chats of a policy's numbers: (id, number, assignee), assigned to
/// nobody, to a member, or to someone the policy does not know.
fn random_chats(doc: &serde_json::Value, seed: u64) -> Vec<(i64, String, Option<String>)> {
    let mut r = Rng(seed ^ 0x5eed);
    let numbers: Vec<String> = doc["numbers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .chain(["n9".to_owned()])
        .collect();
    let mut people: Vec<Option<String>> = doc["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| Some(m["id"].as_str().unwrap().to_owned()))
        .collect();
    people.extend([None, Some("stranger".to_owned())]);
    (0..r.below(40) as i64)
        .map(|id| (id, r.pick(&numbers).clone(), r.pick(&people).clone()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    /// The chat filter, run by a real SQLite over random chat tables,
    /// selects exactly the chats `can_member` allows (each chat in its own
    /// scope), for every member, number and action of random policies;
    /// with `?` and with `$n` placeholders; and the role filter is `can`
    /// scope by scope.
    #[test]
    fn the_chat_filter_selects_exactly_what_can_allows(seed in any::<u64>()) {
        let doc = random_policy(seed);
        let gate = gate_of(&doc);
        let chats = random_chats(&doc, seed);
        let db = rusqlite::Connection::open_in_memory().unwrap();
        db.execute_batch("CREATE TABLE chats (id INTEGER PRIMARY KEY, number TEXT NOT NULL, assignee TEXT)").unwrap();
        for (id, n, a) in &chats {
            db.execute("INSERT INTO chats VALUES (?1, ?2, ?3)", rusqlite::params![id, n, a]).unwrap();
        }
        let members: Vec<String> = doc["members"].as_array().unwrap().iter()
            .map(|m| m["id"].as_str().unwrap().to_owned()).chain(["ghost".to_owned()]).collect();
        let numbers = ["n0", "n1", "n9"];
        let actions: Vec<&str> = gate.actions().chain(["chats.ghost"]).collect();
        for m in &members {
            for n in numbers {
                for a in &actions {
                    let f = gate.member_chat_filter(m, n, a);
                    let scoped = gate.is_scoped(a) == Some(true);
                    let want: Vec<i64> = chats.iter()
                        .filter(|(_, cn, who)| cn == n && if scoped {
                            gate.can_member(m, n, a, Some(teamgate::ChatFilter::scope_of(who.as_deref(), m)))
                        } else {
                            gate.can_member(m, n, a, None)
                        })
                        .map(|c| c.0).collect();
                    for placeholder in [teamgate::Placeholder::Question, teamgate::Placeholder::Dollar(2)] {
                        let sql = f.to_sql("assignee", m, placeholder).unwrap();
                        let first = if placeholder == teamgate::Placeholder::Question { "?" } else { "$1" };
                        let q = format!("SELECT id FROM chats WHERE number = {first} AND {} ORDER BY id", sql.sql);
                        let mut stmt = db.prepare(&q).unwrap();
                        let binds: Vec<&dyn rusqlite::ToSql> = std::iter::once(&n as &dyn rusqlite::ToSql)
                            .chain(sql.params.iter().map(|p| p as &dyn rusqlite::ToSql)).collect();
                        let got: Vec<i64> = stmt.query_map(binds.as_slice(), |row| row.get(0)).unwrap()
                            .map(Result::unwrap).collect();
                        prop_assert_eq!(&got, &want, "{} {} {} {:?}: {}", m, n, a, f, q);
                    }
                    // In memory, the same rule.
                    let in_memory: Vec<i64> = chats.iter()
                        .filter(|(_, cn, who)| cn == n && f.allows(who.as_deref(), m)).map(|c| c.0).collect();
                    prop_assert_eq!(&in_memory, &want);
                }
            }
        }
        for role in gate.roles().chain(["ghost"]) {
            for n in [None, Some("n0"), Some("n1")] {
                for a in &actions {
                    let f = gate.chat_filter(role, a, n);
                    let can = |s: Option<&str>| match n { Some(n) => gate.can_in(n, role, a, s), None => gate.can(role, a, s) };
                    let want = if gate.is_scoped(a) == Some(true) {
                        teamgate::ChatFilter { pending: can(Some("pending")), mine: can(Some("mine")), others: can(Some("others")) }
                    } else if can(None) { teamgate::ChatFilter::ALL } else { teamgate::ChatFilter::NONE };
                    prop_assert_eq!(f, want, "{} {} {:?}", role, a, n);
                }
            }
        }
    }

    /// One rule for plan limits: creating a custom role is refused for its
    /// limit exactly when `check_limit("custom_roles", in use)` refuses —
    /// with plans that list the limit, plans that do not (0), and no plans
    /// at all (nothing is limited).
    #[test]
    fn custom_roles_are_refused_exactly_when_the_limit_check_refuses(seed in any::<u64>(), shape in 0..3u8) {
        let mut doc = random_policy(seed);
        match shape {
            1 => for p in doc["plans"].as_array_mut().unwrap() { p["limits"] = serde_json::json!({ "seats": 3 }); },
            2 => {
                let o = doc.as_object_mut().unwrap();
                o.remove("plans");
                o.remove("plan");
                for a in o["actions"].as_array_mut().unwrap() { a.as_object_mut().unwrap().remove("feature"); }
                o.insert("features".into(), serde_json::json!([]));
            }
            _ => {}
        }
        let gate = gate_of(&doc);
        let used = gate.policy().roles.iter().filter(|r| !r.builtin && !r.owner).count() as u32;
        let limit = gate.check_limit("custom_roles", used);
        prop_assert_ne!(limit.code, teamgate::Reason::UnknownLimit, "custom_roles is always a known limit");
        for editor in gate.roles() {
            let role = teamgate::RoleDef { id: "zz_new".into(), name: None, rank: 0, builtin: false, owner: false, inherits: None, grants: vec![], except: vec![] };
            let made = gate.with_custom_role(editor, role);
            let rank = gate.policy().roles.iter().find(|r| r.id == editor).unwrap().rank;
            if gate.can(editor, "team.assign", None) && rank > 0 {
                prop_assert_eq!(made.is_ok(), limit.allowed, "{} on {:?}: {:?}", editor, doc["plan"], made.as_ref().err().map(ToString::to_string));
                if let Err(e) = &made {
                    prop_assert_eq!(e.denial().map(|d| d.code), Some(teamgate::Reason::LimitReached));
                }
            }
        }
    }
}

/// Every question an effect covers: (member, number) or (role, number or
/// the role defaults), action, scope, over both gates' ids.
fn effect_matches_can(before: &Gate, after: &Gate) -> Result<(), TestCaseError> {
    use teamgate::ChangeCode;
    let effect = before.effect_of(after, &[]);
    let union = |a: Vec<&str>, b: Vec<&str>| -> Vec<String> {
        let mut out: Vec<String> = a.iter().map(|s| s.to_string()).collect();
        for s in b {
            if !out.iter().any(|x| x == s) {
                out.push(s.to_owned());
            }
        }
        out
    };
    let actions = union(after.actions().collect(), before.actions().collect());
    let numbers = union(after.numbers().collect(), before.numbers().collect());
    let roles = union(after.roles().collect(), before.roles().collect());
    let members = union(
        after
            .policy()
            .members
            .iter()
            .map(|m| m.id.as_str())
            .collect(),
        before
            .policy()
            .members
            .iter()
            .map(|m| m.id.as_str())
            .collect(),
    );
    let scopes = [None, Some("pending"), Some("mine"), Some("others")];
    let listed = |list: &[teamgate::AccessChange],
                  member: Option<&str>,
                  role: Option<&str>,
                  n: Option<&str>,
                  a: &str,
                  s: Option<&str>| {
        list.iter()
            .filter(|c| {
                c.member.as_deref() == member
                    && role.is_none_or(|r| c.role == r)
                    && c.number.as_deref() == n
                    && c.action == a
                    && match s {
                        Some(s) => c.scopes.iter().any(|x| x == s),
                        None => c.scopes.is_empty(),
                    }
            })
            .map(|c| c.code)
            .collect::<Vec<_>>()
    };
    let mut differences = 0;
    for m in &members {
        for n in &numbers {
            for a in &actions {
                for s in scopes {
                    let (was, now) = (before.can_member(m, n, a, s), after.can_member(m, n, a, s));
                    let want = match (was, now) {
                        (false, true) => vec![ChangeCode::Gains],
                        (true, false) => vec![ChangeCode::Loses],
                        _ => vec![],
                    };
                    differences += want.len();
                    prop_assert_eq!(
                        listed(&effect.members, Some(m), None, Some(n), a, s),
                        want,
                        "member {} in {} {} {:?}",
                        m,
                        n,
                        a,
                        s
                    );
                }
            }
        }
    }
    for r in &roles {
        for n in std::iter::once(None).chain(numbers.iter().map(|n| Some(n.as_str()))) {
            for a in &actions {
                for s in scopes {
                    let at = |g: &Gate| match n {
                        Some(n) => g.can_in(n, r, a, s),
                        None => g.can(r, a, s),
                    };
                    let want = match (at(before), at(after)) {
                        (false, true) => vec![ChangeCode::Gains],
                        (true, false) => vec![ChangeCode::Loses],
                        _ => vec![],
                    };
                    differences += want.len();
                    prop_assert_eq!(
                        listed(&effect.roles, None, Some(r), n, a, s),
                        want,
                        "role {} in {:?} {} {:?}",
                        r,
                        n,
                        a,
                        s
                    );
                }
            }
        }
    }
    // Nothing listed that is not a difference (each change names at least one).
    let listed_total: usize = effect
        .members
        .iter()
        .chain(&effect.roles)
        .map(|c| c.scopes.len().max(1))
        .sum();
    prop_assert_eq!(listed_total, differences);
    prop_assert_eq!(
        effect.grants_access(),
        effect
            .members
            .iter()
            .chain(&effect.roles)
            .any(|c| c.code == ChangeCode::Gains)
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    /// The change preview is exactly the difference of `can` over every
    /// question, before and after: between two random policies, and
    /// across random edits (team permissions, plans, member roles).
    #[test]
    fn the_effect_of_a_change_is_the_difference_of_every_decision(seed in any::<u64>(), other in any::<u64>(), shape in 0..4u8) {
        let before = gate_of(&random_policy(seed));
        let mut r = Rng(other);
        let roles: Vec<String> = before.roles().map(str::to_owned).collect();
        let after = match shape {
            0 => gate_of(&random_policy(other)),
            1 => {
                let scoped: Vec<String> = before.actions().filter(|a| before.is_scoped(a) == Some(true)).map(str::to_owned).collect();
                let scopes: Vec<&str> = SCOPES.iter().copied().filter(|_| r.chance(50)).collect();
                let edit = before.with_team_permission(r.pick(&roles[..]).as_str(), "n0", r.pick(&roles[..]).as_str(), r.pick(&scoped[..]).as_str(), &scopes);
                prop_assume!(edit.is_ok());
                edit.unwrap()
            }
            2 => before.with_plan(r.pick::<&str>(&["p0", "p1", "p2"])).unwrap(),
            _ => {
                let members: Vec<String> = before.policy().members.iter().map(|m| m.id.clone()).collect();
                prop_assume!(!members.is_empty());
                let edit = before.with_member_role(r.pick(&roles[..]).as_str(), r.pick(&members[..]).as_str(), "n0", r.pick(&roles[..]).as_str());
                prop_assume!(edit.is_ok());
                edit.unwrap()
            }
        };
        effect_matches_can(&before, &after)?;
        // No change, no effect.
        prop_assert!(before.effect_of(&before, &[]).is_empty());
    }
}
