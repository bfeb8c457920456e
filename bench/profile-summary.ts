/**
 * Sums a V8 `.cpuprofile` (as `BENCH_CPU_PROFILE_DIR` writes) by function and
 * by file, by self time and by subtree (total) time, so a profile can be read
 * without DevTools:
 *
 *   npx tsx bench/profile-summary.ts /tmp/cpuprof/collector-5000.cpuprofile [rows] [filter]
 *
 * `filter` (a substring of a function name or URL) prints the callers and
 * callees of matching functions by time instead.
 */
import { readFileSync } from 'node:fs';

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

/** The file a frame belongs to, short: the package under node_modules, or the path from the project root. */
function fileOf(url: string): string {
  if (!url) return '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}/${rest.slice(2).join('/')}` : rest.join('/');
  }
  const root = url.indexOf('/lib/') >= 0 ? url.indexOf('/lib/') : url.indexOf('/bench/');
  return root >= 0 ? url.slice(root + 1) : url.replace(/^file:\/\//, '');
}

function frameName(frame: CallFrame): string {
  return `${frame.functionName || '(anonymous)'} ${fileOf(frame.url)}:${frame.lineNumber + 1}`;
}

type Summary = { self: Map<string, number>; total: Map<string, number>; fileSelf: Map<string, number>; fileTotal: Map<string, number>; allMs: number };

export function summarize(profile: CpuProfile): Summary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfMs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    // Each sample's time is the delta to the next one.
    const delta = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    selfMs.set(profile.samples[i], (selfMs.get(profile.samples[i]) ?? 0) + delta);
  }
  const summary: Summary = { self: new Map(), total: new Map(), fileSelf: new Map(), fileTotal: new Map(), allMs: 0 };
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  for (const [id, ms] of selfMs) {
    summary.allMs += ms;
    const node = byId.get(id)!;
    add(summary.self, frameName(node.callFrame), ms);
    add(summary.fileSelf, fileOf(node.callFrame.url), ms);
    // Each function and file is counted once per sample however deep it recurs.
    const seenNames = new Set<string>();
    const seenFiles = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const name = frameName(frame);
      const file = fileOf(frame.url);
      if (!seenNames.has(name)) {
        add(summary.total, name, ms);
        seenNames.add(name);
      }
      if (!seenFiles.has(file)) {
        add(summary.fileTotal, file, ms);
        seenFiles.add(file);
      }
    }
  }
  return summary;
}

function table(title: string, map: Map<string, number>, allMs: number, rows: number): void {
  console.log(`\n${title}`);
  for (const [key, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / allMs).toFixed(1).padStart(5)} %  ${key}`);
  }
}

/** Callers and callees (by time under them) of functions whose name or file contains `filter`. */
function neighbours(profile: CpuProfile, filter: string, rows: number): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const callers = new Map<string, number>();
  const callees = new Map<string, number>();
  let allMs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    allMs += ms;
    let below: string | null = null;
    for (let at: number | undefined = profile.samples[i]; at !== undefined; at = parent.get(at)) {
      const name = frameName(byId.get(at)!.callFrame);
      if (name.includes(filter)) {
        callees.set(below ?? '(self)', (callees.get(below ?? '(self)') ?? 0) + ms);
        const up = parent.get(at);
        const caller = up === undefined ? '(root)' : frameName(byId.get(up)!.callFrame);
        callers.set(caller, (callers.get(caller) ?? 0) + ms);
        break;
      }
      below = name;
    }
  }
  table(`callers of "${filter}"`, callers, allMs, rows);
  table(`callees of "${filter}"`, callees, allMs, rows);
}

function main(): void {
  const [file, rowsText, filter] = process.argv.slice(2);
  if (!file) {
    console.error('usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [rows] [filter]');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const rows = Number(rowsText ?? 30);
  if (filter) return neighbours(profile, filter, rows);
  const summary = summarize(profile);
  console.log(`${summary.allMs.toFixed(0)} ms sampled (${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms wall)`);
  table('by self time (function)', summary.self, summary.allMs, rows);
  table('by total time (function and what it calls)', summary.total, summary.allMs, rows);
  table('by self time (file)', summary.fileSelf, summary.allMs, rows);
  table('by total time (file)', summary.fileTotal, summary.allMs, rows);
}

if (process.argv[1] && process.argv[1].endsWith('profile-summary.ts')) main();
