import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

describe('verdicts preview --allowed-host', () => {
  it('takes bare host names only, and says so with exit code 2', async () => {
    for (const bad of ['https://preview.local', 'preview.local:3001', 'a/b', 'two words']) {
      const result = await runCli(['preview', '--allowed-host', bad, '--port', '0'], {});
      expect(result.code, bad).toBe(2);
      expect(result.stderr).toContain(
        'must be a host name or IP address, such as preview.local or 192.168.1.5',
      );
    }
  });
});
