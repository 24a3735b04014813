/** One entry of the message table: zh-CN first (what staff read), English second (support, logs). */
export interface Message {
  zh: string;
  en: string;
}
export type MessageTable = Record<string, Message>;
