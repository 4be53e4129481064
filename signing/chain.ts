/**
 * Certification path building and validation against the trust store: the essentials of
 * RFC 5280 §6.1 — issuer name chaining (with key identifiers as a hint), signatures, validity,
 * basicConstraints and pathLenConstraint, keyUsage, unrecognised critical extensions — plus the
 * region constraint of the federation.
 *
 * Building a path and checking its static constraints depend only on the certificates offered,
 * the purpose and the verifier's fixed trust store, so the result is kept per verifier as a
 * `ChainPlan`. What depends on the moment or on the caller — validity at the signing time or
 * now, the expected region, and (in crl.ts) revocation — is judged again on every call.
 */
import type { VerifyContext } from './context.js'
import { isoTime } from './iso-time.js'
import type { ReportBuilder, SignerSummary } from './report.js'
import type { Anchor, AnchorKind } from './trust-store.js'
import { signedBy } from './verify-signature.js'
import type { Certificate } from './x509.js'

const MAX_DEPTH = 8

export interface ChainRequest {
  leaf: Certificate
  /** Certificates shipped with the signature (CMS certificates, JWS x5c, seal cert lists). */
  intermediates: readonly Certificate[]
  /** Anchors acceptable for this purpose: document signers use CAs; seal makers also the listed makers. */
  anchorKinds: readonly AnchorKind[]
  /** The claimed signing time, or undefined to judge at `now`. */
  signingTime: Date | undefined
  /** Check-name prefix, e.g. 'signer' or 'maker'. */
  label: string
  /**
   * Where to remember the plan for the next call: a field of the parsed object this request
   * always comes from (a JWS x5c chain, a CMS SignerInfo with no extra certificates, a parsed
   * seal or seal signature). Such an object fixes leaf, certificates, anchor kinds and label,
   * each kind being passed from exactly one call site, so a warm call needs no key at all.
   */
  slot?: PlanSlot
}

export interface PlanSlot {
  plan?: ChainPlan
  /** The verifier cache the plan came from: a slot never hands a plan to another verifier. */
  of?: object
}

export interface ValidatedChain {
  readonly path: readonly Certificate[]
  readonly anchor: Anchor
  /** Check names for the revocation status of path[0 … n-2], in path order. */
  readonly revocationChecks: readonly string[]
}

/** A built path and everything about it that does not depend on time or on the caller. */
export interface ChainPlan {
  readonly path: readonly Certificate[] | undefined
  readonly anchor: Anchor | undefined
  /** An issuer matched by name but its signature did not verify. */
  readonly badSignature: boolean
  /** Reasons for each static constraint the path breaks, in path order (RFC 5280 §6.1.4). */
  readonly violations: readonly string[]
  readonly chainDetail: string
  /** Validity bounds of path[i] in epoch milliseconds, for the per-call time checks. */
  readonly notBefore: readonly number[]
  readonly notAfter: readonly number[]
  readonly names: { readonly chain: string; readonly validity: string; readonly constraints: string }
  readonly revocationChecks: readonly string[]
}

export function certSignatureValid(ctx: VerifyContext, child: Certificate, issuer: Certificate): boolean {
  return signedBy(ctx.certSignatures, child, issuer.publicKey)
}

function anchorFor(ctx: VerifyContext, c: Certificate, kinds: readonly AnchorKind[]): Anchor | undefined {
  return ctx.store.byFingerprint.get(c.fingerprint)?.find((a) => kinds.includes(a.kind))
}

