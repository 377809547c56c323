//! Native benchmark of the core (criterion): `cargo bench --bench core`.
//! The side-by-side comparison with the JS peers is `node bench/run.mjs`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

/// The benchmark is native only (criterion does not build for wasm32).
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::Criterion;
    use std::hint::black_box;
    use teamgate::{Gate, ScopeSet};

    /// A policy with `roles` custom roles over `actions` actions, as in bench/run.mjs.
    fn scaled(roles: usize, actions: usize) -> String {
        let acts: Vec<String> = (0..actions)
            .map(|i| format!("{{\"id\":\"s{}.v{i}\",\"scoped\":{}}}", i % 10, i % 2 == 0))
            .collect();
        let rs: Vec<String> = (0..roles)
            .map(|r| {
                let grants: Vec<String> = (0..actions)
                    .filter(|k| (k + r) % 3 == 0)
                    .map(|k| format!("\"s{}.v{k}\"", k % 10))
                    .collect();
                format!(
                    "{{\"id\":\"r{r}\",\"rank\":{},\"grants\":[{}]}}",
                    10 + r % 500,
                    grants.join(",")
                )
            })
            .collect();
        format!(
            "{{\"version\":1,\"id\":\"scale\",\"scopes\":[\"pending\",\"mine\",\"others\"],\"actions\":[{}],\"roles\":[{}]}}",
            acts.join(","),
            rs.join(",")
        )
    }

    fn decisions(c: &mut Criterion) {
        let gate = Gate::preset("team-inbox").unwrap();
        c.bench_function("can, strings", |b| {
            b.iter(|| {
                gate.can(
                    black_box("agent"),
                    black_box("chats.reply"),
                    black_box(Some("mine")),
                )
            })
        });
        c.bench_function("can_in, strings, in a number", |b| {
            b.iter(|| {
                gate.can_in(
                    black_box("main"),
                    black_box("agent"),
                    black_box("chats.read"),
                    Some("others"),
                )
            })
        });
        let (ctx, role, action) = (
            gate.context(None).unwrap(),
            gate.role_id("agent").unwrap(),
            gate.action_id("chats.reply").unwrap(),
        );
        let scope: ScopeSet = gate.scope_set(Some("mine")).unwrap();
        c.bench_function("can_ids, ids resolved once", |b| {
            b.iter(|| {
                gate.can_ids(
                    black_box(ctx),
                    black_box(role),
                    black_box(action),
                    black_box(scope),
                )
            })
        });
        c.bench_function("explain, strings", |b| {
            b.iter(|| gate.explain(black_box("agent"), black_box("billing.payment"), None))
        });
        c.bench_function("capabilities(agent)", |b| {
            b.iter(|| gate.capabilities(black_box("agent"), None))
        });
    }

    fn loading(c: &mut Criterion) {
        c.bench_function("load the team-inbox preset", |b| {
            b.iter(|| Gate::preset(black_box("team-inbox")).unwrap())
        });
        for (roles, actions) in [(10, 50), (1000, 50), (1000, 500)] {
            let text = scaled(roles, actions);
            c.bench_function(&format!("load {roles} roles x {actions} actions"), |b| {
                b.iter(|| Gate::from_json(black_box(&text)).unwrap())
            });
        }
    }

    criterion::criterion_group! {
        name = benches;
        config = Criterion::default().sample_size(20);
        targets = decisions, loading
    }
}
