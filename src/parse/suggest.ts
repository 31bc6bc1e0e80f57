/**
 * "Did you mean …?" for misspelt keys and names.
 *
 * A candidate matches when it equals the word ignoring case, `_` and `-` (`depends-on` →
 * `depends_on`, `Image` → `image`), or when it is within a small edit distance counting an
 * adjacent swap as one edit (`enviroment` → `environment`, `netwroks` → `networks`).
 */

/**
 * Edits allowed before a candidate stops being a plausible typo: 2, fewer for short words (any
 * two 3-letter keys are 2 edits apart), one more for long ones (`servers` → `services` takes 3).
 */
function maxDistance(word: string): number {
  if (word.length <= 3) return 1;
  return word.length >= 7 ? 3 : 2;
}

function fold(word: string): string {
  return word.toLowerCase().replace(/[-_]/g, '');
}

/**
 * Optimal-string-alignment distance (Damerau–Levenshtein without repeated edits of a substring):
 * insertions, deletions, substitutions and swaps of two adjacent characters each cost 1.
 * Stops early and returns `limit + 1` once every alignment costs more than `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // Three rolling rows: the one before the previous is needed for swaps.
  let before: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (before[j - 2] ?? 0) + 1);
      }
      row.push(best);
      rowMin = Math.min(rowMin, best);
    }
    if (rowMin > limit) return limit + 1;
    before = prev;
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/**
 * The candidate the user most likely meant by `word`, or undefined when none is close.
 * Ties go to the candidate listed first, so callers control the preference by order.
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  const folded = fold(word);
  const limit = maxDistance(word);
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    if (fold(candidate) === folded) return candidate;
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase(), limit);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
