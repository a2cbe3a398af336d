import type { Plan, PlanTable } from './plan-table';
import data from './plans.json';

export type { Plan, PlanTable } from './plan-table';

export const PLANS: PlanTable = data as PlanTable;

export function planById(id: string): Plan | undefined {
  return PLANS.plans.find((p) => p.id === id);
}
