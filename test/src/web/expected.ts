// What the browser tests expect to see, read from the data through the gateway (never
// written into the test), and written the way a person must see it. The formatters are the
// test's own, not the console's (web/src/format.ts), so a wrong format on screen fails.
import type { Stack } from '../harness';

const BEIJING_OFFSET = 8 * 3_600_000; // UTC+8 all year (no daylight saving since 1991)
const pad = (n: number) => String(n).padStart(2, '0');

/** An instant in Beijing time as documents write it: `2022年12月28日 16:12`. */
export function beijingTime(iso: string): string {
  const t = new Date(Date.parse(iso) + BEIJING_OFFSET);
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

const YUAN = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: true });

/** An amount of money (the API's decimal string) in yuan: `94,000.00 元`. */
export const yuan = (amount: string): string => `${YUAN.format(Number(amount))} 元`;

/** A person's name as the public and the roles that read it masked see it: the surname and `*`. */
export const maskedName = (name: string): string => `${Array.from(name)[0]}*`;

/** The demo chain that went through all four stages to an effective judgment (the demo's fixed chain 5). */
export const JUDGED_CHAIN = 'XJ-0000005';

export interface JudgedChain {
  id: string;
  agency: { id: string; name: string };
  involvedAmount: string;
  trial: {
    caseNumber: string;
    courtCode: string;
    courtName: string;
    defendantName: string;
    judgment: { verdict: string; charges: string[]; prisonTermMonths: number; fineAmount: string; fineOffsetAmount: string; judgedAt: string; effectiveAt: string };
  };
}

/**
 * The judged demo chain as the API gives it to a procurator (who may read every field
 * asked here, names in full); fails unless the chain has a guilty, effective judgment with
 * a prison term, a fine and an offset administrative fine, so no expectation is left blank.
 */
export async function judgedChain(stack: Stack): Promise<JudgedChain> {
  const response = await stack.query(
    `query($id: ID!) { caseChain(id: $id) {
      administrativeCase { agency { id name } involvedAmount }
      trial { state caseNumber courtCode courtName defendantName
        judgment { verdict charges prisonTermMonths fineAmount fineOffsetAmount judgedAt effectiveAt } } } }`,
    { id: JUDGED_CHAIN },
    await stack.token('procurator', 'PP-421200'),
  );
  expect(response.errors).toBeUndefined();
  const { administrativeCase, trial } = response.data.caseChain;
  expect(trial).toMatchObject({
    state: 'EFFECTIVE',
    caseNumber: expect.stringMatching(/^（\d{4}）鄂\d{4}刑初\d+号$/),
    defendantName: expect.stringMatching(/^\p{Script=Han}{2,4}$/u),
    judgment: {
      verdict: 'GUILTY',
      charges: expect.arrayContaining([expect.any(String)]),
      prisonTermMonths: expect.any(Number),
      fineAmount: expect.stringMatching(/^\d+\.\d{2}$/),
      fineOffsetAmount: expect.stringMatching(/^\d+\.\d{2}$/),
      effectiveAt: expect.any(String),
    },
  });
  expect(administrativeCase.involvedAmount).toMatch(/^\d+\.\d{2}$/);
  return { id: JUDGED_CHAIN, agency: administrativeCase.agency, involvedAmount: administrativeCase.involvedAmount, trial };
}
