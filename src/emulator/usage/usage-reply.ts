import type { CloudbaseLimits } from './limits';
import type { UsageSnapshot } from './meter';
import type { PlanTable } from './plan-table';

/** What GET /_emulator/usage answers: the meter's counts, the limits in force and the plans to compare with. */
export type UsageReply = UsageSnapshot & { limits: CloudbaseLimits; plans: PlanTable };
