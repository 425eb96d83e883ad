import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type GenerateReport, generateTests } from '../src/index.js';
import { bin, makeJestProject, runNode, sourceProject } from './helpers.js';

// Web platform objects as parameters (issue 15): Node has them as globals, code that wraps `fetch`
// takes them, and their interfaces are no data to draw (a Request's type nests deeper than any record).
const WEB = `/** The method and path of a request, and what its body holds. */
export async function describeRequest(request: Request): Promise<string> {
  const { pathname } = new URL(request.url);
  if (request.method === 'GET') return \`GET \${pathname}\`;
  if (request.headers.get('content-type') === 'application/json') {
    const body = await request.json();
    return \`\${request.method} \${pathname} json:\${Object.keys(body).join(',')}\`;
  }
  const text = await request.text();
  return \`\${request.method} \${pathname} text:\${text.length}\`;
}

/** What a response says. */
export async function readReply(response: Response): Promise<string> {
  if (response.status === 204) return 'empty';
  if (!response.ok) return \`failed \${response.status}\`;
  const text = await response.text();
  return response.headers.get('content-type') === 'application/json' ? \`json \${text}\` : \`text \${text}\`;
}

/** Where a URL points. */
export function hostOf(url: URL): string {
  return url.protocol === 'file:' ? 'local' : url.host;
}

/** How many values a query has for a name. */
export function countOf(params: URLSearchParams, name: string): number {
  return params.getAll(name).length;
}

/** The content type a set of headers declares. */
export function contentType(headers: Headers): string {
  return headers.get('content-type') ?? 'none';
}

/** Whether work may go on. */
export function stateOf(signal: AbortSignal): string {
  return signal.aborted ? 'aborted' : 'running';
}

/** A blob as a line of text. */
export async function blobLine(blob: Blob): Promise<string> {
  if (blob.size === 0) return 'empty';
  return \`\${blob.type || 'untyped'}: \${await blob.text()}\`;
}

/** The field names of a form, each once. */
export function fieldNames(form: FormData): string[] {
  return [...new Set(form.keys())];
}

/** A redirect to a URL. */
export function redirectTo(url: URL): Response {
  return Response.redirect(url.href, 302);
}

/** Every chunk of a stream, in order. */
export async function readAll(stream: ReadableStream<string>): Promise<string> {
  const reader = stream.getReader();
  const chunks: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks.length === 0 ? 'nothing' : chunks.join('|');
    chunks.push(value);
  }
}
`;

// A JavaScript source typed through JSDoc (issue 15): probed with null/undefined outside its types as
// TypeScript sources are, and written as plain \`null\` in its JavaScript test.
const GUARDS = `/**
 * The words of a text; none for a missing text.
 * @param {string} text
 * @returns {string[]}
 */
export function words(text) {
  if (text == null) return [];
  return text.split(' ').filter(Boolean);
}

/**
 * The sum of some numbers: nothing guards against a missing list.
 * @param {number[]} values
 * @returns {number}
 */
export function total(values) {
  return values.reduce((sum, value) => sum + value, 0);
}
`;

const project = (name: string) =>
  sourceProject(name, {
    'src/web.ts': WEB,
    'src/guards.js': GUARDS,
    'vitest.config.ts': "export default { test: { include: ['src/**/*.test.{ts,js}'] } };\n",
  });

const UNITS = [
  'describeRequest',
  'readReply',
  'hostOf',
  'countOf',
  'contentType',
  'stateOf',
  'blobLine',
  'fieldNames',
  'redirectTo',
  'readAll',
];

