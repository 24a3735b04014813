import type { MessageTable } from './types';

/** What the receipt tells the customer beyond the load, and how the window puts slips on paper (docs/ui.md "Receipts"). */
export const receipt = {
  PRINT_INVOICE_NOTE: {
    zh: '发票：本次充值 24 小时后，可在全国收费公路通行费电子票据服务平台（“票根”App）开具发票，网点柜台不开具。',
    en: 'Invoice: from 24 hours after this recharge, get its invoice from the national toll e-invoice platform (the 票根 app); the counter issues none.',
  },
  // What became of a slip (ReceiptPanel): which one, then printed / in the print dialog / archived. No file name:
  // the archive's names carry the recharge's id, which is nothing a clerk reads.
  UI_PAPER_RECEIPT: { zh: '回单', en: 'The receipt' },
  UI_PAPER_REPRINT: { zh: '补打第 {n} 份回单', en: 'Reprint {n} of the receipt' },
  UI_PAPER_EVIDENCE: { zh: '证据单', en: 'The evidence slip' },
  UI_PAPER_REFUND: { zh: '退款说明', en: 'The refund notice' },
  UI_PAPER_PRINTED: { zh: '{what}已打印并存档', en: '{what}: printed and archived' },
  UI_PAPER_DIALOG: { zh: '{what}已存档；打印窗口已打开，请选择打印机', en: '{what}: archived; the print dialog is open: choose the printer' },
  UI_PAPER_ARCHIVED: { zh: '{what}已存档', en: '{what}: archived' },
  UI_PAPER_AUDITED: { zh: '（已记入审计日志）', en: ' (audited)' },
  UI_PRINT_DIALOG_FAILED: {
    zh: '无法打开打印窗口，PDF 已存档：请点“下载 PDF”后打印',
    en: 'The print dialog could not open; the PDF is archived: download it and print it',
  },
} satisfies MessageTable;
