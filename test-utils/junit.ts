// JUnit checks shared by history's and the plugins' tests: validation against Maven Surefire's report
// schema (surefire-test-report.xsd, shipped in the `junit-processor` npm package) with libxml2 compiled
// to WebAssembly (`xmllint-wasm`: CI has no Debian packages), and reading back with fast-xml-parser,
// as a CI system's JUnit parser would.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';

const require = createRequire(import.meta.url);
const schemaDir = join(dirname(require.resolve('junit-processor/package.json')), 'schemas');
const SUREFIRE_XSD = readFileSync(join(schemaDir, 'surefire-test-report.xsd'), 'utf8');

/** Schema errors of a JUnit document (empty when it validates against Surefire's XSD). */
export async function junitSchemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'junit.xml', contents: xml }],
    schema: [{ fileName: 'surefire-test-report.xsd', contents: SUREFIRE_XSD }],
  });
  return result.errors.map((e) => e.rawMessage);
}

/** One test case as read back: its name, class name and child elements (attributes under `@_`). */
export interface ParsedCase {
  '@_name': string;
  '@_classname': string;
  '@_time': string;
  failure?: Record<string, string>[];
  rerunFailure?: Record<string, string>[];
  flakyFailure?: Record<string, string>[];
  skipped?: Record<string, string>[];
  'system-out'?: string[];
}

/** The suite's attributes, properties (name → values) and cases by assay test id (`classname::name`). */
export function readJunit(xml: string): {
  suite: Record<string, string>;
  properties: Record<string, string[]>;
  cases: Record<string, ParsedCase>;
} {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name) =>
      ['testcase', 'property', 'failure', 'rerunFailure', 'flakyFailure', 'skipped', 'system-out'].includes(
        name,
      ),
  });
  const suite = parser.parse(xml).testsuite as Record<string, unknown>;
  const properties: Record<string, string[]> = {};
  const list = (suite.properties as { property?: Record<string, string>[] } | undefined)?.property ?? [];
  for (const p of list) {
    const name = p['@_name']!;
    properties[name] = [...(properties[name] ?? []), p['@_value']!];
  }
  const cases: Record<string, ParsedCase> = {};
  for (const c of (suite.testcase ?? []) as ParsedCase[]) {
    // An empty element (`<skipped/>`) reads as '': normalise to an object.
    for (const key of ['failure', 'rerunFailure', 'flakyFailure', 'skipped'] as const) {
      if (c[key]) c[key] = c[key]!.map((v) => (typeof v === 'string' ? { '#text': v } : v));
    }
    cases[`${c['@_classname']}::${c['@_name']}`] = c;
  }
  const attributes = Object.fromEntries(Object.entries(suite).filter(([k]) => k.startsWith('@_'))) as Record<
    string,
    string
  >;
  return { suite: attributes, properties, cases };
}
