// The post step's entry point, bundled by ncc into dist/post. The logic is in post.ts, which
// exports run() so that @github/local-action can run it from source. run() never rejects (it only
// warns), and no top-level await: it makes the bundle an async module, which costs about 3 ms.
import { run } from './post.js'

void run()
