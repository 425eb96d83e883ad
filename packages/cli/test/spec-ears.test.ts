import { describe, expect, test } from 'vitest';
import { LOOSE_SUBJECT_NOTE, parseEars } from '../src/spec/ears.js';

describe('parseEars reads each EARS form', () => {
  test('ubiquitous: THE <system> SHALL <response>', () => {
    expect(
      parseEars('THE Lambda_Stack SHALL use `ssm.ParameterTier.STANDARD` for route parameters.'),
    ).toEqual({
      form: 'ubiquitous',
      clauses: [],
      system: 'THE Lambda_Stack',
      response: 'use ssm.ParameterTier.STANDARD for route parameters',
      modal: 'SHALL',
    });
  });

  test('event-driven, Kiro style: WHEN … THEN the system SHALL …', () => {
    expect(
      parseEars('WHEN a user presses Tab THEN the system SHALL move the focus to the next element'),
    ).toEqual({
      form: 'event-driven',
      clauses: [{ keyword: 'WHEN', text: 'a user presses Tab' }],
      system: 'the system',
      response: 'move the focus to the next element',
      modal: 'SHALL',
    });
  });

  test('event-driven, classic style: When …, the <system> shall …', () => {
    expect(parseEars('When the order is paid, the billing service shall send a receipt.')).toMatchObject({
      form: 'event-driven',
      clauses: [{ keyword: 'WHEN', text: 'the order is paid' }],
      system: 'the billing service',
      response: 'send a receipt',
    });
  });

  test('state-driven: WHILE …, THE <system> SHALL …', () => {
    expect(parseEars('WHILE the device is offline, THE Sync_Engine SHALL queue every change')).toMatchObject({
      form: 'state-driven',
      clauses: [{ keyword: 'WHILE', text: 'the device is offline' }],
      system: 'THE Sync_Engine',
    });
  });

  test('unwanted behaviour: IF …, THEN THE <system> SHALL …', () => {
    expect(
      parseEars('IF the token has expired, THEN THE Auth_Service SHALL reject the request with 401'),
    ).toMatchObject({
      form: 'unwanted-behaviour',
      clauses: [{ keyword: 'IF', text: 'the token has expired' }],
      system: 'THE Auth_Service',
      response: 'reject the request with 401',
    });
  });

  test('optional feature: WHERE …, THE <system> SHALL …', () => {
    expect(parseEars('WHERE dark mode is enabled, THE UI SHALL use the dark palette')).toMatchObject({
      form: 'optional-feature',
      clauses: [{ keyword: 'WHERE', text: 'dark mode is enabled' }],
      system: 'THE UI',
    });
  });

  test('complex: WHILE …, WHEN …, THE <system> SHALL …', () => {
    expect(
      parseEars(
        'While the player is in combat, when the health drops below 10, the game shall play a warning sound',
      ),
    ).toMatchObject({
      form: 'complex',
      clauses: [
        { keyword: 'WHILE', text: 'the player is in combat' },
        { keyword: 'WHEN', text: 'the health drops below 10' },
      ],
      system: 'the game',
      response: 'play a warning sound',
    });
  });

  test('capitalised AND stays inside the clause; a second capitalised WHEN opens another', () => {
    expect(parseEars('WHEN x is set AND y is empty THEN the system SHALL warn')).toMatchObject({
      form: 'event-driven',
      clauses: [{ keyword: 'WHEN', text: 'x is set AND y is empty' }],
    });
    expect(parseEars('WHERE export is on WHEN the user saves THE Editor SHALL write a copy')).toMatchObject({
      form: 'complex',
      clauses: [
        { keyword: 'WHERE', text: 'export is on' },
        { keyword: 'WHEN', text: 'the user saves' },
      ],
      system: 'THE Editor',
    });
  });

  test('a lowercase "when" inside a clause is part of it, and SHALL NOT keeps the negation', () => {
    expect(parseEars('IF the cache is stale when read THEN the system SHALL NOT serve it')).toMatchObject({
      clauses: [{ keyword: 'IF', text: 'the cache is stale when read' }],
      response: 'NOT serve it',
    });
  });

  test('non-English text around the EARS keywords', () => {
    expect(parseEars('WHEN 使用者首次登入 THEN 系統 SHALL 自動綁定 slack_user_id')).toMatchObject({
      form: 'event-driven',
      clauses: [{ keyword: 'WHEN', text: '使用者首次登入' }],
      system: '系統',
    });
    expect(parseEars('WHEN Front-end 接收原始中文文本输入，THE Front-end SHALL 输出')).toMatchObject({
      clauses: [{ keyword: 'WHEN', text: 'Front-end 接收原始中文文本输入' }],
      system: 'THE Front-end',
    });
  });

  test('a lowercase "then" inside a clause is prose, not THEN', () => {
    expect(
      parseEars('WHEN the steps must run in order (connect, then write) THEN the client SHALL chain them'),
    ).toMatchObject({
      clauses: [{ keyword: 'WHEN', text: 'the steps must run in order (connect, then write)' }],
      system: 'the client',
    });
  });

  test('the system named first, its condition set off by commas', () => {
    expect(parseEars('The replacing hint, when non-null, SHALL be logged')).toMatchObject({
      form: 'event-driven',
      clauses: [{ keyword: 'WHEN', text: 'non-null' }],
      system: 'The replacing hint',
      response: 'be logged',
    });
  });

  test('a code identifier names the system when no comma or "the" does', () => {
    expect(parseEars('When the cluster vector is empty assess_quorum SHALL return at once')).toMatchObject({
      clauses: [{ keyword: 'WHEN', text: 'the cluster vector is empty' }],
      system: 'assess_quorum',
    });
  });

  test('MUST reads like SHALL, and says so', () => {
    expect(parseEars('WHEN tests fail, THEN the build MUST fail')).toMatchObject({
      form: 'event-driven',
      system: 'the build',
      response: 'fail',
      modal: 'MUST',
    });
  });
});

