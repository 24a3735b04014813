import { AppError } from '../../contract/errors';
import type { CardInfo } from '../../contract/card';
import { chooseReader } from './choose-reader';
import { EtcCard, type EtcCardOptions } from './etc-card';
import type { CardIdentity, CardPort } from './port';
import type { CardReader } from './reader';

/**
 * The card in whichever reader holds it (or the configured one): `read()` picks the reader afresh and
 * opens a new session; every other call stays on that session, so INIT and CREDIT share one.
 */
export class AnyReaderCard implements CardPort {
  private current: EtcCard | null = null;

  constructor(
    private readonly reader: CardReader,
    private readonly preferred: () => string | null,
    private readonly options: EtcCardOptions = {},
  ) {}

  async read(): Promise<CardInfo> {
    await this.current?.disconnect();
    this.current = new EtcCard(this.reader, await chooseReader(this.reader, this.preferred()), this.options);
    return this.current.read();
  }

  async readIdentity(): Promise<CardIdentity> {
    await this.current?.disconnect();
    this.current = new EtcCard(this.reader, await chooseReader(this.reader, this.preferred()), this.options);
    return this.current.readIdentity();
  }

  private session(): EtcCard {
    if (!this.current) throw new AppError('CARD_NOT_READ');
    return this.current;
  }

  verifyPin: CardPort['verifyPin'] = (pin, encoding) => this.session().verifyPin(pin, encoding);
  getBalance: CardPort['getBalance'] = () => this.session().getBalance();
  initForLoad: CardPort['initForLoad'] = (p) => this.session().initForLoad(p);
  creditForLoad: CardPort['creditForLoad'] = (p) => this.session().creditForLoad(p);
  readLog: CardPort['readLog'] = () => this.session().readLog();
  transactionProve: CardPort['transactionProve'] = (serial) => this.session().transactionProve(serial);

  async disconnect(): Promise<void> {
    await this.current?.disconnect();
    this.current = null;
  }
}
