// The post step's entry point, bundled by ncc into dist/post. The logic is in post.ts, which
// exports run() so that @github/local-action can run it from source.
import { run } from './post.js'

await run()
