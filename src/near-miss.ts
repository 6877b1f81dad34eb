// "Did you mean ...?" for names typed a letter or two off: vendors, regions and `with:` keys.

/**
 * Edit distance counting an insertion, deletion, substitution or swap of two neighbouring
 * characters as one edit (optimal string alignment, a restricted Damerau-Levenshtein).
 */
export function editDistance(a: string, b: string): number {
  // rows[i][j]: distance between the first i characters of a and the first j of b.
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0))
  )
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1)
      }
    }
  }
  return rows[a.length][b.length]
}

/**
 * The one choice `typed` is a near miss of, without regard to case and with '_' read as '-':
 * within 2 edits, or 1 for a choice of 4 characters or fewer (so `us` does not suggest `eu`);
 * else the one hyphenated choice that `typed` is the first part of (`checkmarx` for `checkmarx-one`).
 * Undefined when none is, or when two are equally near.
 */
export function nearMiss(typed: string, choices: readonly string[]): string | undefined {
  const normal = (name: string) => name.toLowerCase().replace(/_/g, '-')
  const wanted = normal(typed)
  // Names are short; a long value is no typo of one (and would cost length x length steps).
  if (wanted.length > 64) return undefined
  const byEdits = nearestByEdits(wanted, choices, normal)
  if (byEdits || !wanted) return byEdits
  const extended = choices.filter((choice) => normal(choice).startsWith(`${wanted}-`))
  return extended.length === 1 ? extended[0] : undefined
}

function nearestByEdits(
  wanted: string,
  choices: readonly string[],
  normal: (name: string) => string
): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  let tie = false
  for (const choice of choices) {
    const distance = editDistance(wanted, normal(choice))
    if (distance > (choice.length <= 4 ? 1 : 2)) continue
    if (distance < bestDistance) {
      best = choice
      bestDistance = distance
      tie = false
    } else if (distance === bestDistance) tie = true
  }
  return tie ? undefined : best
}
