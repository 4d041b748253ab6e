/** The checkable part of one argument's schema. */
export interface ArgSpec {
  readonly type?: string;
  readonly maxLength?: number;
  readonly enum?: readonly string[];
}

/** The shape of a method file in `specs/slack/methods` (scraped docs.slack.dev JSON, see `specs/slack/SOURCE`). */
export interface RawMethodSpec {
  http_method?: string;
  scope?: { bot?: string[]; user?: string[] };
  args?: { required?: string[]; properties?: Record<string, ArgSpec> };
  errors?: Record<string, unknown>;
}