/** Depth-first search from the leaf; remembers whether a name match failed its signature. */
function build(ctx: VerifyContext, req: ChainRequest): { path?: Certificate[]; anchor?: Anchor; badSignature: boolean } {
  let badSignature = false
  const walk = (cert: Certificate, seen: Set<string>): { path: Certificate[]; anchor: Anchor } | undefined => {
    const self = anchorFor(ctx, cert, req.anchorKinds)
    if (self) return { path: [cert], anchor: self }
    if (seen.size >= MAX_DEPTH) return undefined
    const anchors = (ctx.store.bySubject.get(cert.issuerKey) ?? []).filter((a) => req.anchorKinds.includes(a.kind))
    const candidates = [...anchors.map((a) => a.cert), ...req.intermediates.filter((c) => c.subjectKey === cert.issuerKey)]
    for (const cand of candidates) {
      if (seen.has(cand.fingerprint) || cand.fingerprint === cert.fingerprint) continue
      // Key identifiers only narrow the search (RFC 5280 §4.2.1.1); names decide.
      if (cert.authorityKeyId && cand.subjectKeyId && cert.authorityKeyId !== cand.subjectKeyId) continue
      if (!certSignatureValid(ctx, cert, cand)) { badSignature = true; continue }
      const rest = walk(cand, new Set(seen).add(cert.fingerprint))
      if (rest) return { path: [cert, ...rest.path], anchor: rest.anchor }
    }
    return undefined
  }
  const found = walk(req.leaf, new Set())
  return { ...found, badSignature }
}

/** Static constraints: critical extensions, basicConstraints, keyUsage, pathLenConstraint. */
function violationsOf(path: readonly Certificate[], anchor: Anchor, label: string): string[] {
  const out: string[] = []
  const constraint = (ok: boolean, why: string): void => { if (!ok) out.push(why) }
  path.forEach((c, i) => {
    constraint(c.unknownCriticalExtensions.length === 0, `The certificate "${c.subject}" has an unrecognised critical extension.`)
    if (i === 0) {
      if (path.length > 1 || anchor.kind === 'seal-maker')
        constraint(!c.keyUsage || c.keyUsage.has('digitalSignature') || c.keyUsage.has('nonRepudiation'),
          `The ${label}'s certificate is not allowed to make signatures (keyUsage).`)
      return
    }
    constraint(c.ca, `The issuing certificate "${c.subject}" is not a CA (basicConstraints).`)
    constraint(!c.keyUsage || c.keyUsage.has('keyCertSign'), `The issuing certificate "${c.subject}" may not sign certificates (keyUsage).`)
    // pathLenConstraint counts the non-self-issued intermediates below this CA (RFC 5280 §4.2.1.9).
    const below = path.slice(1, i).filter((x) => x.subjectKey !== x.issuerKey).length
    constraint(c.pathLen === undefined || below <= c.pathLen, `The path is longer than "${c.subject}" allows (pathLenConstraint ${c.pathLen}).`)
  })
  return out
}

/**
 * The plan for exactly this request. The key holds every input of `build` and `violationsOf`:
 * the trust store's id (the cache is per verifier, whose store is fixed, but the id keeps a
 * shared cache from ever mixing stores), the purpose (label and anchor kinds), and the leaf and
 * each offered certificate in order (the order decides which of several valid paths is found
 * first), named by `Certificate.uid`: a process-unique number per parsed object, so one uid
 * always means the same DER. Uids keep the key short; V8 hashes a string key in full on every
 * lookup, and a key of SHA-256 fingerprints cost about a microsecond per verification.
 */
export function chainPlan(ctx: VerifyContext, req: ChainRequest): ChainPlan {
  const { slot } = req
  if (slot?.plan && slot.of === ctx.chains) return slot.plan
  let key = `${ctx.store.id}|${req.label}|${req.anchorKinds.join(',')}|${req.leaf.uid}|`
  for (const c of req.intermediates) key += `${c.uid},`
  let plan = ctx.chains.get(key)
  if (plan === undefined) {
    plan = makePlan(ctx, req)
    ctx.chains.set(key, plan)
  }
  if (slot) { slot.plan = plan; slot.of = ctx.chains }
  return plan
}

