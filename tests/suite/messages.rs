//! Messages and hints speak the user's words (roles, actions, plans), never
//! the statement ids of our domain list (`S004.7`, `D5`): users have no such
//! document. The tests cite them; what the engine says does not.

use teamgate::{Gate, RoleDef};

/// Whether `text` cites a statement id: `S` and three digits, or `D` and a
/// digit, standing alone.
fn cites_statement(text: &str) -> bool {
    let b = text.as_bytes();
    (0..b.len()).any(|i| {
        let alone = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let digits = |n: usize| (1..=n).all(|k| b.get(i + k).is_some_and(u8::is_ascii_digit));
        alone
            && ((b[i] == b'S' && digits(3))
                || (b[i] == b'D'
                    && digits(1)
                    && !b.get(i + 2).is_some_and(u8::is_ascii_alphanumeric)))
    })
}

#[test]
fn the_check_finds_statement_ids() {
    assert!(cites_statement("cannot grant it (D5)"));
    assert!(cites_statement("see S004.7"));
    assert!(!cites_statement(
        "role `agent` lacks `billing.payment`; DSL 2D5"
    ));
}

#[test]
fn no_answer_edit_policy_error_or_preset_text_cites_a_statement_id() {
    let mut texts = Vec::new();
    for name in teamgate::presets::names() {
        let g = Gate::preset(name).unwrap();
        // What UIs show from the presets: descriptions and names.
        let p = g.policy();
        texts.extend(p.description.clone());
        texts.extend(p.actions.iter().filter_map(|a| a.description.clone()));
        texts.extend(p.roles.iter().filter_map(|r| r.name.clone()));
        texts.extend(p.plans.iter().filter_map(|x| x.name.clone()));
        let numbers: Vec<Option<&str>> =
            std::iter::once(None).chain(g.numbers().map(Some)).collect();
        let scopes: Vec<Option<&str>> = [None, Some("all"), Some("ghost")]
            .into_iter()
            .chain(g.scopes().map(Some))
            .collect();
        let roles: Vec<&str> = g.roles().chain(["ghost"]).collect();
        for &n in &numbers {
            for &r in &roles {
                for a in g.actions().chain(["chats.ghost"]) {
                    for &s in &scopes {
                        let e = match n {
                            Some(n) => g.explain_in(n, r, a, s),
                            None => g.explain(r, a, s),
                        };
                        texts.push(e.to_string());
                    }
                    if let Some(n) = n {
                        for t in &roles {
                            if let Err(e) = g.with_team_permission(r, n, t, a, &["all"]) {
                                texts.push(e.to_string());
                            }
                        }
                    }
                }
                for t in &roles {
                    texts.push(g.explain_edit_permissions(r, t).to_string());
                    texts.push(g.explain_assign_role(r, t).to_string());
                }
                let role = RoleDef {
                    id: "custom".into(),
                    name: None,
                    rank: 1,
                    builtin: false,
                    owner: true,
                    inherits: None,
                    grants: vec!["*".into()],
                    except: vec![],
                };
                for owner in [true, false] {
                    if let Err(e) = g.with_custom_role(
                        r,
                        RoleDef {
                            owner,
                            ..role.clone()
                        },
                    ) {
                        texts.push(e.to_string());
                    }
                }
            }
        }
        for p in &g.policy().plans {
            for (limit, _) in p.limits.iter() {
                texts.push(g.check_limit(limit, 1000).message);
            }
        }
    }
    // Documents that break each rule the validator knows.
    let owner_edited = r#"{"version":1,"id":"x","actions":[{"id":"chats.read","scoped":true},{"id":"team.edit"}],"scopes":["mine"],
        "roles":[{"id":"owner","rank":9,"owner":true,"grants":["*"]},{"id":"a","rank":1}],
        "management":{"edit_permissions":"chats.read"},
        "numbers":[{"id":"main","team_permissions":{"owner":{"chats.read":["mine"]},"a":{"team.edit":["mine"]}}}]}"#;
    texts.push(Gate::from_json(owner_edited).unwrap_err().to_string());
    assert!(texts.len() > 1000);
    for t in &texts {
        assert!(!cites_statement(t), "a message cites a statement id: {t}");
    }
}

