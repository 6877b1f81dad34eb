import { appsecPlus } from './appsec-plus.js'
import { blackDuck } from './black-duck.js'
import { appscan } from './appscan.js'
import { crowdstrike } from './crowdstrike.js'
import { cycode } from './cycode.js'
import { endorLabs } from './endor-labs.js'
import { fortifyOnDemand } from './fortify-on-demand.js'
import { checkmarxOne } from './checkmarx-one.js'
import { entraId } from './entra-id.js'
import { lacework } from './lacework.js'
import { jfrog } from './jfrog.js'
import { oauth2 } from './oauth2.js'
import { paloaltoSaas } from './paloalto-saas.js'
import { picus } from './picus.js'
import { prismaCloud } from './prisma-cloud.js'
import { qualys } from './qualys.js'
import { securithings } from './securithings.js'
import { snyk } from './snyk.js'
import type { Vendor } from './types.js'
import { upwind } from './upwind.js'
import { wiz } from './wiz.js'

/** Every supported vendor, by the value of the `vendor` input. */
export const VENDORS: Readonly<Record<string, Vendor>> = Object.fromEntries(
  [
    picus,
    securithings,
    appsecPlus,
    qualys,
    paloaltoSaas,
    crowdstrike,
    wiz,
    prismaCloud,
    checkmarxOne,
    lacework,
    jfrog,
    entraId,
    snyk,
    fortifyOnDemand,
    blackDuck,
    endorLabs,
    appscan,
    cycode,
    upwind,
    oauth2
  ].map((vendor) => [vendor.id, vendor])
)
