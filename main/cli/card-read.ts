import { parseArgs } from 'node:util';
import type { CardInfo } from '../../contract/card';
import { AppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import { formatYuan } from '../../contract/money';
import { chooseReader } from '../card/choose-reader';
import { EtcCard } from '../card/etc-card';
import { transactionTypeName } from '../card/files';
import type { CardReader } from '../card/reader';
import { loadSettings } from '../config';
import type { Command } from './command';

/** What the command needs from outside; tests pass an in-process reader and capture the output. */
export interface CardReadDeps {
  openReader(): CardReader | Promise<CardReader>;
  write(text: string): void;
}

const defaultDeps: CardReadDeps = {
  async openReader() {
    const { PcscReader } = await import('../card/pcsc-reader');
    return new PcscReader();
  },
  write: (text) => process.stdout.write(text),
};

/** `etc-counter card read [--reader NAME] [--json] [--config FILE]` — everything on the card, read-only. */
export function cardReadCommand(deps: CardReadDeps = defaultDeps): Command {
  return {
    summary: 'card read [--reader NAME] [--json] [--config FILE]: show everything on the card',
    async run(argv) {
      const args = parse(argv);
      const settings = loadSettings(args.config, { readerName: args.reader });
      const reader = await deps.openReader();
      try {
        const name = await chooseReader(reader, settings.readerName);
        const card = new EtcCard(reader, name);
        let info: CardInfo;
        try {
          info = await card.read();
        } finally {
          await card.disconnect();
        }
        deps.write(args.json ? `${JSON.stringify(info, null, 2)}\n` : summary(info));
        return 0;
      } finally {
        await reader.close();
      }
    },
  };
}

export const command: Command = cardReadCommand();

function parse(argv: string[]): { reader?: string; json: boolean; config?: string } {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { reader: { type: 'string' }, json: { type: 'boolean', default: false }, config: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    return { reader: values.reader, json: values.json ?? false, config: values.config };
  } catch (e) {
    throw new AppError('INVALID_INPUT', { detail: e instanceof Error ? e.message : String(e) });
  }
}

/** The readable Chinese summary staff see without --json. */
export function summary(c: CardInfo): string {
  const none = t('CARD_SUMMARY_NONE');
  const lines = [
    t('CARD_SUMMARY_CARD_NO', { cardNo: c.cardNo, typeName: c.cardTypeName, version: `0x${c.cardVersion.toString(16).toUpperCase().padStart(2, '0')}` }),
    t('CARD_SUMMARY_ISSUER', { province: c.issuerProvince, issuerId: c.issuerId, network: c.network }),
    t('CARD_SUMMARY_VALIDITY', { from: c.validFrom, until: c.validUntil }),
    t('CARD_SUMMARY_PLATE', { plate: c.plate || none, color: c.plateColorName, colorCode: c.plateColor }),
    t('CARD_SUMMARY_VEHICLE', { userType: c.userType, vehicleClass: c.vehicleClass ?? none }),
    t('CARD_SUMMARY_HOLDER', { name: c.holderName ?? none }),
    t('CARD_SUMMARY_BALANCE', { yuan: formatYuan(c.balanceFen) }),
    c.transactions.length === 0 ? t('CARD_SUMMARY_LOG_EMPTY') : t('CARD_SUMMARY_LOG', { count: c.transactions.length }),
    ...c.transactions.map((x) => t('CARD_SUMMARY_TXN', {
      at: x.at.replace('T', ' '), type: transactionTypeName(x.type), yuan: formatYuan(x.amountFen),
      terminalId: x.terminalId, serial: x.serial,
    })),
  ];
  return `${lines.join('\n')}\n`;
}
