// A Cloudflare Worker: `import { Gate } from "teamgate/lite"` decides at the
// first request (the workerd entry imports its .wasm as a module).
import { Gate } from "teamgate/lite";
import { Gate as Full } from "teamgate";

// Typed by its requests: roles come from the URL.
const gate = new Gate();
const full = new Full();

export default {
  fetch(request) {
    const role = new URL(request.url).searchParams.get("role") ?? "agent";
    const decision = gate.explain(role, "billing.payment");
    return Response.json({ ...decision, full: full.explain(role, "billing.payment").code }, { status: decision.allowed ? 200 : 403 });
  },
};
