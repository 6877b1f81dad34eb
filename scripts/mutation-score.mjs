// The mutation score of each chunk's incremental report and of all of them together (scripts/mutation-chunks.sh):
// killed and timed-out mutants over those plus the survivors and the mutants no test covers. Compile errors
// (the TypeScript checker refused the mutant) and ignored mutants (static, or disabled in src) are not counted.
import { readFileSync } from 'node:fs'

const total = {}
for (const file of process.argv.slice(2)) {
  const counts = {}
  for (const { mutants } of Object.values(JSON.parse(readFileSync(file, 'utf8')).files)) {
    for (const { status } of mutants) {
      counts[status] = (counts[status] ?? 0) + 1
      total[status] = (total[status] ?? 0) + 1
    }
  }
  console.log(line(file, counts))
}
console.log(line('all', total))

function line(name, counts) {
  const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0)
  const scored = detected + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0)
  const score = scored ? `${((100 * detected) / scored).toFixed(1)}%` : 'n/a'
  return `${name}: ${score} (${detected} of ${scored}); ${JSON.stringify(counts)}`
}
