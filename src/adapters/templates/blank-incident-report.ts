import { SEVERITIES } from '../../core/config/shipgate-config-schema.js';
import { REPORT_PLACEHOLDERS } from '../../core/incidents/incident-report.js';
import { DEFAULT_SIGN_OFF, type IncidentReportData } from './incident-report-view.js';

const BLANK_TIME = 'YYYY-MM-DD HH:MM UTC';
const BLANK = '________';

/**
 * The report template's values for a post-incident report to fill in by hand: the chapter's placeholders in every
 * section (`[Detailed description of what caused the incident]`), blank times, the default sign-off lines, and
 * no timeline, action items, figures or breaches.
 */
export function blankIncidentReportData(): IncidentReportData {
  return {
    id: 'INC-YYYY-NNNN',
    severity: SEVERITIES.join(' / '),
    start_time: BLANK_TIME,
    end_time: BLANK_TIME,
    duration: 'X hours Y minutes',
    services: '[Services affected]',
    customers_affected: '[Number or description]',
    has_timeline: false,
    timeline: [],
    root_cause: REPORT_PLACEHOLDERS.rootCause,
    impact: REPORT_PLACEHOLDERS.impact,
    resolution: REPORT_PLACEHOLDERS.resolution,
    went_well: [{ item: REPORT_PLACEHOLDERS.wentWell }],
    went_poorly: [{ item: REPORT_PLACEHOLDERS.wentPoorly }],
    has_action_items: false,
    action_items: [],
    signers: DEFAULT_SIGN_OFF.signers.map((s) => ({
      mark: ' ',
      role: s.role,
      name: '________________',
      date: BLANK,
    })),
    review_date: BLANK,
    time_to_acknowledge: BLANK,
    time_to_first_update: BLANK,
    updates_on_time: 0,
    updates_late: 0,
    updates_total: 0,
    has_breaches: false,
    breaches: [],
    has_analyses: false,
    analyses: [],
  };
}
