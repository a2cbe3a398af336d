/** The shape of plans.json, apart from the data so the web UI can share it. */

/** One CloudBase plan as its pricing pages state it; the numbers live in plans.json only. */
export interface Plan {
  id: string;
  name: string;
  /** 调用次数 included a month */
  monthlyCalls: number;
  /** what one 调用次数 is: every CloudBase request (new plans), or a function invocation only (legacy plans) */
  callsCount: 'requests' | 'invocations';
  /** what 调用次数 counts on this plan, in words */
  callsCover: string;
  qps: number;
  qpsCovers: string;
  /** the page, and where on it the figures are */
  source: { title: string; url: string; detail: string };
}

export interface PlanTable {
  /** the day the figures were read off the sources */
  asOf: string;
  note: string;
  plans: Plan[];
}
