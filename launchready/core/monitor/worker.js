// launchready uptime monitor: a Cloudflare Worker run by a cron trigger every minute.
//
// Plain ES module, no build step. Bindings (created by components/monitor.py):
//   MONITOR_CONFIG  json         checks, thresholds and channel *names* (no secrets)
//   MONITOR_STATE   kv_namespace one key, "state": every check's state and the alert history
//   ALERT_SLACK_URL, ALERT_DISCORD_URL, ALERT_WEBHOOK_URL  secret_text  webhook URLs
//   ALERT_EMAIL     send_email   Email Routing, verified destination addresses only
//
// Alerts go out only on a change: a check is down after `fail_after` failures in a row and
// recovered on its first pass after that; one message per channel per run lists every change, and
// at most `max_alerts_per_hour` messages leave per hour. The payload shapes are documented in
// docs/monitoring.md and rebuilt byte for byte by launchready/monitor/payloads.py (tested).
//
// Cloudflare facts relied on (developers.cloudflare.com, read 2026-11): Workers "Limits" (Free: 50
// subrequests and 10 ms CPU per invocation, 6 simultaneous connections, 5 cron triggers per
// account); "Workers KV limits" (Free: 1,000 writes a day, so state is written only when it
// changes); "Cron Triggers" (the scheduled handler); Email Routing "Send emails from Workers".

const STATE_KEY = "state";
const BODY_CAP = 65536; // bytes of a body searched for `body_contains`; also what the plan budgets
const CONNECTIONS = 6; // simultaneous outgoing connections a Worker may hold
const HOUR_MS = 3600000;
const ALERT_TIMEOUT_MS = 5000;
const DISCORD_MAX = 2000; // characters in a Discord message's content
const SECRET_OF = { slack: "ALERT_SLACK_URL", discord: "ALERT_DISCORD_URL", webhook: "ALERT_WEBHOOK_URL" };

export default {
  async scheduled(controller, env, ctx) {
    await runOnce(env, controller.scheduledTime || Date.now());
  },
};

async function runOnce(env, now) {
  const config = readConfig(env);
  const state = await loadState(env);
  forgetRemoved(state, config.checks);
  const results = await inPool(config.checks, CONNECTIONS, probe);
  const changes = [];
  config.checks.forEach((check, i) => {
    const change = advance(state, check, results[i], config.fail_after, now);
    if (change) changes.push(change);
  });
  const deliveries = changes.length ? await alertOnce(env, config, state, changes, now) : [];
  if (state.dirty) await saveState(env, state);
  log({ event: "run", checks: config.checks.length, failing: results.filter((r) => !r.ok).length,
        changes: changes.length, deliveries });
}

function readConfig(env) {
  const raw = env.MONITOR_CONFIG;
  const config = typeof raw === "string" ? JSON.parse(raw) : raw;
  return { fail_after: 2, max_alerts_per_hour: 12, channels: [], email: null, ...config };
}

async function loadState(env) {
  let data = null;
  try {
    data = JSON.parse((await env.MONITOR_STATE.get(STATE_KEY)) || "null");
  } catch (error) {
    log({ event: "state_unreadable", error: error.name });
  }
  data = data && typeof data === "object" ? data : {};
  return { data: { checks: {}, sent: [], suppressed: 0, ...data }, dirty: false };
}

// A check dropped from the spec leaves the state, so it is never reported as "also down".
function forgetRemoved(state, checks) {
  const declared = new Set(checks.map((check) => check.url));
  for (const url of Object.keys(state.data.checks)) {
    if (!declared.has(url)) {
      delete state.data.checks[url];
      state.dirty = true;
    }
  }
}

async function saveState(env, state) {
  try {
    await env.MONITOR_STATE.put(STATE_KEY, JSON.stringify(state.data));
  } catch (error) {
    log({ event: "state_unsaved", error: error.name }); // the next run repeats this run's changes
  }
}

async function inPool(items, size, work) {
  const results = new Array(items.length);
  let next = 0;
  async function lane() {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  }
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, lane));
  return results;
}

async function probe(check) {
  const started = Date.now();
  try {
    const response = await fetch(check.url, {
      redirect: "manual", signal: AbortSignal.timeout(check.timeout_ms),
      headers: { "user-agent": "launchready-monitor", "cache-control": "no-cache" },
    });
    const found = check.body_contains ? (await readCapped(response)).includes(check.body_contains) : true;
    if (!check.body_contains && response.body) await response.body.cancel();
    const latency_ms = Date.now() - started;
    const status = response.status;
    if (!check.expect.some(([low, high]) => status >= low && status <= high)) {
      return { ok: false, status, latency_ms, error: `expected ${check.expected}` };
    }
    if (!found) return { ok: false, status, latency_ms, error: "expected text not in the first 64 KiB" };
    return { ok: true, status, latency_ms, error: null };
  } catch (error) {
    const latency_ms = Date.now() - started;
    const timedOut = error && (error.name === "TimeoutError" || error.name === "AbortError");
    const why = timedOut ? `timeout after ${check.timeout_ms} ms` : `request failed (${error.name || "error"})`;
    return { ok: false, status: null, latency_ms, error: why };
  }
}

async function readCapped(response) {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  while (size < BODY_CAP) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel();
  const bytes = new Uint8Array(Math.min(size, BODY_CAP));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, Math.max(0, bytes.length - at));
    bytes.set(part, at);
    at += part.length;
  }
  return new TextDecoder().decode(bytes);
}

