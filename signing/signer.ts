/**
 * Validates one signing (or seal-maker) certificate: path to an anchor, then revocation of every
 * certificate on it. Shared by JWS x5c, CMS and GB/T 38540 seals.
 */
import { checkRevocation } from './crl.js'
import { summarise, validateChain, type ChainRequest } from './chain.js'
import type { VerifyContext } from './context.js'
import type { ReportBuilder, SignerSummary, VerificationReport } from './report.js'
import type { Anchor } from './trust-store.js'

export interface SignerValidation {
  anchor: Anchor | undefined
  summary: SignerSummary
  revocation: VerificationReport['revocation']
}

export function validateSigner(ctx: VerifyContext, req: ChainRequest, report: ReportBuilder): SignerValidation {
  const chain = validateChain(ctx, req, report)
  const revocation = chain ? checkRevocation(ctx, chain, req.signingTime, report) : undefined
  return { anchor: chain?.anchor, summary: summarise(req.leaf, chain?.anchor), revocation }
}
