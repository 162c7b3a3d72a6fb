/**
 * Splitting long text for platforms that cap a message's size. Both DingTalk and Lark carry text
 * inside a JSON string, so sizes are measured as UTF-8 bytes after JSON escaping.
 */

/** UTF-8 size of `text` once written inside a JSON string literal. */
export function escapedBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text)) - 2;
}

/**
 * Splits `body` into chunks of at most `budget` escaped bytes, at line boundaries; a single line longer
 * than the budget is cut between code points.
 */
export function splitByEscapedBytes(body: string, budget: number): string[] {
  if (budget <= 0) throw new RangeError(`message envelope leaves no room for text (budget ${budget} bytes)`);
  const newlineBytes = escapedBytes('\n');
  const chunks: string[] = [];
  let current: string[] = [];
  let currentBytes = 0;
  const flush = (): void => {
    chunks.push(current.join('\n'));
    current = [];
    currentBytes = 0;
  };

  for (const line of body.split('\n')) {
    const lineBytes = escapedBytes(line);
    const joined = current.length === 0 ? lineBytes : currentBytes + newlineBytes + lineBytes;
    if (joined <= budget) {
      current.push(line);
      currentBytes = joined;
      continue;
    }
    if (current.length > 0) flush();
    if (lineBytes <= budget) {
      current.push(line);
      currentBytes = lineBytes;
      continue;
    }
    let piece = '';
    let pieceBytes = 0;
    for (const char of line) {
      const charBytes = escapedBytes(char);
      if (pieceBytes + charBytes > budget) {
        chunks.push(piece);
        piece = '';
        pieceBytes = 0;
      }
      piece += char;
      pieceBytes += charBytes;
    }
    current.push(piece);
    currentBytes = pieceBytes;
  }
  flush();
  return chunks;
}
