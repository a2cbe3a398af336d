export { parseCloudBaseCron, CronSyntaxError, CLOUDBASE_TIMEZONE, type CronSchedule } from './cron';
export { loadTimerTriggers, timerEvent, type TimerTrigger, type TimerEvent } from './timer-triggers';
export { startTriggerScheduler, realClock, type SchedulerClock, type TriggerScheduler } from './scheduler';
export { createTimerService, type TimerService, type TimerRun } from './timer-service';
export { createTriggerRoutes } from './trigger-routes';
