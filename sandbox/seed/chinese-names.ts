import type { Rng } from './prng.js'

// Surnames weighted roughly by frequency in Sichuan (杨, 王, 李, 张, 陈, 刘 lead; 何, 罗, 邓,
// 曾, 廖 are more common there than nationally).
const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['杨', 9], ['王', 9], ['李', 9], ['张', 8], ['陈', 8], ['刘', 8], ['黄', 5], ['何', 5],
  ['罗', 5], ['周', 4], ['邓', 4], ['吴', 4], ['赵', 3], ['唐', 3], ['曾', 3], ['廖', 3],
  ['谢', 3], ['徐', 3], ['胡', 3], ['蒋', 2], ['彭', 2], ['袁', 2], ['向', 2], ['肖', 2],
  ['冯', 2], ['邱', 2], ['郑', 2], ['钟', 2], ['雷', 2], ['许', 2], ['宋', 2], ['苏', 1],
  ['魏', 1], ['龚', 1], ['蒲', 1], ['范', 1], ['付', 1], ['文', 1], ['母', 1], ['敬', 1],
  ['欧阳', 1], ['司马', 1],
]

const MALE_CHARS = [...'伟强磊军勇杰涛斌鹏俊浩宇峰建国志明华林波超刚平辉毅亮健坤凯鑫洋晨阳帆龙鸿翔瑞']
const FEMALE_CHARS = [...'芳娜敏静丽婷玉萍霞琳燕雪梅红倩兰洁琴颖欣怡佳慧蓉思雨璐瑶娟露悦月晶莉']
const SHARED_CHARS = [...'文明德秀春晓子家嘉小一海云清安']

/** A Chinese personal name: surname plus one or two given-name characters. */
export function personName(rng: Rng, sex: 'M' | 'F'): string {
  const own = sex === 'M' ? MALE_CHARS : FEMALE_CHARS
  const first = rng.pick(rng.chance(0.25) ? SHARED_CHARS : own)
  return rng.weighted(SURNAMES) + (rng.chance(0.7) ? first + rng.pick(own) : first)
}

const BRANDS = [
  '瑞丰', '鑫源', '华兴', '恒达', '金盛', '天府', '蜀道', '宏远', '锦程', '川越', '佳和', '永盛',
  '万通', '嘉禾', '博远', '汇通', '祥云', '隆昌', '安泰', '德润', '福瑞', '海纳', '蓉城', '巴蜀',
  '东坡', '三星', '文翁', '岷江', '沱江', '雁城', '柠都', '锦绣', '益民', '同心', '兴旺', '腾飞',
]
const TRADES = [
  '商贸', '餐饮管理', '建筑工程', '科技', '物流', '食品', '农业开发', '文化传媒', '医药',
  '汽车服务', '电子', '家具', '酒业', '茶业', '泡菜', '柠檬产业', '装饰工程', '教育咨询',
]
const FORMS: ReadonlyArray<readonly [string, number]> = [['有限公司', 8], ['有限责任公司', 3], ['股份有限公司', 1]]

/** An enterprise name in the registered form `<city><district><brand><trade><form>`. */
export function enterpriseName(rng: Rng, cityName: string, districtName: string): string {
  return `${cityName}${districtName}${rng.pick(BRANDS)}${rng.pick(TRADES)}${rng.weighted(FORMS)}`
}
