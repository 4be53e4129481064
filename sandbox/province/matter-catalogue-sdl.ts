/**
 * The province's matter catalogue (四川省政务服务事项目录) as an Apollo Federation v2 subgraph. It
 * extends the canonical `Matter` entity by its standard code with what the province publishes
 * about each matter; the canonical fields (name, competence, modes…) stay Tongban's. The
 * extension fields are nullable on purpose: while the province is down, a matter keeps its
 * canonical fields and only these become null (with SUBGRAPH_UNAVAILABLE).
 */
export const MATTER_CATALOGUE_SDL = /* GraphQL */ `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

type Matter @key(fields: "code") {
  code: String!
  "四川省政务服务事项编码: the matter's code in the province catalogue."
  provinceCode: String
  "承诺时限: the working days the province promises to finish in."
  timeLimitDays: Int
  "法定时限: the working days the law allows."
  legalTimeLimitDays: Int
  "收费: whether and on what basis a fee is charged."
  fee: MatterFee
  "办理层级: the level of government that handles it."
  level: HandlingLevel
  "最多跑动次数: how many times an applicant may at most have to come to a window."
  maxVisits: Int
  "网上办理地址: where to apply online, when the matter can be handled fully online."
  onlineUrl: String
}

type MatterFee {
  charged: Boolean!
  "收费依据"
  basis: String
}

"办理层级"
enum HandlingLevel {
  PROVINCE
  CITY
  COUNTY
}

type Query {
  "A matter by its province code."
  provinceMatter(provinceCode: String!): Matter
  "The province catalogue, optionally one handling level."
  provinceMatters(level: HandlingLevel): [Matter!]!
}
`
