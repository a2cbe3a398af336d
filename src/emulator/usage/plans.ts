import data from './plans.json';

/** One CloudBase plan as its pricing pages state it; the numbers live in plans.json only. */
export interface Plan {
  id: string;
  name: string;
  /** 调用次数 included a month */
  monthlyCalls: number;
  /** what 调用次数 counts on this plan, in words */
  callsCover: string;
  qps: number;
  qpsCovers: string;
  source: { title: string; url: string };
}

export interface PlanTable {
  /** the day the figures were read off the sources */
  asOf: string;
  note: string;
  plans: Plan[];
}

export const PLANS: PlanTable = data;

export function planById(id: string): Plan | undefined {
  return PLANS.plans.find((p) => p.id === id);
}
