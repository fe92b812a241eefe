import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { type CompatibilityScan, scanCompatibility } from '../gate/compatibility.ts';

/** caniemail takes ~80 ms per run; the same HTML gives the same answer, so keep the last few. */
export function memoizedScan(scan: CompatibilityScan = scanCompatibility): CompatibilityScan {
  const cache = new LRUCache<string, ReturnType<CompatibilityScan>>({ max: 32 });
  return (html) => {
    const key = createHash('sha1').update(html).digest('hex');
    const hit = cache.get(key);
    if (hit) return hit;
    const result = scan(html);
    cache.set(key, result);
    return result;
  };
}
