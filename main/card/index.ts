/** main/card: the ETC card over a card reader. Import from here; pcsc-reader loads the native addon lazily. */
export * from './apdu';
export * from './reader';
export * from './files';
export { EtcCard, ETC_AID, type EtcCardOptions } from './etc-card';
export { loadRefusal } from './loadability';
export { chooseReader } from './choose-reader';
export { InProcessReader, type InProcessCard, type InProcessReaderOptions } from './in-process-reader';
export { PcscReader, type PcscReaderOptions } from './pcsc-reader';
export { mapPcscError, pcscCode, SCARD, type PcscPhase } from './pcsc-errors';
export type { CardPort, LoadInit } from './port';
