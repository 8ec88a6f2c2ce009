/**
 * Dependency cycles (docs/model.md, "Cycles"): the least fixpoint of each cyclic block.
 * Members carry the origins of their impairment; a member ignores an impairment that stems
 * only from itself or from members that have recovered since; and at the end of an instant
 * that touched a block, the block is settled upward from its grounded causes.
 */
import { STATE_UP as STATE_UP_ } from './model.js';
import { CAUSE_DEPENDENCY as CAUSE_DEPENDENCY_, CAUSE_GROUP as CAUSE_GROUP_, CAUSE_NONE as CAUSE_NONE_, type Sim } from './state.js';

// module-level copies of imports: read in hot loops without live-binding indirection
const STATE_UP = STATE_UP_;
const CAUSE_DEPENDENCY = CAUSE_DEPENDENCY_;
const CAUSE_GROUP = CAUSE_GROUP_;
const CAUSE_NONE = CAUSE_NONE_;

/** Origin bit of an impairment that comes from outside its cyclic block: always grounded. */
const ORIGIN_OUTSIDE = 1 << 31;
/** Origin bit shared by the members of a block beyond its first 30 (they cannot tell themselves apart). */
const ORIGIN_OVERFLOW = 1 << 30;

export interface Cycles {
  readonly blockOf: Int32Array;
  /** Bit of each member's position in its block. */
  readonly bitOf: Int32Array;
  /** The origins of each member's impairment (0 when up). */
  readonly originOf: Int32Array;
  /** Per block: the bits of members impaired by a cause of their own (plus ORIGIN_OUTSIDE). */
  readonly grounded: Int32Array;
  readonly overflowGrounded: Int32Array;
  readonly ownGrounded: Uint8Array;
  readonly blockTouched: Uint8Array;
  readonly touched: Int32Array;
  nTouched: number;
  /** True while a block is being settled: evaluations are tentative. */
  settling: boolean;
  /** The block being settled (-1: none). */
  settlingBlock: number;
  /** Services of no block or of another block, queued while a block settles: evaluated after its commit. */
  readonly deferred: Int32Array;
  readonly isDeferred: Uint8Array;
  nDeferred: number;
  readonly saveSt: Uint8Array;
  readonly saveK: Uint8Array;
  readonly saveS: Int32Array;
}

export function newCycles(S: Sim): Cycles {
  const { blockOf, blockStart, blockMembers } = S;
  const nb = blockStart.length;
  // per-service arrays only when there is a cycle at all
  const n = nb > 1 ? S.n : 0;
  const bitOf = new Int32Array(n);
  for (let b = 0; b + 1 < nb; b++) {
    for (let k = blockStart[b]!; k < blockStart[b + 1]!; k++) bitOf[blockMembers[k]!] = k - blockStart[b]! < 30 ? 1 << (k - blockStart[b]!) : ORIGIN_OVERFLOW;
  }
  return {
    blockOf, bitOf, originOf: new Int32Array(n), grounded: new Int32Array(nb).fill(ORIGIN_OUTSIDE), overflowGrounded: new Int32Array(nb),
    ownGrounded: new Uint8Array(n), blockTouched: new Uint8Array(nb), touched: new Int32Array(nb), nTouched: 0, settling: false,
    settlingBlock: -1, deferred: new Int32Array(n), isDeferred: new Uint8Array(n), nDeferred: 0,
    saveSt: new Uint8Array(n), saveK: new Uint8Array(n), saveS: new Int32Array(n),
  };
}

/** The grounded origins of member m's impairment that are not i itself (0: i may ignore it). */
export function liveOrigins(cy: Cycles, m: number, i: number, bi: number): number {
  if (cy.blockOf[m] !== bi) return ORIGIN_OUTSIDE;
  const self = cy.bitOf[i] === ORIGIN_OVERFLOW ? 0 : cy.bitOf[i]!;
  return cy.originOf[m]! & cy.grounded[bi]! & ~self;
}

