// A small rule-based support bot for judge examples: answers about refunds, shipping and opening hours,
// politely or (with `?tone=rude`) not, so a judge check has something to pass and something to fail.
const RULES = [
  { match: /refund|return|money back/i, reply: 'Of course! You can return any item within 30 days of delivery for a full refund. Would you like me to start a return for you?' },
  { match: /ship|deliver/i, reply: 'We ship within 2 business days, and delivery usually takes 3 to 5 days. I can send you the tracking link once your order leaves our warehouse.' },
  { match: /open|hours/i, reply: 'Our support team is available Monday to Friday, 9:00 to 17:00 CET. Is there anything I can help you with right now?' },
];
const FALLBACK = 'Thanks for your message! I can help with refunds, shipping and opening hours. What would you like to know?';
const RUDE = 'Read the website.';

/** The bot's reply to `message`. */
export function chatReply(message, tone) {
  if (tone === 'rude') return RUDE;
  return RULES.find((r) => r.match.test(message))?.reply ?? FALLBACK;
}
