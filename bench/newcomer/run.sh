#!/usr/bin/env bash
# The README's newcomer path, timed step by step: a fresh clone, build and pack (README "Install"), a
# small Vitest project of a user's (one module, one stable and one flaky test), the tarballs installed,
# `assay init`, `assay generate src`, test runs until `assay flaky` gives a verdict, then a quarantine.
#   bash bench/newcomer/run.sh <repository to clone> [<work dir>]
# Prints one line per step with its wall time, then the machine's load. Needs Node ≥ 20.19, npm, git.
set -euo pipefail
repo=${1:?usage: run.sh <repository to clone> [<work dir>]}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
log="$work/steps.log"
: > "$log"
step() { # step <name> <command…>: runs it, records its wall time; stops the path when it fails
  local name=$1; shift
  local start; start=$(date +%s.%N)
  if ! "$@" > "$work/$name.out" 2>&1; then echo "✗ $name failed: see $work/$name.out"; tail -20 "$work/$name.out"; exit 1; fi
  printf '%-22s %6.1f s\n' "$name" "$(echo "$(date +%s.%N) - $start" | bc)" | tee -a "$log"
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$work"
step clone git clone -q "$repo" assay
cd assay
step install npx -y pnpm@10.34.9 install
step build npx -y pnpm@10.34.9 build
step pack npx -y pnpm@10.34.9 -r --filter "./packages/*" pack --pack-destination "$PWD/packs"
packs=$PWD/packs

# The user's project (not assay's time): a module and its tests, one of them flaky.
mkdir -p "$work/shop/src" "$work/shop/test" && cd "$work/shop"
printf '{ "name": "shop", "private": true, "type": "module", "scripts": { "test": "vitest run" } }\n' > package.json
printf '{ "compilerOptions": { "target": "ES2022", "module": "ESNext", "moduleResolution": "Bundler", "strict": true, "noEmit": true } }\n' > tsconfig.json
cat > src/cart.ts <<'TS'
export interface Item { sku: string; price: number; qty: number }

export function total(items: Item[], discountPercent = 0): number {
  if (discountPercent < 0 || discountPercent > 100) throw new RangeError('discount must be 0-100');
  const sum = items.reduce((s, i) => s + i.price * i.qty, 0);
  return Math.round(sum * (100 - discountPercent)) / 100;
}

export function shippingFor(weightKg: number, express: boolean): number {
  if (weightKg <= 0) throw new Error('weight must be positive');
  const base = weightKg > 10 ? 15 : 5;
  return express ? base * 2 : base;
}
TS
cat > test/cart.test.ts <<'TS'
import { expect, test } from 'vitest';
import { shippingFor, total } from '../src/cart';

test('totals a cart', () => {
  expect(total([{ sku: 'a', price: 2, qty: 3 }])).toBe(6);
});

// Flaky: races a timer against a random delay.
test('ships in time', async () => {
  const delay = Math.random() * 40;
  const started = Date.now();
  await new Promise((r) => setTimeout(r, delay));
  expect(Date.now() - started).toBeLessThan(25);
  expect(shippingFor(1, false)).toBe(5);
});
TS
step user-project npm i -D vitest@4.1.12 typescript@5.9.3

# README "Install" and "Use it on your project", as written.
step install-tarballs npm i -D "$packs"/assay-{0.1.0,core-0.1.0,property-0.1.0,history-0.1.0,vitest-plugin-0.1.0}.tgz
step init npx assay init
step generate npx assay generate src
grep -q 'Install it with: npm install -D @vitest/coverage-v8' "$work/generate.out" &&
  step coverage-provider npm install -D "$(grep -o '@vitest/coverage-v8@[0-9.]*' "$work/generate.out" | head -1)" &&
  step generate-again npx assay generate src
ls test/src/cart.assay.test.ts > /dev/null

# Run the tests as usual until assay calls a test flaky (a failing run exits 1: that is expected here).
runs=0
until grep -q '^flaky ' "$work/flaky.out" 2>/dev/null; do
  runs=$((runs + 1))
  [ "$runs" -le 20 ] || { echo "✗ no flaky verdict after 20 runs"; exit 1; }
  step "test-run-$runs" bash -c 'npx vitest run || true'
  npx assay flaky > "$work/flaky.out" 2>&1 || true
done
step flaky npx assay flaky
step quarantine npx assay quarantine add "test/cart.test.ts::ships in time" --reason "races a timer"
step test-run-quarantined npx vitest run
grep -q '1 quarantined' <(npx assay flaky)
echo "flaky verdict after $runs runs; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '{ s += $2 } END { printf "total %.0f s (clone to quarantine, commands only)\n", s }' "$log"
