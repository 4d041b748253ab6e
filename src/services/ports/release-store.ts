/** Where a release's tag got to: recorded before tagging, then tagged, pushed, or failed with the reason. */
export type ReleaseState = 'pending' | 'tagged' | 'pushed' | 'failed';

/** One row of the `releases` table: a version that survived an environment that tags. */
export interface ReleaseRecord {
  readonly service: string;
  readonly version: string;
  readonly env: string;
  readonly deployId: string;
  readonly commit: string | undefined;
  readonly tag: string;
  readonly state: ReleaseState;
  /** Why it failed, or what happened (pushed to origin, already tagged). */
  readonly detail: string | undefined;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What a change to a release row may set. */
export type ReleasePatch = Partial<Pick<ReleaseRecord, 'commit' | 'state' | 'detail' | 'deployId' | 'env'>>;

/** Stored releases, one per service and version. */
export interface ReleaseStore {
  get(service: string, version: string): Promise<ReleaseRecord | undefined>;
  /** Inserts the row, or returns the existing one unchanged (a retry). */
  insertPending(record: ReleaseRecord): Promise<ReleaseRecord>;
  update(service: string, version: string, patch: ReleasePatch, at: Date): Promise<ReleaseRecord>;
  /** The service's releases, newest first. */
  list(service: string, limit: number): Promise<ReleaseRecord[]>;
}
