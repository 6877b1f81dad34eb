// The mutation runs' test sequencer leaves out only the test files that cannot hold a named test: one it
// wrongly leaves out would make a killed mutant look alive.
import { describe, expect, it } from '@jest/globals'
import { mayHoldNamedTests } from '../test-support/mutation-test-sequencer.mjs'

// As Stryker builds it: each test's full name escaped, in parentheses, joined by |.
const pattern = (...names: string[]) =>
  names.map((name) => `(${name.replace(/[.*+\-?^${}()|[\]\\]/g, '\\$&')})`).join('|')

const twoBlocks = "describe('picus login', () => {\n  it('works', f)\n})\n\ndescribe('picus post (revoke)', () => {})\n"

describe('mutation test sequencer', () => {
  it('keeps a file one of whose top-level titles starts a named test', () => {
    expect(mayHoldNamedTests(twoBlocks, pattern('wiz x', 'picus post (revoke) clears the variable'))).toBe(true)
    expect(mayHoldNamedTests(twoBlocks, pattern('picus login works'))).toBe(true)
  })

  it('leaves out a file none of whose titles starts a named test', () => {
    expect(mayHoldNamedTests(twoBlocks, pattern('wiz login works', 'picus logins works'))).toBe(false)
  })

  it('reads escaped quotes in a title', () => {
    const source = "describe('the runner\\'s job', () => {})\n"
    expect(mayHoldNamedTests(source, pattern("the runner's job has a name"))).toBe(true)
    expect(mayHoldNamedTests(source, pattern('another job'))).toBe(false)
  })

  it.each([
    ['a top-level it', "it('alone', f)\ndescribe('a', () => {})\n"],
    ['a top-level test', "test('alone', f)\n"],
    ['describe.each', "describe.each([1])('n %i', () => {})\n"],
    ['a title in a variable', 'describe(TITLE, () => {})\n'],
    ['a template title', 'describe(`t ${x}`, () => {})\n']
  ])('keeps a file with %s whatever the names', (_case, source) => {
    expect(mayHoldNamedTests(source, pattern('nothing of that file'))).toBe(true)
  })
})