function makePlan(ctx: VerifyContext, req: ChainRequest): ChainPlan {
  const { label } = req
  const { path, anchor, badSignature } = build(ctx, req)
  const names = { chain: `${label} certificate chain`, validity: `${label} certificate validity`, constraints: `${label} chain constraints` }
  if (!path || !anchor)
    return { path: undefined, anchor: undefined, badSignature, violations: [], chainDetail: '', notBefore: [], notAfter: [], names, revocationChecks: [] }
  return {
    path, anchor, badSignature, names,
    violations: violationsOf(path, anchor, label),
    chainDetail: `${path.length} certificate(s) to anchor of region ${anchor.region}`,
    notBefore: path.map((c) => c.notBefore.getTime()),
    notAfter: path.map((c) => c.notAfter.getTime()),
    revocationChecks: path.slice(0, -1).map((c) => `${label} revocation: ${c.subject}`),
  }
}

/**
 * Builds (or recalls) and validates the path, recording checks on `report`. Returns the chain
 * when one was built (even if a later check failed), so callers can report the signer and
 * check revocation.
 */
export function validateChain(ctx: VerifyContext, req: ChainRequest, report: ReportBuilder): ValidatedChain | undefined {
  const { label } = req
  const plan = chainPlan(ctx, req)
  const { path, anchor, names } = plan
  if (!path || !anchor) {
    report.check(names.chain, false, plan.badSignature ? 'an issuer matched by name but its signature does not verify' : 'no path to a trust anchor')
    if (plan.badSignature) report.fail('CERTIFICATE_CHAIN_GENERAL_FAILURE', `A certificate signature in the ${label}'s chain does not verify.`)
    else report.fail('NO_CERTIFICATE_CHAIN_FOUND', `The ${label}'s certificate does not chain to any trust anchor.`)
    return undefined
  }
  report.check(names.chain, true, plan.chainDetail)

  // Time validity is judged on every call: the plan knows nothing of the clock.
  const at = req.signingTime ?? ctx.now
  const atMs = at.getTime(), nowMs = ctx.now.getTime()
  let validityOk = true
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!
    if (plan.notBefore[i]! > atMs) {
      validityOk = false
      report.fail('NOT_YET_VALID', `The certificate "${c.subject}" is not valid before ${isoTime(c.notBefore)}.`)
    } else if (plan.notAfter[i]! < atMs) {
      validityOk = false
      report.fail('EXPIRED', `The certificate "${c.subject}" expired on ${isoTime(c.notAfter)}.`)
    } else if (plan.notAfter[i]! < nowMs) {
      // Valid at the claimed signing time but expired since: the claim is not a proof of
      // existence, so EN 319 102-1 says OUT_OF_BOUNDS_NO_POE rather than a pass.
      validityOk = false
      report.fail('OUT_OF_BOUNDS_NO_POE', `The certificate "${c.subject}" has expired since the claimed signing time and there is no proof of existence.`)
    }
  }
  report.check(names.validity, validityOk, judgedAt(at))

  let constraintsOk = plan.violations.length === 0
  for (const why of plan.violations) report.fail('CHAIN_CONSTRAINTS_FAILURE', why)
  // The expected region is the caller's, so it is checked per call, after the static constraints.
  if (ctx.expectedRegion !== undefined && anchor.region !== ctx.expectedRegion) {
    constraintsOk = false
    report.fail('CHAIN_CONSTRAINTS_FAILURE', `The ${label} chains to region ${anchor.region}'s anchor, not to region ${ctx.expectedRegion} as expected.`)
  }
  report.check(names.constraints, constraintsOk)
  // A plan with a path is a ValidatedChain: path and anchor were checked above.
  return plan as ValidatedChain
}

const judged = new Map<number, string>()
/** "judged at <ISO time>", remembered for recent instants (see iso-time.ts). */
function judgedAt(at: Date): string {
  const ms = at.getTime()
  let s = judged.get(ms)
  if (s === undefined) {
    if (judged.size >= 512) judged.clear()
    s = `judged at ${isoTime(at)}`
    judged.set(ms, s)
  }
  return s
}

export function summarise(c: Certificate, anchor: Anchor | undefined): SignerSummary {
  return anchor
    ? { subject: c.subject, serialNumber: c.serialNumber, issuer: c.issuer, region: anchor.region, authority: anchor.authority }
    : { subject: c.subject, serialNumber: c.serialNumber, issuer: c.issuer }
}
