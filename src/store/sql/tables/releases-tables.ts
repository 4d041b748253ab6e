/** Versions tagged as survived production. */
export interface ReleaseTables {
  releases: {
    service: string;
    version: string;
    env: string;
    deploy_id: string;
    commit_sha: string | null;
    tag: string;
    state: string;
    detail: string | null;
    created_at: number;
    updated_at: number;
  };
}
