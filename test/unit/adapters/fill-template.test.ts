import { describe, expect, it } from 'vitest';
import { commandArgv, contextForStep, fillTemplate } from '../../../src/adapters/deploy/fill-template.js';
import { TokenizeError } from '../../../src/core/commands/tokenize.js';
import type { StepContext } from '../../../src/core/deploys/deploy-types.js';

const context: StepContext = {
  deployId: 'dep-7',
  service: 'checkout',
  version: '2.5.4',
  previousVersion: '2.5.3',
  env: 'production',
};

describe('commandArgv', () => {
  it('splits like a shell first, then fills each word, so values with spaces stay one argument', () => {
    const argv = commandArgv(`./deploy.sh '{service} {version}' --env={env} "" {previous_version}`, {
      ...context,
      version: '2.5.4 && reboot',
    });

    expect(argv).toEqual(['./deploy.sh', 'checkout 2.5.4 && reboot', '--env=production', '', '2.5.3']);
  });

  it('fills absent values with empty text', () => {
    expect(
      commandArgv('x {previous_version} {color} {percent}', { ...context, previousVersion: undefined }),
    ).toEqual(['x', '', '', '']);
  });

  it('throws for a quote that is never closed', () => {
    expect(() => commandArgv('./deploy.sh "{version}', context)).toThrow(TokenizeError);
  });
});

describe('fillTemplate', () => {
  it('encodes values for URLs and leaves unknown braces alone', () => {
    const url = fillTemplate(
      'https://d.internal/{service}/{version}?id={deploy_id}&x={other}',
      {
        ...context,
        version: '2.5.4+build/1',
      },
      encodeURIComponent,
    );

    expect(url).toBe('https://d.internal/checkout/2.5.4%2Bbuild%2F1?id=dep-7&x={other}');
  });
});

describe('contextForStep', () => {
  it("prefers the step's colour and percentage over the deploy's", () => {
    const step = { id: 'traffic-25', kind: 'set_traffic' as const, label: '25%', percent: 25 };

    expect(contextForStep(step, { ...context, color: 'blue', percent: 5 })).toEqual({
      ...context,
      color: 'blue',
      percent: 25,
    });
    expect(contextForStep({ id: 'deploy-green', kind: 'deploy', label: 'Deploy' }, context)).toEqual(context);
  });
});
