import type { DeployRow } from '../../deploy-row.js';

/** Deploys, their approvals and checklist ticks, the per-service lanes and the versions blocked after a rollback. */
export interface DeployTables {
  deploys: DeployRow;
  deploy_approvals: {
    deploy_id: string;
    user_id: string;
    role: string;
    in_place_of: string;
    at: number;
    /** The approval's place among its deploy's approvals (1, 2, 3 …): the tie-break for approvals in one ms. */
    seq: number;
  };
  lanes: {
    service: string;
    env: string;
    holder: string;
    since: number;
  };
  blocked_versions: {
    service: string;
    env: string;
    version: string;
    blocked_by: string;
    reason: string;
    deploy_id: string;
    blocked_at: number;
  };
  deploy_checklist_ticks: {
    deploy_id: string;
    item_id: string;
    user_id: string;
    at: number;
  };
}
