/**
 * Test setup: property tests explore fresh random cases on every local run; in CI
 * (CI=true) they use a fixed seed, FC_SEED or 20251020, so a run can be reproduced exactly.
 *
 * CI is then removed from the environment: ink decides at import time that a CI machine
 * gets no interactive rendering (only the last frame, at a default width), and the terminal
 * UI tests are about interactive rendering at the sizes they ask for.
 */
import fc from 'fast-check';

if (process.env.CI) fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20251020) });
delete process.env.CI;
