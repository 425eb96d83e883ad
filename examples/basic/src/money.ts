export enum Currency {
  EUR = 'EUR',
  USD = 'USD',
  JPY = 'JPY',
}

/** Digits after the decimal point used by each currency. */
export function minorUnits(currency: Currency): number {
  return currency === Currency.JPY ? 0 : 2;
}

/** Formats an amount given in minor units (cents), e.g. 1234 EUR → "12.34 EUR". */
export function formatAmount(minor: number, currency: Currency): string {
  if (!Number.isInteger(minor)) {
    throw new TypeError(`amount must be a whole number of minor units, got ${minor}`);
  }
  const digits = minorUnits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs} ${currency}`;
  const units = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${units}.${cents} ${currency}`;
}

/** Splits an amount into `parts` shares that differ by at most one minor unit and add up to it. */
export function allocate(minor: number, parts: number): number[] {
  if (parts <= 0 || !Number.isInteger(parts)) {
    throw new RangeError('parts must be a positive whole number');
  }
  const base = Math.floor(minor / parts);
  const remainder = minor - base * parts;
  return Array.from({ length: parts }, (_, i) => (i < remainder ? base + 1 : base));
}