describe('parseEars reads a subject phrase before SHALL as the system', () => {
  test('a noun phrase is the subject, with a note that it is not a system name', () => {
    expect(
      parseEars(
        'Failure to obtain a certificate (leader unreachable, no quorum) SHALL be retried with backoff.',
      ),
    ).toEqual({
      form: 'ubiquitous',
      clauses: [],
      system: 'Failure to obtain a certificate (leader unreachable, no quorum)',
      response: 'be retried with backoff',
      modal: 'SHALL',
      note: LOOSE_SUBJECT_NOTE,
    });
  });

  test('a leading phrase set off by a comma is context; the short name after it is the system', () => {
    expect(parseEars('Once the new instance is found, provision_node SHALL derive its id')).toMatchObject({
      form: 'ubiquitous',
      system: 'provision_node',
      context: 'Once the new instance is found',
    });
    expect(
      parseEars('For every order in the queue that is older than a day, the system shall retry'),
    ).toMatchObject({
      system: 'the system',
      context: 'For every order in the queue that is older than a day',
    });
  });

  test('a list of subjects stays one subject: its last item is not the system', () => {
    const result = parseEars('No target definition, find_package call, or test SHALL reference CCACHE');
    expect(result).toMatchObject({ system: 'No target definition, find_package call, or test' });
    expect(result).toHaveProperty('note', LOOSE_SUBJECT_NOTE);
  });

  test('commas inside brackets do not split the subject', () => {
    expect(
      parseEars('Scale-out failure surfaced by ESS (capacity, stockout, quota) SHALL reject'),
    ).toMatchObject({
      system: 'Scale-out failure surfaced by ESS (capacity, stockout, quota)',
    });
    expect(parseEars('A check quorum_manager<A, B> of the class SHALL compile')).toMatchObject({
      system: 'A check quorum_manager<A, B> of the class',
    });
  });

  test('earlier sentences and a label before a colon are context, the last clause is the statement', () => {
    expect(
      parseEars('These suites have never run. Each real-test task in tasks.md SHALL stay unchecked'),
    ).toMatchObject({ context: 'These suites have never run', system: 'Each real-test task in tasks.md' });
    expect(parseEars('Durability contract (stated head-on): every mutating method SHALL sync')).toMatchObject(
      {
        context: 'Durability contract (stated head-on)',
        system: 'every mutating method',
      },
    );
  });

  test('a label or sentence before a capitalised keyword is context, and the EARS form is kept', () => {
    expect(
      parseEars('DNS integration (Case 3): WHEN a node uses DNS discovery, the provider SHALL register it'),
    ).toMatchObject({
      form: 'event-driven',
      clauses: [{ keyword: 'WHEN', text: 'a node uses DNS discovery' }],
      system: 'the provider',
      context: 'DNS integration (Case 3)',
    });
    expect(parseEars('ESS picks the zone; WHEN the zone differs, the manager SHALL log it')).toMatchObject({
      form: 'event-driven',
      context: 'ESS picks the zone',
      system: 'the manager',
    });
  });

  test('several subjects after a condition: the condition ends at its first comma', () => {
    expect(
      parseEars(
        'WHEN OpenSSL is not detected, the ca target, the ca_service executable, and any test that depends on them SHALL be skipped',
      ),
    ).toMatchObject({
      form: 'event-driven',
      clauses: [{ keyword: 'WHEN', text: 'OpenSSL is not detected' }],
      system: 'the ca target, the ca_service executable, and any test that depends on them',
      note: LOOSE_SUBJECT_NOTE,
    });
  });

  test('a short system name gets no note and no context', () => {
    const result = parseEars('THE Lambda_Stack SHALL use STANDARD');
    expect(result).not.toHaveProperty('note');
    expect(result).not.toHaveProperty('context');
  });
});

describe('parseEars says why a sentence is not EARS', () => {
  test.each([
    ['Pipeline triggers automatically on push', 'no SHALL (or MUST)'],
    ['THE system SHALL', 'nothing after SHALL'],
    ['SHALL: Indicates a mandatory requirement', 'nothing before SHALL'],
    ['Ideally, when saving, the system shall compress', '"Ideally" comes before the first EARS keyword'],
    ['WHEN the user saves SHALL store it', 'no system name between the WHEN clause and SHALL'],
    ['THEN the system SHALL log', 'THEN without a WHEN, WHILE, IF or WHERE condition'],
  ])('%s', (sentence, reason) => {
    const result = parseEars(sentence);
    expect(result).toHaveProperty('reason');
    expect((result as { reason: string }).reason).toContain(reason);
  });
});
