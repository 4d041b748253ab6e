import type { ChecklistState } from './deployment-checklist.js';

/** The emoji shortcode each checklist state is shown with, in Slack and in `/deploy status`. */
export const CHECKLIST_MARK: Readonly<Record<ChecklistState, string>> = {
  done: ':white_check_mark:',
  failed: ':x:',
  open: ':white_square:',
  not_applicable: ':heavy_minus_sign:',
};
