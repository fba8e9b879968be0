import { describe, expect, it } from 'vitest';
import { statusOfAsync } from '@apiserver-kit/core/testing';
import { admissionAttributes } from '../testing/index.js';
import { alwaysAdmit, alwaysDeny } from './always.js';

describe('AlwaysAdmit and AlwaysDeny', () => {
  it('AlwaysDeny refuses in both phases with kube message', async () => {
    const attrs = admissionAttributes({ object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns' } } });
    for (const run of [() => alwaysDeny().admit(attrs), () => alwaysDeny().validate(attrs)]) {
      const err = await statusOfAsync(run);
      expect(err.status).toMatchObject({ code: 403, message: 'secrets "s" is forbidden: admission control is denying all modifications' });
    }
  });

  it('AlwaysAdmit changes nothing and refuses nothing', async () => {
    const attrs = admissionAttributes();
    const before = structuredClone(attrs);
    await alwaysAdmit().admit(attrs);
    await alwaysAdmit().validate(attrs);
    expect(attrs).toEqual(before);
  });
});