/// `js/src/catalog-en.js`: the engine's English catalog for
/// `teamgate/messages`, generated from the Rust one (not a second copy).
fn catalog_js() -> String {
    use teamgate::{messages, Reason};
    let string = |s: &str| serde_json::to_string(s).unwrap();
    let mut js = String::from(
        "// Generated from the engine's English catalog (crates/core/src/messages.rs)\n\
         // by `TEAMGATE_BLESS=1 cargo test --test suite catalog`: do not edit.\n\
         // The template language is teamgate_core::template's (formatTemplate).\n\n\
         /** Each reason's message template. */\nexport const messages = {\n",
    );
    for &code in Reason::ALL {
        js.push_str(&format!(
            "  {}: {},\n",
            code.as_str(),
            string(&messages::full_message(code))
        ));
    }
    js.push_str("};\n\n/** Each reason's hint template (written empty: no hint). */\nexport const hints = {\n");
    for &code in Reason::ALL {
        if let Some(h) = messages::full_hint(code) {
            js.push_str(&format!("  {}: {},\n", code.as_str(), string(&h)));
        }
    }
    js.push_str("};\n");
    js
}

#[test]
fn the_js_english_catalog_is_generated_from_the_rust_one() {
    crate::common::assert_generated("js/src/catalog-en.js", catalog_js().as_bytes(), "catalog");
}

/// The template language at work on the engine's own answers: every
/// message is its template filled with its params (what JS does with the
/// generated catalog).
#[test]
fn every_message_is_its_template_filled_with_its_params() {
    use teamgate::{messages, template::fill};
    let g = Gate::preset("team-inbox").unwrap();
    let mut seen = 0;
    for r in g.roles().chain(["ghost", "admn"]) {
        for a in g.actions().chain(["chats.redd"]) {
            for s in [None, Some("mine"), Some("all"), Some("minee")] {
                let e = g.explain_in("main", r, a, s);
                assert_eq!(e.message, fill(messages::message(e.code), &e.params));
                let hint = messages::hint(e.code)
                    .map(|h| fill(h, &e.params))
                    .filter(|h| !h.is_empty());
                assert_eq!(e.hint, hint, "{e}");
                seen += 1;
            }
        }
        let l = g.check_limit("custom_roles", 9);
        assert_eq!(l.message, fill(messages::message(l.code), &l.params));
    }
    assert!(seen > 500);
}

/// An edit's denial, checked: its message and hint are the catalog's
/// templates filled with its params (so a catalog in another language
/// writes it too), and say what is expected.
fn assert_denial(err: &teamgate::EditError, code: &str, message: &str, hint: Option<&str>) {
    use teamgate::{messages, template::fill};
    let e = err.denial().unwrap_or_else(|| panic!("a denial: {err}"));
    assert_eq!(
        (e.code.as_str(), e.message.as_str(), e.hint.as_deref()),
        (code, message, hint)
    );
    assert_eq!(e.message, fill(&messages::full_message(e.code), &e.params));
    let h = messages::full_hint(e.code)
        .map(|h| fill(&h, &e.params))
        .filter(|h| !h.is_empty());
    assert_eq!(e.hint, h);
    assert!(
        e.params.role.is_some() && e.params.task.is_some(),
        "{:?}",
        e.params
    );
}

