// The server's import rules (ARCHITECTURE.md, "Layers"), checked by ESLint rather than remembered:
//   core/       the kernels (tenancy, catalogue): import nothing of the server but core/
//   platform/   cross-cutting: imports core/, platform/ and config.ts — never a feature
//   features/x  imports core/, platform/, config.ts, its own folder, and of another feature only what it offers:
//               its service.ts (functions) and schemas.ts (the API contract) — never its repository or tables. A
//               tables.ts may name another feature's table for a foreign key (a fact of the schema, not a call).
//   the rest of server/src (app.ts, main.ts, cli.ts, tasks.ts, reactions.ts, schema.ts, seed/) composes them.
// Tests may reach anything: they build the situations they check.
// Written here rather than with eslint-plugin-import's no-restricted-paths and no-cycle: those need a resolver set up
// for TypeScript's .ts specifiers and report file-level cycles, where the rule is about folders.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'server/src');
const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

const isTest = (file) => file.endsWith('.test.ts') || !file.startsWith(src + path.sep);

/** Where a file sits: { layer: 'core' | 'platform' | 'features' | 'root', folder } relative to server/src. */
function placeOf(file) {
  const rel = path.relative(src, file).split(path.sep);
  if (rel[0] === 'core' || rel[0] === 'platform' || rel[0] === 'features') {
    return { layer: rel[0], folder: rel.length > 2 ? rel[1] : null, base: rel[rel.length - 1] };
  }
  return { layer: 'root', folder: null, base: rel[rel.length - 1] };
}

/** Why importing `to` from `from` breaks the layers, or null. */
export function layerViolation(from, to) {
  if (isTest(from) || !to.startsWith(src + path.sep)) return null;
  const a = placeOf(from);
  const b = placeOf(to);
  const configFile = path.join(src, 'config.ts');
  if (a.layer === 'core') {
    return b.layer === 'core' ? null : `the kernel (core/) imports nothing of the server but core/: ${rel(to)}`;
  }
  if (a.layer === 'platform') {
    if (b.layer === 'core' || b.layer === 'platform' || to === configFile) return null;
    return b.layer === 'features'
      ? `platform/ may not import a feature: ${rel(to)}`
      : `platform/ imports only core/, platform/ and config.ts: ${rel(to)}`;
  }
  if (a.layer === 'features') {
    if (b.layer === 'core' || b.layer === 'platform' || to === configFile) return null;
    if (b.layer === 'features' && b.folder === a.folder) return null;
    if (b.layer === 'features') {
      if (b.base === 'service.ts' || b.base === 'schemas.ts') return null;
      if (a.base === 'tables.ts' && b.base === 'tables.ts') return null;
      return `a feature uses another feature through its service.ts (or its schemas.ts), never its ${b.base}: ${rel(to)}`;
    }
    return `a feature may not import the composition root: ${rel(to)}`;
  }
  return null;
}

const rel = (file) => path.relative(src, file).split(path.sep).join('/');

function importsOf(file, text) {
  const out = [];
  for (const m of text.matchAll(SPECIFIER)) {
    const spec = m[1] ?? m[2];
    out.push(path.resolve(path.dirname(file), spec));
  }
  return out;
}

let graphCache = null;
/** The feature folders' import graph (tests and foreign keys left out), read once per ESLint run. */
function featureGraph() {
  if (graphCache) return graphCache;
  const graph = new Map();
  const features = path.join(src, 'features');
  for (const folder of fs.readdirSync(features)) {
    const dir = path.join(features, folder);
    if (!fs.statSync(dir).isDirectory()) continue;
    const edges = graph.get(folder) ?? new Set();
    graph.set(folder, edges);
    for (const name of fs.readdirSync(dir, { recursive: true })) {
      const file = path.join(dir, String(name));
      if (!file.endsWith('.ts') || isTest(file)) continue;
      for (const to of importsOf(file, fs.readFileSync(file, 'utf8'))) {
        const edge = featureEdge(file, to);
        if (edge) edges.add(edge);
      }
    }
  }
  graphCache = graph;
  return graph;
}

/** The other feature folder an import reaches (null: same folder, not a feature, or a foreign key). */
function featureEdge(from, to) {
  const a = placeOf(from);
  const b = placeOf(to);
  if (a.layer !== 'features' || b.layer !== 'features' || a.folder === b.folder) return null;
  if (a.base === 'tables.ts' && b.base === 'tables.ts') return null;
  return b.folder;
}

/** A path of folders from `start` back to `target`, or null. */
function pathBack(graph, start, target) {
  const seen = new Set();
  const walk = (folder, trail) => {
    if (folder === target) return trail;
    if (seen.has(folder)) return null;
    seen.add(folder);
    for (const next of graph.get(folder) ?? []) {
      const found = walk(next, [...trail, next]);
      if (found) return found;
    }
    return null;
  };
  return walk(start, [start]);
}

const layers = {
  meta: { type: 'problem', schema: [], docs: { description: "the server's layers: core, platform, features" } },
  create(context) {
    const file = context.filename;
    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const why = layerViolation(file, path.resolve(path.dirname(file), spec));
      if (why) context.report({ node, message: why });
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

const noFolderCycle = {
  meta: { type: 'problem', schema: [], docs: { description: 'no import cycle between feature folders' } },
  create(context) {
    const file = context.filename;
    if (isTest(file) || placeOf(file).layer !== 'features') return {};
    const here = placeOf(file).folder;
    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const other = featureEdge(file, path.resolve(path.dirname(file), spec));
      if (!other) return;
      const back = pathBack(featureGraph(), other, here);
      if (back) context.report({ node, message: `import cycle between folders: ${[here, ...back].join(' → ')}` });
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
    };
  },
};

export default { rules: { layers, 'no-folder-cycle': noFolderCycle } };
