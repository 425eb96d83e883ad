import { describe, expect, test } from 'vitest';
import { criteriaOf, featureName, parseRequirementsDocument } from '../src/spec/document.js';
import { renderSpecTests } from '../src/spec/render.js';

const KIRO = `# Requirements Document

## Introduction

The system SHALL be described here in prose only.

## Requirements

### Requirement 1: Sign in

**User Story:** As a user, I want to sign in, so that I see my data.

#### Acceptance Criteria

1. WHEN a user submits valid credentials THEN the system SHALL open a session
2. IF the password is wrong THEN the system SHALL show "invalid credentials"
   and keep the email field filled
3. WHEN the session starts THEN the system SHALL:
   - load the profile
   - load the settings

### Requirement 2: Lockout

#### Acceptance Criteria

1. WHILE an account is locked, THE Auth_Service SHALL refuse every sign-in
2. Locked accounts are rare

\`\`\`
1. WHEN this is code THEN the system SHALL ignore it
\`\`\`

## Non-functional requirements

- The API SHALL answer within 200 ms
- Logs are kept for 30 days
`;

describe('parseRequirementsDocument', () => {
  const doc = parseRequirementsDocument(KIRO, '.kiro/specs/sign-in/requirements.md');

  test('numbers criteria by requirement and list number, tagged with the feature', () => {
    expect(doc.feature).toBe('sign-in');
    expect(doc.requirements.map((r) => [r.id, r.title])).toEqual([
      ['1', 'Sign in'],
      ['2', 'Lockout'],
      ['0', 'Statements outside a numbered requirement'],
    ]);
    expect(criteriaOf(doc).map((c) => c.tag)).toEqual([
      'sign-in#1.1',
      'sign-in#1.2',
      'sign-in#1.3',
      'sign-in#2.1',
      'sign-in#2.2',
      'sign-in#0.1',
      'sign-in#0.2',
    ]);
  });

  test('joins wrapped lines and sub-points to their criterion', () => {
    const [, second, third] = doc.requirements[0]?.criteria ?? [];
    expect(second?.text).toBe(
      'IF the password is wrong THEN the system SHALL show "invalid credentials" and keep the email field filled',
    );
    expect(second?.ears?.form).toBe('unwanted-behaviour');
    expect(third?.text).toBe(
      'WHEN the session starts THEN the system SHALL: ; load the profile ; load the settings',
    );
    expect(third?.ears?.response).toBe('; load the profile ; load the settings');
  });

  test('keeps every criterion, EARS or not, and SHALL sentences outside requirements; ignores code', () => {
    const lockout = doc.requirements[1]?.criteria ?? [];
    expect(lockout[0]?.ears?.form).toBe('state-driven');
    expect(lockout[1]).toMatchObject({
      text: 'Locked accounts are rare',
      problem: expect.stringContaining('no SHALL'),
    });
    const outside = doc.requirements[2]?.criteria ?? [];
    expect(outside.map((c) => c.text)).toEqual([
      'The system SHALL be described here in prose only.',
      'The API SHALL answer within 200 ms',
    ]);
    expect(criteriaOf(doc).some((c) => c.text.includes('this is code'))).toBe(false);
  });

  test('takes dotted numbers as the criterion id and "US-3" headings as requirement ids', () => {
    const other = parseRequirementsDocument(
      '### US-3: Export\n\n**Acceptance Criteria:**\n\n3.1. WHEN asked THE Exporter SHALL write CSV\n- THE Exporter SHALL quote commas\n',
      'docs/export.md',
    );
    expect(other.feature).toBe('export');
    expect(criteriaOf(other).map((c) => [c.id, c.ears?.form])).toEqual([
      ['3.1', 'event-driven'],
      ['US-3.2', 'ubiquitous'],
    ]);
  });

  test('names the feature after the spec folder or the file', () => {
    expect(featureName('/repo/.kiro/specs/user auth/requirements.md')).toBe('user-auth');
    expect(featureName('docs/billing.md')).toBe('billing');
  });
});

describe('renderSpecTests', () => {
  test('one describe per requirement, a todo per criterion with Given/When/Then comments', () => {
    const doc = parseRequirementsDocument(
      "### Requirement 1: Focus\n\n#### Acceptance Criteria\n\n1. WHILE a dialog is open, WHEN the user presses Tab, THE UI SHALL keep focus in it\n2. It's quick\n",
      '.kiro/specs/focus/requirements.md',
    );
    const vitest = renderSpecTests(doc, {
      framework: 'vitest',
      documentPath: '.kiro/specs/focus/requirements.md',
      marker: '// m',
    });
    expect(vitest).toBe(`// m
// Tests for .kiro/specs/focus/requirements.md: one describe per requirement, one test per acceptance criterion.
// Replace each test.todo with a test and keep the id (e.g. focus#1.1) in its name:
// \`assay spec --report\` links tests to criteria by that id.
import { describe, test } from 'vitest';

describe('Requirement 1: Focus', () => {
  // complex, line 5
  // Given (WHILE) a dialog is open
  // When (WHEN) the user presses Tab
  // Then THE UI SHALL keep focus in it
  test.todo('focus#1.1 WHILE a dialog is open, WHEN the user presses Tab, THE UI SHALL keep focus in it');

  // Not EARS (no SHALL (or MUST): an EARS requirement says what the system SHALL do); line 6.
  test.todo('focus#1.2 It\\'s quick');
});
`);
    const jest = renderSpecTests(doc, { framework: 'jest', documentPath: 'x.md', marker: '// m' });
    expect(jest).not.toContain('import');
    expect(jest).toContain("test.todo('focus#1.1 ");
  });

  test('a loosely read statement carries its note and context above the todo', () => {
    const doc = parseRequirementsDocument(
      '### Requirement 2: Certs\n\n#### Acceptance Criteria\n\n1. Nodes renew early. A renewal failure of a node certificate (no quorum) SHALL be retried\n',
      '.kiro/specs/certs/requirements.md',
    );
    const text = renderSpecTests(doc, { framework: 'jest', documentPath: 'x.md', marker: '// m' });
    expect(text).toContain(
      '  // ubiquitous, line 5 (the subject before SHALL is a phrase, not a system name: read as the system (EARS writes "THE <system> SHALL …"))\n  // Context: Nodes renew early\n  // Then A renewal failure of a node certificate (no quorum) SHALL be retried\n',
    );
  });
});