// One check's state machine. Writes (dirty) happen only when the stored state changes: while a
// check stays up, or stays down, nothing is written.
function advance(state, check, result, failAfter, now) {
  const saved = state.data.checks[check.url] || { up: true, fails: 0, since: null };
  let next = saved;
  let change = null;
  if (result.ok && saved.up && saved.fails === 0) return null;
  if (result.ok) {
    next = { up: true, fails: 0, since: saved.up ? saved.since : iso(now) };
    if (!saved.up) change = changeOf(check, "up", result, now);
  } else if (saved.up) {
    const fails = saved.fails + 1;
    next = fails >= failAfter ? { up: false, fails, since: iso(now) } : { up: true, fails, since: saved.since };
    if (!next.up) change = changeOf(check, "down", result, now);
  }
  if (next !== saved) {
    state.data.checks[check.url] = next;
    state.dirty = true;
  }
  return change;
}

function changeOf(check, to, result, now) {
  return { check: check.url, state: to, status: result.status, latency_ms: result.latency_ms,
           error: result.error, since: iso(now) };
}

async function alertOnce(env, config, state, changes, now) {
  const data = state.data;
  data.sent = data.sent.filter((at) => now - at < HOUR_MS);
  state.dirty = true;
  if (data.sent.length >= config.max_alerts_per_hour) {
    data.suppressed += changes.length;
    log({ event: "rate_limited", suppressed: data.suppressed });
    return [];
  }
  const changed = new Set(changes.map((c) => c.check));
  const alsoDown = Object.entries(data.checks).filter(([url, s]) => !s.up && !changed.has(url)).map(([url]) => url);
  const alert = alertOf(config, changes, alsoDown.sort(), data.suppressed, now, false);
  data.sent.push(now);
  data.suppressed = 0;
  return deliverAll(env, config, alert);
}

function alertOf(config, changes, alsoDown, suppressed, now, test) {
  return { source: "launchready-monitor", zone: config.zone, test, at: iso(now), changes, also_down: alsoDown,
           suppressed, max_alerts_per_hour: config.max_alerts_per_hour };
}

async function deliverAll(env, config, alert) {
  const sends = config.channels.map((channel) => deliverWebhook(env, channel, alert));
  if (config.email) sends.push(deliverEmail(env, config.email, alert));
  const outcomes = await Promise.all(sends);
  for (const outcome of outcomes) log({ event: "delivery", ...outcome });
  return outcomes;
}

async function deliverWebhook(env, channel, alert) {
  const url = env[SECRET_OF[channel.kind]];
  const outcome = { channel: channel.kind, host: channel.host, accepted: false, status: null };
  if (!url) return { ...outcome, error: "secret not set" };
  try {
    const response = await fetch(url, {
      method: "POST", headers: { "content-type": "application/json" }, redirect: "manual",
      body: JSON.stringify(render(channel.kind, alert)), signal: AbortSignal.timeout(ALERT_TIMEOUT_MS),
    });
    if (response.body) await response.body.cancel();
    return { ...outcome, accepted: response.ok, status: response.status };
  } catch (error) {
    return { ...outcome, error: error.name || "error" }; // never the message: it may hold the URL
  }
}

async function deliverEmail(env, email, alert) {
  const outcome = { channel: "email", host: email.to.map((a) => a.split("@")[1]).join(","), accepted: false,
                    status: null };
  try {
    await env.ALERT_EMAIL.send({ from: email.from, to: email.to, subject: subjectOf(alert), text: textOf(alert) });
    return { ...outcome, accepted: true };
  } catch (error) {
    return { ...outcome, error: error.name || "error" };
  }
}

// ---- payloads: launchready/monitor/payloads.py builds exactly these (docs/monitoring.md) ----

function render(kind, alert) {
  if (kind === "slack") return { text: textOf(alert) };
  if (kind === "discord") return { content: clip(textOf(alert), DISCORD_MAX), allowed_mentions: { parse: [] } };
  return alert;
}

function subjectOf(alert) {
  const downs = alert.changes.filter((c) => c.state === "down").length;
  const ups = alert.changes.length - downs;
  const parts = [];
  if (downs) parts.push(`${downs} down`);
  if (ups) parts.push(`${ups} recovered`);
  return `${alert.test ? "[launchready TEST]" : "[launchready]"} ${alert.zone}: ${parts.join(", ")}`;
}

function textOf(alert) {
  const lines = [subjectOf(alert)];
  for (const c of alert.changes) lines.push(`${c.state === "down" ? "DOWN" : "RECOVERED"} ${c.check} ${detailOf(c)}`);
  if (alert.suppressed) {
    lines.push(`${alert.suppressed} earlier change(s) not sent: at most ${alert.max_alerts_per_hour} alerts an hour`);
  }
  if (alert.also_down.length) lines.push(`also down: ${alert.also_down.join(", ")}`);
  if (alert.test) lines.push("This is a test alert from `launchready monitoring test-alert`; nothing is down.");
  return lines.join("\n");
}

function detailOf(change) {
  const status = change.status === null ? "no response" : `status ${change.status}`;
  const error = change.error ? `, ${change.error}` : "";
  return `(${status}, ${change.latency_ms} ms${error})`;
}

function clip(text, max) {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function iso(ms) {
  return new Date(ms).toISOString();
}

function log(record) {
  console.log(JSON.stringify({ monitor: "launchready", ...record }));
}
