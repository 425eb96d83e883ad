import fs from 'node:fs';
import path from 'node:path';
import { generateCode } from 'magicast';
import { applyToNode, readProperty } from './ast-edit.js';
import { ensureNewline, exportedConfigObject, parseConfigFile } from './config-object.js';
import { applyToObject, JEST_BY_HAND, type JestPlan, planJestEdits } from './jest-entries.js';
import type { InitStep } from './types.js';

const JEST_CONFIGS = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs', 'json'].map((ext) => `jest.config.${ext}`);

/**
 * Adds assay's reporter, environment and sequencer to the project's Jest config: `jest.config.*`
 * (edited as a syntax tree, or as JSON), else `package.json#jest` (made when there is none).
 */
export function setUpJest(root: string): InitStep {
  const file = JEST_CONFIGS.find((name) => fs.existsSync(path.join(root, name)));
  if (file?.endsWith('.json')) return editJson(root, file, (json) => json);
  if (file) return editModule(root, file);
  return editJson(root, 'package.json', (json) => {
    json.jest ??= {};
    return json.jest as Record<string, unknown>;
  });
}

function editModule(root: string, file: string): InitStep {
  const full = path.join(root, file);
  const mod = parseConfigFile(full);
  if ('unreadable' in mod) return refused(file, mod.unreadable);
  const config = exportedConfigObject(mod);
  if (!config) return refused(file, 'it does not export an object literal (a function or computed config)');
  const plan = planJestEdits((key) => readProperty(config, key));
  if (plan.refuse) return refused(file, plan.refuse);
  if (plan.edits.length === 0) return done(file, plan);
  applyToNode(config, plan.edits);
  fs.writeFileSync(full, ensureNewline(generateCode(mod).code));
  return done(file, plan);
}

function editJson(
  root: string,
  file: string,
  configOf: (json: Record<string, unknown>) => Record<string, unknown>,
): InitStep {
  const full = path.join(root, file);
  const text = fs.readFileSync(full, 'utf8');
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return refused(file, `it is not valid JSON (${(error as Error).message})`);
  }
  const had = file === 'package.json' && json.jest !== undefined;
  const config = configOf(json);
  const plan = planJestEdits((key) =>
    key in config ? { present: true, value: config[key] } : { present: false },
  );
  if (plan.refuse) return refused(file, plan.refuse);
  if (plan.edits.length === 0) return done(file, plan);
  applyToObject(config, plan.edits);
  const indent = /^[{\s]*\n(\s+)"/.exec(text)?.[1] ?? '  ';
  fs.writeFileSync(full, `${JSON.stringify(json, null, indent)}\n`);
  if (file === 'package.json' && !had) plan.notes.unshift('added a "jest" section');
  return done(file, plan);
}

function done(file: string, plan: JestPlan): InitStep {
  return { file, status: plan.edits.length ? 'changed' : 'unchanged', notes: plan.notes };
}

function refused(file: string, why: string): InitStep {
  return { file, status: 'refused', notes: [`cannot edit it safely: ${why}`], byHand: JEST_BY_HAND };
}
