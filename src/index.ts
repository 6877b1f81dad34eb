// The main step's entry point, bundled by ncc into dist/main. The logic is in main.ts, which
// exports run() so that @github/local-action can run it from source.
import { run } from './main.js'

await run()
