import { describe, expect, it } from 'vitest';
import { screenTextProblems } from './screen-text';

const kinds = (text: string): string[] => screenTextProblems(text).map((p) => `${p.kind}:${p.found}`);

describe('the screen-text check', () => {
  it('finds what the issue found on the screens, each by its kind', () => {
    expect(kinds('动作 UI_AUDIT_ACTION_admin_resolve')).toEqual(['i18n key:UI_AUDIT_ACTION_admin_resolve']);
    expect(kinds('closedAt：2026-12-06T23:40:47.812Z')).toEqual(['ISO timestamp:2026-12-06T23:40', 'English word:closedAt']);
    expect(kinds('refunded：0 笔')).toEqual(['English word:refunded']);
    expect(kinds('主机状态 PAID · LOADED')).toEqual(['bare status:PAID', 'bare status:LOADED']);
    expect(kinds('签购单信息与收单记录不符：voucherNo（参考号 1234）')).toEqual(['English word:voucherNo']);
    expect(kinds('此付款码已用于充值 b9837564-1c2d-4e5f-8a9b-0c1d2e3f4a5b')).toEqual(['UUID:b9837564-1c2d-4e5f-8a9b-0c1d2e3f4a5b']);
    expect(kinds('柜员签到')).toEqual(['word 签到 (the manual says 登录):签到']);
    expect(kinds('角色：操作员')).toEqual(['word 操作员 (the manual says 柜员):操作员']);
  });

  it('lets through the English half of bilingual text, ids, paper sizes and the names of things', () => {
    expect(kinds('读卡器：培训读卡器 (Training reader) · 柜员：A01 · 终端：000001000050 · 80 mm 热敏纸 · 导出 Excel · POS · PDF · 返回（Esc）')).toEqual([]);
    expect(kinds('订单号 HO202612071234567890 · SM4 卡 · 发卡方主机地址 https://host.example:8443/v1')).toEqual([]);
    expect(kinds('2026-12-07 09:34:00 已圈存（余额已核对）')).toEqual([]);
    // The error reference a clerk reads out on the phone (main/log/error-ref.ts), letters only or not.
    expect(kinds('未检测到卡片（错误编号 EXPS-PC）')).toEqual([]);
    expect(kinds('未检测到卡片 EXPS-PC')).toEqual(['English word:EXPS', 'English word:PC']);
  });
});
