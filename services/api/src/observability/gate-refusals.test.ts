import { createLogger } from '@conduct/config';
import { GateRefusals } from './access-log';

/** A flood's refusals at the rate-limit gate cost one access-log line a second per council, not one each. */
describe('refusals at the gate in the access log', () => {
  it('sums each council’s refusals up in one line a second, losing none', async () => {
    const logger = createLogger('access-test', 'silent');
    const info = jest.spyOn(logger, 'info');
    const refusals = new GateRefusals(logger);
    for (let i = 0; i < 50; i += 1) refusals.count('flood');
    refusals.count('other');
    expect(info).not.toHaveBeenCalled();
    await new Promise((r) => setTimeout(r, 1_100));
    const lines = info.mock.calls.map(([line]) => line as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ claimedTenantId: 'flood', count: 50, status: 429 }),
      expect.objectContaining({ claimedTenantId: 'other', count: 1, status: 429 }),
    ]);
    // The next refusal starts a new second of its own.
    refusals.count('flood');
    await new Promise((r) => setTimeout(r, 1_100));
    expect(info).toHaveBeenCalledTimes(3);
    expect(info.mock.calls[2]![0]).toMatchObject({ claimedTenantId: 'flood', count: 1 });
  });
});
