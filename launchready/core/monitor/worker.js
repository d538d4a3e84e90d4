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
// at most `max_alerts_per_hour` runs an hour send messages a channel accepts. A message a channel
// refuses or leaves unanswered is kept and retried on later runs for RETRY_MS; changes held back by
// the hourly cap are announced, with every check down at that moment, as soon as the cap allows.
// The payload shapes are documented in docs/monitoring.md and rebuilt byte for byte by
// launchready/core/monitor/payloads.py (tested).
//
// Cloudflare facts relied on (developers.cloudflare.com, read 2026-11): Workers "Limits" (Free: 50
// subrequests and 10 ms CPU per invocation, 6 simultaneous connections, 5 cron triggers per
// account); "Workers KV limits" (Free: 1,000 writes a day per account, counted per UTC day, and 1
// write a second to one key, so state is written at most once a run and only when it changes);
// "Cron Triggers" (the scheduled handler); "How Workers works" (an isolate, and so a module
// variable, may live on between runs, but is not promised to); Email Routing "Send emails from Workers".

const STATE_KEY = "state";
const BODY_CAP = 65536; // bytes of a body searched for `body_contains`; also what the plan budgets
const CONNECTIONS = 6; // simultaneous outgoing connections a Worker may hold
const MINUTE_MS = 60000;
const HOUR_MS = 60 * MINUTE_MS;
const RETRY_MS = 3 * HOUR_MS; // how long a refused message is retried: 1, 2, 4 ... 30 minutes apart
const MAX_CHANGES = 50; // changes a kept message lists; older ones are counted as not sent
const ALERT_TIMEOUT_MS = 5000;
const DISCORD_MAX = 2000; // characters in a Discord message's content
const SECRET_OF = { slack: "ALERT_SLACK_URL", discord: "ALERT_DISCORD_URL", webhook: "ALERT_WEBHOOK_URL" };
const UNSAVED_NOTE = "The monitor cannot save its state: Workers KV refused the write, most likely because the "
  + "account used its 1,000 KV writes of the day (Workers Free; the count restarts at 00:00 UTC). Until a write "
  + "succeeds, the monitor keeps its state in memory only: if Cloudflare restarts it, an alert can repeat or be "
  + "missed. To fix: find what else writes to Workers KV on this Cloudflare account and reduce it, or move to "
  + "Workers Paid.";

// The newest state this isolate computed: while KV refuses writes it is the only record of the last run.
let kept = null;

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
  const deliveries = await alertOnce(env, config, state, changes, now);
  await saveState(env, state, now);
  log({ event: "run", checks: config.checks.length, failing: results.filter((r) => !r.ok).length,
        changes: changes.length, deliveries });
}

function readConfig(env) {
  const raw = env.MONITOR_CONFIG;
  const config = typeof raw === "string" ? JSON.parse(raw) : raw;
  return { fail_after: 2, max_alerts_per_hour: 12, channels: [], email: null, ...config };
}

