// Jest test sequencer for mutation runs only (stryker.config.mjs). For each mutant, Stryker runs the tests that
// cover it as a testNamePattern, over every test file related to the mutated source file, and in this project
// that is every test file (they all import the action). Jest then loads all of them to run a handful of
// tests: most of a mutant's time, and enough to push many past Stryker's timeout. This leaves out the test
// files none of whose tests the pattern can name, judged conservatively from the source: a file is kept unless
// each of its top-level blocks is a describe('literal title') that no pattern entry starts with. Leaving out a
// file too many could only make a killed mutant look alive, never the reverse.
import { readFileSync } from 'node:fs'
import Sequencer from '@jest/test-sequencer'

const TOP_LEVEL_DESCRIBE = /^describe\(\s*'((?:[^'\\]|\\.)*)'/gm
// A top-level test, describe.each, or a title that is not a plain string literal: keep the file.
const UNSURE = /^(?:it|test)\b|^describe\.|^describe\(\s*[^'\s]/m

const unescape = (text) => text.replace(/\\(.)/g, '$1')

export function mayHoldNamedTests(source, pattern) {
  if (UNSURE.test(source)) return true
  // Stryker's pattern is (name)|(name)|... with each full name ("describe title" + " " + "test title")
  // escaped; without the escapes, a name that starts with a title shows as "(" + title + " ".
  const names = unescape(pattern)
  for (const [, title] of source.matchAll(TOP_LEVEL_DESCRIBE)) {
    if (names.includes(`(${unescape(title)} `)) return true
  }
  return false
}

export default class MutationTestSequencer extends Sequencer {
  constructor(options) {
    super(options)
    this.testNamePattern = options?.globalConfig?.testNamePattern
  }

  sort(tests) {
    const pattern = this.testNamePattern
    const kept = pattern ? tests.filter((test) => mayHoldNamedTests(readFileSync(test.path, 'utf8'), pattern)) : tests
    return super.sort(kept)
  }
}
