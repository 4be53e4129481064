import type { FederationConfig } from '../../federation/index.js'
import { createVerifier, openTrustList, type Jwk, type RegionAnchors, type TrustList, type Verifier } from '../../signing/index.js'

/**
 * Where the gateway's trust comes from: a federation trust list signed by the provincial
 * anchor (checked, and refused when forged or expired), and/or anchors read from the region
 * configurations; plus the CRLs it may use without fetching.
 */
export interface TrustMaterial {
  trustList?: { jws: string; anchor: string }
  anchors?: readonly RegionAnchors[]
  crls?: readonly (string | Uint8Array)[]
}

export interface GatewayTrust {
  verifier: Verifier
  /** When the trust list stops being usable (the gateway then refuses to verify). */
  expiresAt?: string
  regions: readonly string[]
}

/**
 * Opens the trust material and builds the verifier.
 * @throws SigningError TRUST_LIST_INVALID / TRUST_LIST_EXPIRED for a bad trust list.
 */
export async function createGatewayTrust(material: TrustMaterial): Promise<GatewayTrust | undefined> {
  let list: TrustList | undefined
  if (material.trustList) list = await openTrustList(material.trustList.jws, material.trustList.anchor)
  const anchors = [...(list?.regions ?? []), ...(material.anchors ?? [])]
  if (anchors.length === 0) return undefined
  const verifier = createVerifier({
    trust: list && !material.anchors?.length ? list : anchors,
    crls: material.crls ?? [],
    revocation: 'if-available',
  })
  return { verifier, ...(list && { expiresAt: list.expiresAt }), regions: anchors.map((a) => a.region) }
}

/** Anchors and CRLs declared in the region configurations' `trust` sections. */
export function trustFromConfig(config: FederationConfig): TrustMaterial {
  const withTrust = config.regions.filter((r) => r.trust)
  return {
    anchors: withTrust.map(({ config: c, trust: t }) => ({
      region: c.code,
      name: t!.authority,
      caCertificates: [...t!.caCertificates],
      sealMakers: [...t!.sealMakers],
      jwks: { keys: [...t!.jwks.keys] as Jwk[] },
    })),
    crls: withTrust.flatMap((r) => r.trust!.crls),
  }
}