/** Records the origins of member i's new state; wakes the block's members that read them. */
export function updateOrigin(S: Sim, cy: Cycles, i: number, bi: number, e: number, eK: number, org: number): void {
  const own = e !== STATE_UP && eK !== CAUSE_DEPENDENCY && eK !== CAUSE_GROUP;
  const o = e === STATE_UP ? 0 : own ? cy.bitOf[i]! : org;
  const changed = o !== cy.originOf[i];
  cy.originOf[i] = o;
  const bit = cy.bitOf[i]!;
  if (bit === ORIGIN_OVERFLOW) {
    if (own !== (cy.ownGrounded[i] === 1)) cy.overflowGrounded[bi]! += own ? 1 : -1;
    if (cy.overflowGrounded[bi]! > 0) cy.grounded[bi]! |= bit;
    else cy.grounded[bi]! &= ~bit;
  } else if (own) cy.grounded[bi]! |= bit;
  else cy.grounded[bi]! &= ~bit;
  cy.ownGrounded[i] = own ? 1 : 0;
  // members of the block read origins, not only states: wake them when the origin moved
  if (changed && e === S.st[i]) wakeBlockDependents(S, cy, i, bi);
}

export function wakeBlockDependents(S: Sim, cy: Cycles, i: number, bi: number): void {
  const { revStart, revReqs, reqOwner } = S.g;
  for (let k = revStart[i]!; k < revStart[i + 1]!; k++) {
    const o = reqOwner[revReqs[k]!]!;
    if (cy.blockOf[o] === bi) S.enqueue(o);
  }
}

/** Marks service i's block (if any) as touched in this instant. */
export function touch(cy: Cycles, i: number): void {
  const b = cy.blockOf[i]!;
  if (b >= 0 && !cy.blockTouched[b]) { cy.blockTouched[b] = 1; cy.touched[cy.nTouched++] = b; }
}

/**
 * Whether the worklist's service i must wait for the settling block's commit. While block b
 * settles, only its members are evaluated (tentatively): a service outside it (of no block, or
 * of another block) evaluated then would keep a state that is neither restored nor committed,
 * so its change would never be logged nor reach its dependents. It is queued again once b has
 * committed, and evaluated against the committed states.
 */
export function deferred(cy: Cycles, i: number): boolean {
  if (!cy.settling || cy.blockOf[i] === cy.settlingBlock) return false;
  if (!cy.isDeferred[i]) { cy.isDeferred[i] = 1; cy.deferred[cy.nDeferred++] = i; }
  return true;
}

/**
 * Least fixpoint of block b: members impaired only through a dependency start again from
 * up, the block is iterated upward from its grounded causes (`drain` evaluates the worklist
 * tentatively), and only differences from the states before are committed.
 */
export function settle(S: Sim, cy: Cycles, b: number, drain: () => void, commit: (i: number, e: number, eK: number, eS: number) => void): void {
  const { st, stCauseK, stCauseS, blockStart, blockMembers } = S;
  const m0 = blockStart[b]!;
  const m1 = blockStart[b + 1]!;
  let any = false;
  for (let k = m0; k < m1 && !any; k++) {
    const i = blockMembers[k]!;
    if (st[i] !== STATE_UP && (stCauseK[i] === CAUSE_DEPENDENCY || stCauseK[i] === CAUSE_GROUP)) any = true;
  }
  if (!any) return;
  for (let k = m0; k < m1; k++) {
    const i = blockMembers[k]!;
    cy.saveSt[i] = st[i]!; cy.saveK[i] = stCauseK[i]!; cy.saveS[i] = stCauseS[i]!;
    if (st[i] !== STATE_UP && (stCauseK[i] === CAUSE_DEPENDENCY || stCauseK[i] === CAUSE_GROUP)) { st[i] = STATE_UP; stCauseK[i] = CAUSE_NONE; stCauseS[i] = -1; }
    S.evalCount[i] = 0;
    S.enqueue(i);
  }
  cy.settling = true;
  cy.settlingBlock = b;
  drain();
  cy.settling = false;
  cy.settlingBlock = -1;
  // the services that waited for the block, back on the work list (taken in its order)
  for (let k = 0; k < cy.nDeferred; k++) { const i = cy.deferred[k]!; cy.isDeferred[i] = 0; S.enqueue(i); }
  cy.nDeferred = 0;
  for (let k = m0; k < m1; k++) {
    const i = blockMembers[k]!;
    const e = st[i]!; const eK = stCauseK[i]!; const eS = stCauseS[i]!;
    st[i] = cy.saveSt[i]!; stCauseK[i] = cy.saveK[i]!; stCauseS[i] = cy.saveS[i]!;
    commit(i, e, eK, eS);
  }
}
