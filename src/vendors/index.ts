import { appsecPlus } from './appsec-plus.js'
import { jfrog } from './jfrog.js'
import { oauth2 } from './oauth2.js'
import { paloaltoSaas } from './paloalto-saas.js'
import { picus } from './picus.js'
import { qualys } from './qualys.js'
import { securithings } from './securithings.js'
import type { Vendor } from './types.js'

/** Every supported vendor, by the value of the `vendor` input. */
export const VENDORS: Readonly<Record<string, Vendor>> = Object.fromEntries(
  [picus, securithings, appsecPlus, qualys, paloaltoSaas, oauth2, jfrog].map((vendor) => [vendor.id, vendor])
)
