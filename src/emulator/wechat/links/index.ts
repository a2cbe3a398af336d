export {
  createLinkService,
  dayOf,
  nextChinaMidnightIso,
  LINK_APIS,
  DEFAULT_LINKS_DAILY_CAP,
  DEFAULT_LINKS_RATE_PER_SECOND,
  DEFAULT_SHORTLINK_DAILY_CAP,
  DEFAULT_PERMANENT_QUOTA,
  DEFAULT_OPEN_DAILY_CAP,
  type LinkApi,
  type LinkService,
  type LinkServiceOptions,
} from './link-service';
export { type OpenResult, type OpenOptions } from './link-open';
export { parseGenerated, type GeneratedLink } from './link-format';