#[test]
fn edit_denials_are_written_from_the_catalog_with_their_params() {
    let mut doc: serde_json::Value =
        serde_json::from_str(teamgate::presets::source("team-inbox").unwrap()).unwrap();
    doc["members"] = serde_json::json!([{ "id": "olga", "roles": { "main": "owner" } }]);
    let g = Gate::new(serde_json::from_value(doc.clone()).unwrap()).unwrap();
    let e = g
        .with_team_permission("admin", "main", "agent", "files.view", &["all"])
        .unwrap_err();
    assert_denial(
        &e,
        "not_a_team_permission",
        "`files.view` is not a chat action",
        Some("team permissions cover chat actions only; console access follows the role"),
    );
    // The owner keeps admins to their own deleted chats in `main`.
    let g = g
        .with_team_permission("owner", "main", "admin", "chats.delete", &["mine"])
        .unwrap();
    let e = g
        .with_team_permission(
            "admin",
            "main",
            "agent",
            "chats.delete",
            &["mine", "others"],
        )
        .unwrap_err();
    assert_denial(&e, "escalation",
        "role `admin` cannot grant `chats.delete` for `others` in number `main`: it does not hold that itself",
        Some("grant only scopes the editor holds"));
    let custom = |rank: u32, owner: bool, grants: &[&str]| RoleDef {
        id: "custom".into(),
        name: None,
        rank,
        builtin: false,
        owner,
        inherits: None,
        grants: grants.iter().map(|g| (*g).to_owned()).collect(),
        except: vec![],
    };
    let e = g
        .with_custom_role("admin", custom(50, false, &["chats.delete:others"]))
        .unwrap_err();
    assert_denial(&e, "escalation",
        "the new role `custom` would hold `chats.delete` for `others` in number `main`, which `admin` does not hold there",
        Some("nobody can hand out more than they hold"));
    let e = g
        .with_custom_role("admin", custom(50, true, &[]))
        .unwrap_err();
    assert_denial(
        &e,
        "owner_not_editable",
        "a custom role cannot be the owner",
        None,
    );
    let e = g
        .with_custom_role("admin", custom(300, false, &[]))
        .unwrap_err();
    assert_denial(
        &e,
        "not_subordinate",
        "role `admin` (rank 300) can only create roles ranked below it, not rank 300",
        Some("use a rank below 300"),
    );
    let e = g
        .with_plan("basic")
        .unwrap()
        .with_custom_role("admin", custom(50, false, &[]))
        .unwrap_err();
    assert_denial(
        &e,
        "limit_reached",
        "plan `basic` allows 0 `custom_roles`, 0 used; plan `pro` allows more",
        Some("upgrade to plan `pro`"),
    );
    // A policy that names no action for creating roles.
    doc["management"]
        .as_object_mut()
        .unwrap()
        .remove("manage_roles");
    let g = Gate::new(serde_json::from_value(doc).unwrap()).unwrap();
    let e = g
        .with_custom_role("admin", custom(50, false, &[]))
        .unwrap_err();
    assert_denial(
        &e,
        "not_configured",
        "this policy names no action that lets a role create roles",
        Some("set `management.manage_roles` in the policy"),
    );
}

/// Random templates filled by the engine's filler, for the JS filler to
/// fill the same (js/test/messages.test.mjs): a differential of the two
/// parsers, on templates made of the language's own pieces (choices,
/// values, stray braces and bars) in random order. Seeded: the file is
/// kept current like the generated types.
fn random_templates() -> String {
    use teamgate::template::fill;
    let mut params = teamgate::ReasonParams::default();
    params.role = Some("agent".into());
    params.plan = Some("basic".into());
    params.task = Some("assign_role".into());
    params.used = Some(2);
    params.max = Some(0);
    params.scopes = Some(vec!["mine".into(), "pending".into()]);
    params.actions = Some(vec![]);
    let pieces = [
        "{",
        "}",
        "|",
        "?",
        "=",
        "{role}",
        "{plan?",
        "{member?",
        "{scopes?",
        "{actions?",
        "{used}",
        "{max?",
        "{task=assign_role?",
        "{role=admin?",
        "{role=agent?",
        "{scopes}",
        "{targetRank}",
        "role",
        "x",
        " ",
        "é",
        "🙂",
        "`",
    ];
    let mut seed: u64 = 0x7465_616d_6761_7465;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % n
    };
    let mut cases = Vec::new();
    for _ in 0..600 {
        let len = 1 + next(24);
        let t: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
        let filled = fill(&t, &params);
        cases.push(serde_json::json!([t, filled]));
    }
    let doc = serde_json::json!({
        "about": "Generated by `TEAMGATE_BLESS=1 cargo test --test suite random_templates`: random templates and what the engine's filler writes; the JS filler must write the same.",
        "params": { "role": "agent", "plan": "basic", "task": "assign_role", "used": 2, "max": 0, "scopes": ["mine", "pending"], "actions": [] },
        "cases": cases,
    });
    serde_json::to_string_pretty(&doc).unwrap() + "\n"
}

#[test]
fn random_templates_are_kept_for_the_js_filler() {
    crate::common::assert_generated(
        "tests/fixtures/templates-random.json",
        random_templates().as_bytes(),
        "random_templates",
    );
}