// KV's copy, unless this isolate holds a newer one (KV refused its last write, or lags behind it).
async function loadState(env) {
  let data = null;
  try {
    data = JSON.parse((await env.MONITOR_STATE.get(STATE_KEY)) || "null");
  } catch (error) {
    log({ event: "state_unreadable", error: error.name });
  }
  data = data && typeof data === "object" ? data : {};
  if (kept && kept.at > (data.at || 0)) data = kept;
  return { data: { checks: {}, sent: [], suppressed: 0, suppressed_checks: [], owed: {}, unsaved: null,
                   told: false, ...data }, dirty: false };
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

// One write a run at most. While KV refuses, every run tries again; `unsaved` and `told` drive the
// one message that says so.
async function saveState(env, state, now) {
  const data = state.data;
  if (state.dirty || data.unsaved) {
    try {
      await env.MONITOR_STATE.put(STATE_KEY, JSON.stringify({ ...data, at: now, unsaved: null, told: false }));
      if (data.unsaved) log({ event: "state_saved_again" });
      Object.assign(data, { unsaved: null, told: false });
    } catch (error) {
      data.unsaved = data.unsaved || now;
      log({ event: "state_unsaved", error: error.name });
    }
    data.at = now;
  }
  kept = data;
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

// Sends this run's changes, a kept message that is due, or the announcement of what the cap held back;
// only a run in which some channel accepted a message counts toward `max_alerts_per_hour`.
async function alertOnce(env, config, state, changes, now) {
  const data = state.data;
  data.sent = data.sent.filter((at) => now - at < HOUR_MS);
  const channels = channelsOf(env, config);
  forgetChannels(data, channels);
  const notice = Boolean(data.unsaved && !data.told);
  if (data.sent.length >= config.max_alerts_per_hour) return holdBack(state, changes);
  const fresh = changes.length || data.suppressed || notice ? freshAlert(config, data, changes, notice, now) : null;
  const outcomes = (await Promise.all(channels.map((channel) => deliverTo(data, channel, fresh, now))))
    .filter(Boolean);
  if (outcomes.some((outcome) => outcome.accepted)) data.sent.push(now);
  if (fresh || outcomes.length) state.dirty = true;
  return outcomes;
}

function holdBack(state, changes) {
  if (!changes.length) return [];
  const data = state.data;
  data.suppressed += changes.length;
  data.suppressed_checks = union(data.suppressed_checks, changes.map((c) => c.check));
  state.dirty = true;
  log({ event: "rate_limited", suppressed: data.suppressed });
  return [];
}

function freshAlert(config, data, changes, notice, now) {
  const changed = new Set(changes.map((c) => c.check));
  const alsoDown = Object.entries(data.checks).filter(([url, s]) => !s.up && !changed.has(url)).map(([url]) => url);
  const alert = alertOf(config, { changes, also_down: alsoDown.sort(), suppressed: data.suppressed,
                                  suppressed_checks: data.suppressed_checks, state_unsaved: notice }, now, false);
  Object.assign(data, { suppressed: 0, suppressed_checks: [], told: data.told || notice });
  return alert;
}

function alertOf(config, parts, now, test) {
  return { source: "launchready-monitor", zone: config.zone, test, at: iso(now), changes: parts.changes,
           also_down: parts.also_down, suppressed: parts.suppressed, suppressed_checks: parts.suppressed_checks,
           max_alerts_per_hour: config.max_alerts_per_hour, state_unsaved: parts.state_unsaved };
}

function channelsOf(env, config) {
  const channels = config.channels.map((c) => ({ key: c.kind, send: (a) => deliverWebhook(env, c, a) }));
  if (config.email) channels.push({ key: "email", send: (a) => deliverEmail(env, config.email, a) });
  return channels;
}

function forgetChannels(data, channels) {
  const keys = new Set(channels.map((channel) => channel.key));
  for (const key of Object.keys(data.owed)) if (!keys.has(key)) delete data.owed[key];
}

// One message per channel and run: what it is owed (when due, or with fresh news) followed by the news.
async function deliverTo(data, channel, fresh, now) {
  const owed = data.owed[channel.key];
  if (!fresh && !(owed && now >= owed.retry_at)) return null;
  const alert = owed ? merged(owed.alert, fresh) : fresh;
  const outcome = await channel.send(alert);
  log({ event: "delivery", ...outcome });
  if (outcome.accepted) delete data.owed[channel.key];
  else owe(data, channel.key, alert, owed, now);
  return outcome;
}

function owe(data, key, alert, owed, now) {
  const first = owed ? owed.first : now;
  const tries = owed ? owed.tries + 1 : 1;
  if (now - first >= RETRY_MS) {
    delete data.owed[key];
    log({ event: "delivery_given_up", channel: key, tries });
    return;
  }
  data.owed[key] = { alert, first, tries, retry_at: now + MINUTE_MS * Math.min(2 ** (tries - 1), 30) };
}

// A kept message with later news: every change in order (the oldest beyond MAX_CHANGES counted as
// not sent), and the news's view of what else is down.
function merged(old, fresh) {
  if (!fresh) return old;
  const changes = old.changes.concat(fresh.changes);
  const dropped = changes.splice(0, Math.max(0, changes.length - MAX_CHANGES));
  const listed = new Set(changes.map((c) => c.check));
  return { ...fresh, changes, also_down: fresh.also_down.filter((url) => !listed.has(url)),
           suppressed: old.suppressed + fresh.suppressed + dropped.length,
           suppressed_checks: union(old.suppressed_checks, fresh.suppressed_checks, dropped.map((c) => c.check)),
           state_unsaved: old.state_unsaved || fresh.state_unsaved };
}

function union(...lists) {
  return [...new Set(lists.flat())].sort();
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

// ---- payloads: launchready/core/monitor/payloads.py builds exactly these (docs/monitoring.md) ----

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
  if (!alert.changes.length && alert.suppressed) {
    parts.push(alert.also_down.length ? `${alert.also_down.length} down now` : "every check up now");
  }
  if (alert.state_unsaved) parts.push("monitor cannot save its state");
  return `${alert.test ? "[launchready TEST]" : "[launchready]"} ${alert.zone}: ${parts.join(", ")}`;
}

function textOf(alert) {
  const lines = [subjectOf(alert)];
  for (const c of alert.changes) lines.push(`${c.state === "down" ? "DOWN" : "RECOVERED"} ${c.check} ${detailOf(c)}`);
  if (alert.suppressed) {
    const which = alert.suppressed_checks.length ? `: ${alert.suppressed_checks.join(", ")}` : "";
    lines.push(`${alert.suppressed} earlier change(s) not sent (at most ${alert.max_alerts_per_hour} alerts an hour)`
               + which);
  }
  if (alert.also_down.length) {
    lines.push(`${alert.changes.length ? "also down" : "down now"}: ${alert.also_down.join(", ")}`);
  }
  if (alert.state_unsaved) lines.push(UNSAVED_NOTE);
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
