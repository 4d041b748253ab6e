import type { ChecklistItem } from '../../core/config/readiness-checklist-schema.js';
import { ownEntry } from '../../core/own-entry.js';
import { attestedItem } from '../../core/readiness/attested-item.js';
import type { ItemResult } from '../../core/readiness/item-result.js';
import type { ReadinessAssessment } from '../../core/readiness/readiness-assessment.js';
import { scoreReadiness } from '../../core/readiness/score-readiness.js';
import type { ReadinessRuntime } from './readiness-runtime.js';
import { runItemCheck } from './run-item-check.js';

/** What to assess: a service version for an environment. */
export interface ReadinessQuestion {
  readonly service: string;
  readonly version: string;
  readonly env: string;
}

/**
 * Assesses a service version's production readiness for an environment (chapter 5): every `check` item runs in
 * parallel with its own timeout, every `attest` item counts while a valid tick is stored (`attestation_valid_for`
 * on the runtime's clock), and the weighted score, band and verdict come from {@link scoreReadiness} against the
 * environment's `readiness.minimum_score`. Never throws: no readiness configured or an unknown service is an
 * assessment with `problem` set and `summary.ready` false.
 */
export async function assessReadiness(
  rt: ReadinessRuntime,
  question: ReadinessQuestion,
): Promise<ReadinessAssessment> {
  const { config } = rt.config;
  const settings = config.readiness;
  const checklist = rt.config.readiness?.checklist;
  const minimum = settings ? ownEntry(settings.minimum_score, question.env) : undefined;
  const service = ownEntry(config.services, question.service);
  const refuse = (problem: string): ReadinessAssessment => ({
    ...question,
    items: [],
    summary: { ...scoreReadiness([], { minimum, at: rt.clock.now() }), ready: false },
    problem,
  });
  if (settings === undefined || checklist === undefined)
    return refuse('readiness is not configured (add readiness: to the main config)');
  if (service === undefined) return refuse(`unknown service ${question.service}`);
  if (!service.environments.includes(question.env))
    return refuse(
      `${question.service} is not deployed to ${question.env} (it has ${service.environments.join(', ')})`,
    );
  const validForMs = settings.attestation_valid_for.ms;
  const attestations = new Map(
    (await rt.attestations.forService(question.service)).map((a) => [a.itemId, a]),
  );
  const subject = { ...question, config: service };
  const pending: Promise<ItemResult>[] = [];
  for (const section of checklist.sections)
    for (const item of section.items)
      pending.push(
        isAttest(item)
          ? Promise.resolve(
              attestedItem(item, section.name, attestations.get(item.id), validForMs, rt.clock.now()),
            )
          : runItemCheck(rt, item, section.name, subject),
      );
  const items = await Promise.all(pending);
  return { ...question, items, summary: scoreReadiness(items, { minimum, at: rt.clock.now() }) };
}

function isAttest(item: ChecklistItem): boolean {
  return item.attest !== undefined;
}
