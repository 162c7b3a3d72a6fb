import { callbackSignatureRepository } from '../db/repositories/callback-signature-repository.ts';
import type { Tx } from '../db/tx.ts';

/**
 * Claims a callback signature for one message (app/receiver.ts SignatureLedger). Expired pairs are
 * dropped on the way: past their expiry the platform's own timestamp check refuses them anyway, and
 * at one row per callback for an hour the table stays small without a job of its own.
 */
export async function claimCallbackSignature(
  tx: Tx,
  key: string,
  messageId: string,
  expiresAt: Date,
  now: Date,
): Promise<boolean> {
  await callbackSignatureRepository.deleteExpired(tx, now);
  return (await callbackSignatureRepository.claim(tx, { key, messageId, expiresAt })) === messageId;
}
