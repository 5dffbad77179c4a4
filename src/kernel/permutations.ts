/** Permutations for symmetry reductions (a protocol's `explore.symmetry` builds its group from them). */

/** All permutations of `0..k-1` except the identity, in lexicographic order. */
export function nonIdentityPermutations(k: number): number[][] {
  const out: number[][] = [];
  const perm = Array.from({ length: k }, (_, i) => i);
  const rec = (i: number): void => {
    if (i === k) {
      if (perm.some((x, j) => x !== j)) out.push(perm.slice());
      return;
    }
    for (let j = i; j < k; j++) {
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
      rec(i + 1);
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
  };
  rec(0);
  return out.sort((a, b) => {
    for (let i = 0; i < k; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return 0;
  });
}
