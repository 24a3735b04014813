import type { MessageTable } from './types';

/** The simulators (virtual card, issuer host) and their command-line tools. */
export const sim = {
  SIM_PROFILE_INVALID: { zh: '虚拟卡配置文件 {file} 不正确：{detail}', en: 'Virtual card profile {file} is invalid: {detail}' },
  SIM_STATE_INVALID: { zh: '虚拟卡状态文件 {file} 已损坏：{detail}', en: 'Virtual card state file {file} is damaged: {detail}' },
  SIM_STATE_OTHER_CARD: {
    zh: '虚拟卡状态文件 {file} 属于另一张卡（卡号 {cardNo}）',
    en: 'Virtual card state file {file} belongs to another card (card no. {cardNo})',
  },
  SIM_KEYS_INVALID: {
    zh: '模拟器密钥文件 {file} 不可用：{detail}（只接受标明为培训用途的密钥文件）',
    en: 'Simulator key file {file} cannot be used: {detail} (only key files marked as training keys are accepted)',
  },
  SIM_CALENDAR_INVALID: { zh: '节假日文件 {file} 不正确：{detail}', en: 'Holiday calendar file {file} is invalid: {detail}' },
  SIM_TLS_FILE: { zh: '无法读取证书文件 {file}：{detail}', en: 'Cannot read the certificate file {file}: {detail}' },
  SIM_VPCD_ADDRESS: { zh: 'vpcd 地址不正确：{value}（应为 主机:端口）', en: 'Invalid vpcd address: {value} (expected HOST:PORT)' },
  SIM_CARD_USAGE: {
    zh: '用法：etc-counter sim card --vpcd 主机:端口 --profile 配置文件 --keys 密钥文件 [--state 状态文件]',
    en: 'usage: etc-counter sim card --vpcd HOST:PORT --profile FILE --keys FILE [--state FILE]',
  },
  SIM_CARD_ATTACHED: {
    zh: '虚拟卡已插入：卡号 {cardNo}，车牌 {plate}，余额 {balance} 元，vpcd {address}',
    en: 'Virtual card inserted: card no. {cardNo}, plate {plate}, balance {balance} yuan, vpcd {address}',
  },
} satisfies MessageTable;
