import { InvalidArgumentError } from 'commander';

/** `--port` of `serve`: a port to listen on. */
export function portNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65535) {
    throw new InvalidArgumentError('must be a port number from 1 to 65535');
  }
  return parsed;
}

/** `--port` of `preview`: 0 asks the system for a free one. */
export function parsePort(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new InvalidArgumentError('must be a port number from 1 to 65535');
  }
  return parsed;
}

export function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('must be a positive number');
  return parsed;
}

/** `--allowed-host`, repeatable: a host name or IP address, without a port. */
export function collectHostName(value: string, previous: string[] = []): string[] {
  const name = value.trim().toLowerCase();
  const parsed = URL.canParse(`http://${name}/`) ? new URL(`http://${name}/`) : undefined;
  if (!parsed || parsed.hostname !== name || parsed.port !== '') {
    throw new InvalidArgumentError('must be a host name or IP address, such as preview.local or 192.168.1.5');
  }
  return [...previous, name];
}

/** `--week` of `stats`: an ISO week, exactly. */
export function statsWeek(value: string): string {
  if (!/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/.test(value))
    throw new InvalidArgumentError('an ISO week such as 2026-W48 is expected');
  return value;
}
