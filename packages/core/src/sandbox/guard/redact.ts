import fs from 'node:fs';

/**
 * Environment variables whose values are not secrets and show up in ordinary output (paths, locale):
 * redacting them would mangle every path in a message.
 */
const PUBLIC_NAMES =
  /^(PATH|HOME|PWD|OLDPWD|SHELL|USER|USERNAME|LOGNAME|HOSTNAME|LANG|LANGUAGE|LC_\w+|TZ|TERM|TERM_\w+|COLORTERM|TMPDIR|TMP|TEMP|NODE_ENV|NODE|EDITOR|VISUAL|PAGER|SHLVL|_|INIT_CWD|npm_(package|lifecycle|node|execpath|command)\w*|PNPM_\w+|COREPACK_\w+|CI|FORCE_COLOR|NO_COLOR|DEBUG|XDG_\w+)$/;

/** npm passes its whole config as `npm_config_*`: public, except what names a credential. */
const NPM_PUBLIC = /^npm_config_(?!.*(auth|token|pass|secret|key|cert))/i;

/** Values shorter than this are too common to be told apart from ordinary text (`true`, `1`, `dev`). */
const MIN_SECRET_LENGTH = 8;

/**
 * The values that must not reach any output: every environment variable's value except the public ones
 * (paths, locale, terminal) and those too short to be a credential or an existing path.
 */
export function secretValues(env: NodeJS.ProcessEnv = process.env): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value || value.length < MIN_SECRET_LENGTH || PUBLIC_NAMES.test(name) || NPM_PUBLIC.test(name))
      continue;
    if (value.startsWith('/') && fs.existsSync(value)) continue;
    secrets.set(value, name);
  }
  return secrets;
}

/**
 * Replaces each secret value in `text` by `[redacted $NAME]`. Longer values first, so a value that
 * contains another is replaced whole.
 *
 * @example
 * ```ts
 * redact('bad token tok-123456', new Map([['tok-123456', 'API_TOKEN']])); // 'bad token [redacted $API_TOKEN]'
 * ```
 */
export function redact(text: string, secrets: ReadonlyMap<string, string> = secretValues()): string {
  let out = text;
  for (const [value, name] of [...secrets].sort((a, b) => b[0].length - a[0].length))
    if (out.includes(value)) out = out.split(value).join(`[redacted $${name}]`);
  return out;
}

/** `value` with every string inside it redacted (reports, progress events): a deep copy. */
export function redactDeep<T>(value: T, secrets: ReadonlyMap<string, string> = secretValues()): T {
  if (secrets.size === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
