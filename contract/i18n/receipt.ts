import type { MessageTable } from './types';

/** What the receipt tells the customer beyond the load, and how the window puts slips on paper (docs/ui.md "Receipts"). */
export const receipt = {
  PRINT_INVOICE_NOTE: {
    zh: '发票：本次充值 24 小时后，可在全国收费公路通行费电子票据服务平台（“票根”App）开具发票，网点柜台不开具。',
    en: 'Invoice: from 24 hours after this recharge, get its invoice from the national toll e-invoice platform (the 票根 app); the counter issues none.',
  },
  UI_RECEIPT_DIALOG: {
    zh: '回单已存档：{file}；打印窗口已打开，请选择打印机',
    en: 'Receipt archived: {file}; the print dialog is open: choose the printer',
  },
  UI_REPRINT_DIALOG: {
    zh: '补打第 {n} 份已存档：{file}（已记入审计日志）；打印窗口已打开',
    en: 'Reprint {n} archived: {file} (audited); the print dialog is open',
  },
  UI_SLIP_DIALOG: { zh: '打印窗口已打开，请选择打印机', en: 'The print dialog is open: choose the printer' },
  UI_PRINT_DIALOG_FAILED: {
    zh: '无法打开打印窗口，PDF 已存档：请点“下载 PDF”后打印',
    en: 'The print dialog could not open; the PDF is archived: download it and print it',
  },
} satisfies MessageTable;
