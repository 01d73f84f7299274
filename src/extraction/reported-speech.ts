import type { ExtractedQuotation } from './index';

/**
 * Reported speech: what the article says someone said, in its own words ("X said (that) ...",
 * "according to X, ...", "..., X said."), filed as PARAPHRASE statements beside the quotations.
 */
export function findReportedSpeech(_body: string, _quotations: ExtractedQuotation[]): ExtractedQuotation[] {
  return [];
}
