import type { Catalogue, CatalogueMatter, CompetenceBasis, HandlingMode } from '../config/region-config-schema.js'
import type { Region } from '../regions/division-registry.js'

/** A matter as the canonical API shows it. */
export interface Matter {
  readonly code: string
  readonly name: string
  readonly nameEn: string
  readonly department: string
  readonly competenceBasis: CompetenceBasis
  readonly handlingModes: readonly HandlingMode[]
  readonly applicantKinds: readonly ('PERSON' | 'ENTERPRISE')[]
  readonly steps: readonly { order: number; name: string; competenceBasis: CompetenceBasis }[]
  readonly materials: readonly { name: string; certificateType: string | null; required: boolean }[]
  readonly legalBasis: string | null
  readonly localCodes: readonly { region: Region; code: string }[]
}

export interface MatterFilter {
  search?: string | null
  basis?: CompetenceBasis | null
  mode?: HandlingMode | null
  applicantKind?: 'PERSON' | 'ENTERPRISE' | null
}

/** The shared matter catalogue with each city's local codes attached. */
export class MatterCatalogue {
  readonly #byCode = new Map<string, Matter>()
  readonly all: readonly Matter[]

  constructor(catalogue: Catalogue, localCodes: readonly { region: Region; codes: Readonly<Record<string, string>> }[]) {
    this.all = catalogue.matters.map((m) => toMatter(m, localCodes))
    for (const m of this.all) this.#byCode.set(m.code, m)
  }

  get(code: string): Matter | undefined {
    return this.#byCode.get(code.trim().toUpperCase())
  }

  filter(f: MatterFilter | null | undefined): Matter[] {
    const search = f?.search?.trim().toLowerCase()
    return this.all.filter(
      (m) =>
        (!search || m.name.includes(search) || m.nameEn.toLowerCase().includes(search) || m.code.toLowerCase().startsWith(search)) &&
        (!f?.basis || m.competenceBasis === f.basis) &&
        (!f?.mode || m.handlingModes.includes(f.mode)) &&
        (!f?.applicantKind || m.applicantKinds.includes(f.applicantKind)),
    )
  }
}

function toMatter(m: CatalogueMatter, localCodes: readonly { region: Region; codes: Readonly<Record<string, string>> }[]): Matter {
  return Object.freeze({
    code: m.code,
    name: m.name,
    nameEn: m.nameEn,
    department: m.department,
    competenceBasis: m.basis,
    handlingModes: m.modes,
    applicantKinds: m.applicantKinds,
    steps: m.steps.map((s) => ({ order: s.order, name: s.name, competenceBasis: s.basis })),
    materials: m.materials.map((x) => ({ name: x.name, certificateType: x.certificateType ?? null, required: x.required })),
    legalBasis: m.legalBasis ?? null,
    localCodes: localCodes.filter((l) => l.codes[m.code] !== undefined).map((l) => ({ region: l.region, code: l.codes[m.code]! })),
  })
}
