// The check is this action's post step (post.mjs); its main step only says so.
console.log("This step's post step checks that vendor-token's post step cleaned up.")
