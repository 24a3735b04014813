import type { MessageTable } from './types';

/** The customer display (客显, docs/ui.md "Customer display"), and the clerk's button that opens it in browser mode. */
export const customer = {
  CUSTOMER_PAGE_TITLE: { zh: 'ETC 陇通卡充值 · 客户显示', en: 'ETC Longtong card recharge · customer display' },
  CUSTOMER_BRAND: { zh: 'ETC 陇通卡充值', en: 'ETC Longtong card recharge' },
  CUSTOMER_TRAINING: { zh: '培训模式 · 非真实交易', en: 'Training mode · no real money' },
  CUSTOMER_WELCOME: { zh: '欢迎办理 ETC 陇通卡充值', en: 'Welcome: ETC Longtong card recharge' },
  CUSTOMER_WELCOME_HINT: { zh: '请将陇通卡交给柜员', en: 'Please hand your card to the clerk' },
  CUSTOMER_CONFIRM: { zh: '请核对充值金额', en: 'Please check the amount' },
  CUSTOMER_AMOUNT: { zh: '充值金额', en: 'Amount' },
  CUSTOMER_UPPER: { zh: '大写', en: 'In words' },
  CUSTOMER_SCAN_wechat: { zh: '请用微信“扫一扫”扫描二维码付款', en: 'Scan the QR code with WeChat to pay' },
  CUSTOMER_SCAN_alipay: { zh: '请用支付宝“扫一扫”扫描二维码付款', en: 'Scan the QR code with Alipay to pay' },
  CUSTOMER_QR_ALT: { zh: '支付二维码', en: 'Payment QR code' },
  CUSTOMER_PAY_CODE: { zh: '请打开微信或支付宝的付款码，交柜员扫描', en: 'Show your WeChat Pay or Alipay payment code to the clerk' },
  CUSTOMER_PAY_POS: { zh: '请在 POS 机上刷卡或插卡付款', en: 'Pay by bank card on the POS terminal' },
  CUSTOMER_WAITING: { zh: '等待付款…', en: 'Waiting for the payment…' },
  CUSTOMER_LOADING: { zh: '正在圈存，请勿拔卡', en: 'Loading the card: do not remove it' },
  CUSTOMER_LOADING_HINT: { zh: '写卡完成前，请不要移动或拔出陇通卡', en: 'Leave the card where it is until the load is finished' },
  CUSTOMER_DONE: { zh: '充值成功', en: 'Recharge done' },
  CUSTOMER_BALANCE_BEFORE: { zh: '充值前余额', en: 'Balance before' },
  CUSTOMER_BALANCE_AFTER: { zh: '充值后余额', en: 'Balance after' },
  CUSTOMER_INVOICE: { zh: '发票：充值 24 小时后可在“票根”App 开具', en: 'Invoice: from 24 hours after the recharge, in the 票根 app' },
  CUSTOMER_NOT_DONE: { zh: '本次充值未完成', en: 'This recharge is not finished' },
  CUSTOMER_NOT_DONE_HINT: { zh: '请听从柜员指引', en: 'The clerk will tell you what happens next' },
  CUSTOMER_FULLSCREEN_HINT: { zh: '双击进入全屏', en: 'Double-click for full screen' },
  UI_CUSTOMER_OPEN: { zh: '客显', en: 'Customer display' },
  UI_CUSTOMER_OPEN_TITLE: {
    zh: '为客户打开显示窗口：拖到客户一侧的屏幕上，双击进入全屏',
    en: 'Open the customer display: drag it to the customer\'s screen and double-click for full screen',
  },
  UI_CUSTOMER_BLOCKED: { zh: '浏览器阻止了客显窗口，请允许本页打开弹出窗口后再试', en: 'The browser blocked the customer display: allow pop-ups for this page and try again' },
} satisfies MessageTable;
