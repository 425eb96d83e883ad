import { describe, expect, test } from 'vitest';
import { redact, redactDeep, secretValues } from '../src/sandbox/guard/redact.js';

describe('secretValues', () => {
  test('keeps the values of ordinary variables, leaves out public, short and path values', () => {
    const secrets = secretValues({
      API_TOKEN: 'tok-1234567890',
      npm_config__authToken: 'npm-secret-value',
      npm_config_registry: 'https://registry.npmjs.org/',
      HOME: '/home/someone-with-a-long-name',
      PATH: '/usr/bin:/bin:/usr/local/bin',
      SHORT: 'abc',
      TMP_DIR_VALUE: '/tmp',
    });
    expect([...secrets]).toEqual([
      ['tok-1234567890', 'API_TOKEN'],
      ['npm-secret-value', 'npm_config__authToken'],
    ]);
  });
});

describe('redact', () => {
  const secrets = new Map([
    ['tok-1234567890', 'API_TOKEN'],
    ['tok-1234567890-long', 'LONG_TOKEN'],
  ]);

  test('replaces every occurrence by the variable name, the longer value first', () => {
    expect(redact('a tok-1234567890 b tok-1234567890-long c tok-1234567890', secrets)).toBe(
      'a [redacted $API_TOKEN] b [redacted $LONG_TOKEN] c [redacted $API_TOKEN]',
    );
  });

  test('walks reports: strings inside objects and arrays, other values as they are', () => {
    const report = {
      source: 'src/a.ts',
      tests: 2,
      problems: [{ code: 'test-failed', message: 'got tok-1234567890' }],
    };
    expect(redactDeep(report, secrets)).toEqual({
      source: 'src/a.ts',
      tests: 2,
      problems: [{ code: 'test-failed', message: 'got [redacted $API_TOKEN]' }],
    });
    expect(report.problems[0]!.message).toBe('got tok-1234567890');
  });
});
