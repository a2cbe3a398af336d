import type { CloudbaseLimits } from './limits';
import type { UsageSnapshot } from './meter';
import type { PlanTable } from './plan-table';
import type { LinkUsage } from '../wechat/types';

/** What GET /_emulator/usage answers: the meter's counts, the limits in force, the plans to compare with, and WeChat's link caps. */
export type UsageReply = UsageSnapshot & {
  limits: CloudbaseLimits;
  plans: PlanTable;
  /** WeChat's link caps used today (China time): links made against 50万 / Short Link / permanent caps, openings */
  links?: LinkUsage;
};
