import type { Federation } from '../../federation/index.js'
import { nowIso } from './case-progress.js'
import type { RemoteCase } from './remote-case.js'

/** A remote case as the canonical API shows it: codes become Regions and Matters. */
export function remoteCaseView(fed: Federation, c: RemoteCase) {
  const region = (code: string) => fed.divisions.find(code)?.region ?? null
  return {
    id: c.id,
    matter: fed.catalogue.get(c.matterCode),
    mode: c.mode,
    applicant: applicantView(c),
    acceptingRegion: region(c.accepting.region),
    acceptingWindow: c.accepting.window,
    competentRegion: region(c.competentRegion),
    state: c.state,
    steps: c.steps.map((s) => ({
      ...s,
      region: region(s.region),
      delivery: { ...s.delivery, nextAttemptAt: s.delivery.nextAttemptAt === null ? null : nowIso(s.delivery.nextAttemptAt) },
    })),
    materials: c.materials,
    history: c.history,
    receivedAt: c.receivedAt,
    receipt: c.receipt,
  }
}

function applicantView(c: RemoteCase) {
  const a = c.applicant
  return a.kind === 'PERSON'
    ? { __typename: 'Person', name: a.name, idNumber: a.idNumber, phone: a.phone }
    : { __typename: 'Enterprise', name: a.name, creditCode: a.idNumber, legalRepresentative: null }
}

/**
 * The same case as a canonical `Case` (what `case(id: "TB-…")` answers): the merged history
 * of the gateway and every city involved, with the city's own number once it has one.
 */
export function canonicalCaseView(fed: Federation, c: RemoteCase) {
  const first = c.steps[0]!
  return {
    id: c.id,
    localId: first.localId ?? c.id,
    region: fed.divisions.find(c.competentRegion)?.region,
    matter: fed.catalogue.get(c.matterCode),
    applicant: applicantView(c),
    state: c.state,
    mode: c.mode,
    receivedAt: c.receivedAt,
    updatedAt: c.history[c.history.length - 1]?.at ?? null,
    acceptingRegion: fed.divisions.find(c.accepting.region)?.region ?? null,
    history: c.history
      .filter((e) => e.state !== 'COMPENSATED')
      .map((e) => ({ state: e.state, at: e.at, note: e.step ? `[${e.source}, step ${e.step}] ${e.note ?? ''}`.trim() : e.note })),
    materials: c.materials.map((m) => ({ name: m.name, certificateId: m.certificateId, digest: m.digest })),
  }
}
