#!/usr/bin/env node
// sarif-gate.mjs: reads the SARIF logs that Microsoft's SARIF multitool wrote
// with `validate -o`, prints every finding, and exits 1 when any error or
// warning is not in the accepted list, or when the multitool did not run to
// completion. The multitool itself exits 0 even when it finds errors, so this
// is the gate. Notes are printed as a count per rule and never fail.
//
//   node scripts/sarif-gate.mjs --accepted scripts/sarif-accepted.txt LABEL=validation.sarif...
//
// The accepted list has one entry per line: RULE-ID or RULE-ID/MessageId,
// then the reason (required). Blank lines and lines starting with # are
// ignored. Exit codes: 0 clean, 1 unaccepted findings, 2 usage or bad input.
import { readFileSync } from "node:fs";

function usage(msg) {
  console.error(`sarif-gate: ${msg}`);
  console.error("usage: node scripts/sarif-gate.mjs [--accepted FILE] LABEL=VALIDATION.sarif...");
  process.exit(2);
}

const args = process.argv.slice(2);
let acceptedFile = "";
const logs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--accepted") {
    acceptedFile = args[++i] ?? usage("--accepted needs a file");
  } else {
    const eq = args[i].indexOf("=");
    logs.push(eq > 0 ? { label: args[i].slice(0, eq), path: args[i].slice(eq + 1) } : { label: args[i], path: args[i] });
  }
}
if (logs.length === 0) usage("no validation log given");

// accepted: [{rule, message, reason, line, used}]
const accepted = [];
if (acceptedFile) {
  readFileSync(acceptedFile, "utf8").split("\n").forEach((raw, n) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const m = /^([A-Za-z]+[0-9]+)(?:\/([A-Za-z0-9_]+))?\s+(\S.*)$/.exec(line);
    if (!m) usage(`${acceptedFile}:${n + 1}: want "RULE-ID[/MessageId] reason", got ${JSON.stringify(line)}`);
    accepted.push({ rule: m[1], message: m[2] ?? "", reason: m[3], line: n + 1, used: 0 });
  });
}

function format(template, params) {
  return template.replace(/\{(\d+)\}/g, (_, i) => (params[Number(i)] ?? `{${i}}`));
}

let failed = 0;
let notes = 0;
for (const { label, path } of logs) {
  let log;
  try {
    log = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    usage(`${path}: ${e.message}`);
  }
  if (!Array.isArray(log.runs) || log.runs.length === 0) usage(`${path}: no runs: is this the multitool's output?`);
  const noteCounts = {};
  for (const run of log.runs) {
    const invocations = run.invocations ?? [];
    if (invocations.length === 0 || invocations.some((inv) => inv.executionSuccessful !== true)) {
      console.log(`${label}: the multitool did not complete its analysis (executionSuccessful is not true)`);
      failed++;
    }
    for (const inv of invocations) {
      for (const n of [...(inv.toolExecutionNotifications ?? []), ...(inv.toolConfigurationNotifications ?? [])]) {
        const level = n.level ?? "warning";
        const text = n.message?.text ?? JSON.stringify(n.message);
        if (level === "error" || level === "warning") {
          console.log(`${label}: multitool ${level} ${n.descriptor?.id ?? ""}: ${text}`);
          failed++;
        }
      }
    }
    if (!Array.isArray(run.results)) {
      console.log(`${label}: the run has no results array: the validation did not run`);
      failed++;
      continue;
    }
    const rules = run.tool?.driver?.rules ?? [];
    for (const r of run.results) {
      const rule = (Number.isInteger(r.ruleIndex) ? rules[r.ruleIndex] : undefined) ?? rules.find((x) => x.id === r.ruleId) ?? {};
      // SARIF: a result's level defaults to its rule's, then to "warning".
      const level = r.level ?? rule.defaultConfiguration?.level ?? "warning";
      if ((r.kind ?? "fail") !== "fail" || level === "none") continue;
      const msgId = r.message?.id ?? "";
      if (level === "note") {
        const key = `${r.ruleId}${rule.name ? " " + rule.name : ""}`;
        noteCounts[key] = (noteCounts[key] ?? 0) + 1;
        notes++;
        continue;
      }
      const text = r.message?.text ?? format(rule.messageStrings?.[msgId]?.text ?? `${msgId} ${JSON.stringify(r.message?.arguments ?? [])}`, r.message?.arguments ?? []);
      const region = r.locations?.[0]?.physicalLocation?.region;
      const where = region ? `${label}:${region.startLine ?? "?"}:${region.startColumn ?? "?"}` : label;
      const hit = accepted.find((a) => a.rule === r.ruleId && (a.message === "" || a.message === msgId));
      if (hit) {
        hit.used++;
        console.log(`${where}: ${level} ${r.ruleId}/${msgId} (accepted, ${acceptedFile}:${hit.line}): ${text}`);
      } else {
        console.log(`${where}: ${level} ${r.ruleId}/${msgId}: ${text}`);
        failed++;
      }
    }
  }
  for (const [rule, n] of Object.entries(noteCounts).sort()) {
    console.log(`${label}: note ${rule} x${n} (advisory)`);
  }
}
for (const a of accepted) {
  if (a.used === 0) console.log(`${acceptedFile}:${a.line}: accepted ${a.rule}${a.message ? "/" + a.message : ""} matched nothing in this run`);
}
console.log(`sarif-gate: ${logs.length} log(s), ${failed} unaccepted error(s)/warning(s), ${notes} note(s), ${accepted.reduce((n, a) => n + a.used, 0)} accepted`);
process.exit(failed > 0 ? 1 : 0);
