/** An ISO week id ("2026-W48") as one number (202648), the form a vote token carries. */
export function editionNumber(week: string): number | undefined {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) return undefined;
  const weekNo = Number(match[2]);
  return weekNo >= 1 && weekNo <= 53 ? Number(match[1]) * 100 + weekNo : undefined;
}

/** The week id an edition number stands for, or undefined for a number no week has. */
export function weekOfEdition(edition: number): string | undefined {
  if (!Number.isSafeInteger(edition) || edition < 100_001 || edition > 999_953) return undefined;
  const weekNo = edition % 100;
  if (weekNo < 1 || weekNo > 53) return undefined;
  return `${Math.floor(edition / 100)}-W${String(weekNo).padStart(2, '0')}`;
}
