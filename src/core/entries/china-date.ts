/** China has one time zone and no daylight saving: a China date is the UTC date eight hours later. */
const CHINA_OFFSET_MS = 8 * 3600_000;

/** `YYYY-MM-DD` of an instant in China time (the dates WeChat's own analytics use). */
export function chinaDate(at: number): string {
  return new Date(at + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export const CHINA_DATE = /^\d{4}-\d{2}-\d{2}$/;
