/**
 * Test setup: property tests explore fresh random cases on every local run; in CI
 * (CI=true) they use a fixed seed, FC_SEED or 20251020, so a run can be reproduced exactly.
 */
import fc from 'fast-check';

if (process.env.CI) fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20251020) });
