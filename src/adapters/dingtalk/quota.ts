/** Token and contacts APIs and sessionWebhook replies are exempt from DingTalk's monthly quota; robot sending and cards are not. */
export function countsTowardDingTalkQuota(path: string): boolean {
  return !/oauth2\/accessToken|\/gettoken|sendBySession/.test(path);
}
