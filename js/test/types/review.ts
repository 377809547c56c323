// teamgate/review's declarations: previews, policy tests, invariants.
import { Gate } from "teamgate";
import { Gate as LiteGate } from "teamgate/lite";
import {
  assertInvariants,
  effectOf,
  guard,
  init,
  preview,
  runTests,
  verify,
  PolicyTestError,
  type Effect,
  type InvariantResult,
  type PolicyTests,
  type TestReport,
} from "teamgate/review";

await init();
const gate = new Gate();
const effect: Effect = preview(gate, (draft) => draft.setPlan("basic"), { seats: 5 });
effect.summary satisfies string[];
effect.grantsAccess satisfies boolean;
effect.members[0]?.code satisfies "gains" | "loses" | undefined;
effect.overLimits[0]?.params.limit satisfies string | null | undefined;
effectOf(gate, new Gate("helpdesk")).featuresOff satisfies string[];

const tests: PolicyTests = { cases: [{ name: "agents never pay", role: "agent", action: "billing.payment", expect: "deny" }] };
const report: TestReport = runTests(gate, tests);
report.results[0]?.failure satisfies string | null | undefined;
const results: InvariantResult[] = verify(gate, { invariants: [{ name: "x", never: { roles: ["agent"], below: "admin" } }] });
results[0]?.counterexample?.scope satisfies string | null | undefined;
guard(gate, null);
try {
  assertInvariants(gate, "{}");
} catch (e) {
  if (e instanceof PolicyTestError) e.failures satisfies string[];
}

// @ts-expect-error: "maybe" is not an expected answer
runTests(gate, { cases: [{ name: "x", role: "agent", action: "files.view", expect: "maybe" }] });
// @ts-expect-error: usage counts are numbers
effectOf(gate, gate, { seats: "5" });
// Lite gates are typed out too.
// @ts-expect-error: teamgate/lite gates cannot be reviewed
effectOf(new LiteGate(), gate);
