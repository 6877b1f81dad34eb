// The main step's entry point, bundled by ncc into dist/main. The logic is in main.ts, which
// exports run() so that @github/local-action can run it from source. run() never rejects (every
// failure becomes one safe error line), and no top-level await: it makes the bundle an async
// module, which costs about 3 ms at the start of every step.
import { run } from './main.js'

void run()