describe('web platform values and JavaScript null guards under Vitest', () => {
  let root: string;
  let report: GenerateReport;
  let web: string;
  let guards: string;
  const block = (name: string) => {
    const start = web.indexOf(`describe('${name}'`);
    const end = web.indexOf('\ndescribe(', start + 1);
    return start < 0 ? '' : web.slice(start, end < 0 ? undefined : end);
  };

  beforeAll(async () => {
    root = project('platform');
    report = await generateTests({
      root,
      paths: ['src/web.ts', 'src/guards.js'],
      property: false,
      maxIterations: 0,
      validateRuns: 1,
      maxCandidates: 30,
    });
    web = fs.readFileSync(path.join(root, 'src/web.assay.test.ts'), 'utf8');
    guards = fs.readFileSync(path.join(root, 'src/guards.assay.test.js'), 'utf8');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('every function taking a platform object gets tests and none is reported unsupported', () => {
    const file = report.files.find((f) => f.source === 'src/web.ts')!;
    expect(file.units.map((u) => [u.name, u.tests > 0])).toEqual(UNITS.map((name) => [name, true]));
    const codes = [...file.problems, ...file.units.flatMap((u) => u.problems)].map((p) => p.code);
    expect(codes).not.toContain('unsupported-parameter');
  });

  test('requests and responses are written as constructor calls, each branch reached', () => {
    expect(block('describeRequest')).toContain("new Request('https://example.com/a')");
    expect(block('describeRequest')).toMatch(
      /new Request\('https:\/\/example\.com\/a', \{[^}]*method: 'POST'/,
    );
    expect(block('describeRequest')).toContain("'POST /a json:a'");
    expect(block('describeRequest')).toMatch(/'PUT \/b text:4'/);
    expect(block('readReply')).toContain('new Response(null, { status: 204 })');
    expect(block('readReply')).toContain("'failed 404'");
    expect(block('readReply')).toContain('\'json {"a":1}\'');
  });

  test('URLs, queries, headers, signals, blobs, forms and streams are made as a test would make them', () => {
    expect(block('hostOf')).toContain("new URL('file:///tmp/a.txt')");
    expect(block('countOf')).toMatch(/\[new URLSearchParams\('a=1'\), 'a', 1\]/);
    expect(block('contentType')).toContain('new Headers()');
    expect(block('stateOf')).toContain('AbortSignal.abort()');
    expect(block('stateOf')).toContain('new AbortController().signal');
    expect(block('blobLine')).toContain("'text/plain: abc'");
    expect(block('fieldNames')).toContain("form.append('a', '1');");
    expect(block('fieldNames')).toContain('[new FormData(), []]');
    expect(block('readAll')).toMatch(/new ReadableStream\(\{\s+start\(controller\) \{/);
    expect(block('readAll')).toContain("'nothing'");
  });

  test('a platform object a function returns is checked by its class and what can be read of it', () => {
    expect(block('redirectTo')).toContain('toBeInstanceOf(Response)');
    expect(block('redirectTo')).toMatch(/toMatchObject\(\{[^}]*status: 302/);
  });

  test('a JavaScript source is probed with null outside its JSDoc types, written without a cast', () => {
    expect(guards).toMatch(/words\((null|undefined)\)\)\.toEqual\(\[\]\)|\[(null|undefined), \[\]\]/);
    expect(guards).not.toContain('as never');
    // Without a guard the engine's TypeError only says the type was not met: no such test.
    expect(guards).not.toMatch(/total\((null|undefined)\)/);
  });

  test('the files pass under real Vitest', () => {
    const result = runNode(root, [bin('vitest', 'vitest.mjs'), 'run', 'src']);
    expect(result.output).toMatch(/Test Files\s+2 passed/);
    expect(result.status).toBe(0);
  });
});

test('the same platform values under Jest', async () => {
  const root = project('platform-jest');
  try {
    makeJestProject(root, ['**/web.assay.test.ts']);
    const report = await generateTests({
      root,
      paths: ['src/web.ts'],
      property: false,
      maxIterations: 0,
      validateRuns: 1,
      maxCandidates: 30,
    });
    const file = report.files[0]!;
    expect(file.units.map((u) => [u.name, u.tests > 0])).toEqual(UNITS.map((name) => [name, true]));
    const code = fs.readFileSync(path.join(root, file.output!), 'utf8');
    expect(code).toContain("new Request('https://example.com/a')");
    expect(code).toContain('AbortSignal.abort()');
    const result = runNode(root, [bin('jest', 'bin/jest.js'), '--ci']);
    expect(result.output).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(result.status).toBe(0);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
