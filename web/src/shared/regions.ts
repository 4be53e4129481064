import { useEffect, useState } from 'preact/hooks'
import { gql } from './api.js'
import type { Lang } from './strings.js'

export interface Region {
  code: string
  name: string
  nameEn: string
  districts: { code: string; name: string; formerCodes: { code: string; name: string; until: string }[] }[]
}

let loading: Promise<Region[]> | undefined

/** The federation's cities and districts, fetched once per page (the public catalogue). */
export function loadRegions(): Promise<Region[]> {
  loading ??= gql<{ regions: Region[] }>('{ regions { code name nameEn districts { code name formerCodes { code name until } } } }').then((r) => {
    if (!r.data) loading = undefined
    return r.data?.regions ?? []
  })
  return loading
}

export function useRegions(): Region[] {
  const [regions, setRegions] = useState<Region[]>([])
  useEffect(() => void loadRegions().then(setRegions), [])
  return regions
}

export interface Place {
  city: Region
  district?: Region['districts'][number]
  /** Set when the code is a district's former code (简阳 512081 → 510185). */
  former?: { code: string; name: string }
}

/** Where an area code lies: a city, one of its districts, or a district's former code. */
export function placeOf(regions: readonly Region[], code: string): Place | undefined {
  for (const city of regions) {
    if (city.code === code) return { city }
    for (const district of city.districts) {
      if (district.code === code) return { city, district }
      const former = district.formerCodes.find((f) => f.code === code)
      if (former) return { city, district, former }
    }
  }
  return undefined
}

export function cityName(regions: readonly Region[], code: string, lang: Lang): string {
  const place = placeOf(regions, code)
  return place ? (lang === 'zh' ? place.city.name : place.city.nameEn) : code
}

/** "武侯区, 成都市" — a place in words. */
export function placeName(place: Place, lang: Lang): string {
  const city = lang === 'zh' ? place.city.name : place.city.nameEn
  if (!place.district) return city
  return lang === 'zh' ? `${city}${place.district.name}` : `${place.district.name}, ${city}`
}
