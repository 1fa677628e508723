// A model's JSON reply: the object itself, or one wrapped in a ```json fence as chat models like to write.
export function parseJsonReply(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
  try {
    return JSON.parse((fenced ? fenced[1] : text).trim());
  } catch {
    return undefined;
  }
}
