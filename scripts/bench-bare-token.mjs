// The benchmark's baseline: only what the main step must do for one Picus token,
// with nothing but Node 24: one POST, mask the token, write the output.
import { appendFileSync } from 'node:fs'
import { request } from 'node:https'

const body = JSON.stringify({ refresh_token: process.env['INPUT_REFRESH-TOKEN'] })
const response = await new Promise((resolve, reject) => {
  const req = request(
    `${process.env['INPUT_BASE-URL']}/v1/auth/token`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }
    },
    resolve
  )
  req.on('error', reject)
  req.end(body)
})
let text = ''
for await (const chunk of response) text += chunk
const { token } = JSON.parse(text)
process.stdout.write(`::add-mask::${token}\n`)
appendFileSync(process.env.GITHUB_OUTPUT, `token<<EOF_BARE\n${token}\nEOF_BARE\n`)
