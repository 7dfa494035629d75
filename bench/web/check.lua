-- wrk script for the web course's answer check (bench/run): POST /api/exercises/{template}/check with the
-- antiforgery cookie and X-Nabla-Token header that bench/run fetched from GET /api/session (environment variables
-- NABLA_COOKIE, NABLA_TOKEN; NABLA_TEMPLATE, NABLA_SEED and NABLA_INPUT choose the question and the answer).
-- Prints one JSON line when done: checks/s, p50/p99 latency, and every kind of error wrk counts.
local template = os.getenv("NABLA_TEMPLATE") or "m1-power-rule-monomial"
wrk.method = "POST"
wrk.path = "/api/exercises/" .. template .. "/check"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("NABLA_COOKIE")
wrk.headers["X-Nabla-Token"] = os.getenv("NABLA_TOKEN")
wrk.body = string.format('{"seed": %s, "input": "%s"}', os.getenv("NABLA_SEED") or "42", os.getenv("NABLA_INPUT") or "32x^7")

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"workload": "web-check-wrk", "mode": "closed loop (wrk)", "seconds": %.3f, "completed": %d, "checks_per_second": %.1f, ' ..
    '"p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, "errors": %d, "non_2xx": %d, "timeouts": %d, "side": "nabla"}\n',
    seconds, summary.requests, (summary.requests - e.status) / seconds,
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3,
    e.connect + e.read + e.write + e.status + e.timeout, e.status, e.timeout))
end
