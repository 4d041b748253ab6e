/** The colours of the demo target's blue-green pair. */
export type DemoColor = 'blue' | 'green';

/**
 * What the console's Break/Heal control needs from the sandbox's demo target: raise a colour's error rate and
 * latency, bring it back, and say how things stand. The sandbox passes one when it runs the demo service.
 */
export interface DemoControl {
  break(color: DemoColor): Promise<unknown> | unknown;
  heal(color: DemoColor): Promise<unknown> | unknown;
  state(): Promise<unknown> | unknown;
}
