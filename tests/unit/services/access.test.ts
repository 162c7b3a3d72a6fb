import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/app/errors.ts';
import { ACCESS_REFUSAL_CODES } from '../../../src/messages/access.ts';
import { principalOf, requireAccess } from '../../../src/services/access.ts';
import { energyMessages } from '../../../src/messages/energy.ts';

describe('requireAccess', () => {
  it('passes an allowed decision without rendering a refusal', () => {
    expect(() =>
      requireAccess({ ok: true }, () => {
        throw new Error('rendered');
      }),
    ).not.toThrow();
  });

  it('throws the catalogue entry of a refused rule, with the rule code', () => {
    const words = () => energyMessages.refusals.notHolder({ code: 'ZS-2026-0001' });
    const thrown = (() => {
      try {
        requireAccess({ ok: false, refusal: 'not-holder' }, words);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(UserError);
    expect((thrown as UserError).code).toBe(ACCESS_REFUSAL_CODES['not-holder']);
    expect((thrown as UserError).reply.text).toContain('ZS-2026-0001 不是本单位的项目');
  });

  it('refuses to give one rule a second code: words of another code are a wiring mistake', () => {
    const words = () => energyMessages.refusals.notHolder({ code: 'ZS-2026-0001' });
    expect(() => requireAccess({ ok: false, refusal: 'not-member' }, words)).toThrow(
      /not-member is E_NOT_MEMBER, but its words carry E_NOT_HOLDER/,
    );
  });

  it('reads the principal from the actor: its unit id and role grants', () => {
    const actor = {
      id: 'u1',
      name: '张三',
      unit: { id: 'binjiang', name: '滨江区', kind: 'DISTRICT', parentId: null },
      roles: [{ role: 'REPORTER' as const, scope: 'binjiang' }],
    };
    expect(principalOf(actor as never)).toEqual({
      id: 'u1',
      unitId: 'binjiang',
      roles: [{ role: 'REPORTER', scope: 'binjiang' }],
    });
  });
});
