package io.mcpedge.server.stream;

import io.netty.buffer.ByteBuf;

/**
 * Tracks whether the bytes of an event stream relayed so far end at an event boundary: an empty
 * line, that is two line terminators in a row, each CRLF, LF or CR (WHATWG HTML §9.2.5). Only the
 * last four bytes matter, so it holds them and nothing else.
 */
final class EventBoundary {

  private static final int CR = '\r';
  private static final int LF = '\n';

  /** The last four bytes, the most recent in the low byte; -1 fills what was never seen. */
  private int tail = -1;

  private boolean seen;

  /** Notes the bytes of {@code chunk} (its reader index is not moved). */
  void update(ByteBuf chunk) {
    int n = chunk.readableBytes();
    int from = chunk.readerIndex() + Math.max(0, n - 4);
    int to = chunk.readerIndex() + n;
    for (int i = from; i < to; i++) {
      tail = (tail << 8) | (chunk.getByte(i) & 0xff);
      seen = true;
    }
  }

  /** True before any byte, and after an empty line. */
  boolean atBoundary() {
    if (!seen) {
      return true;
    }
    int b1 = tail & 0xff;
    int b2 = (tail >>> 8) & 0xff;
    int b3 = (tail >>> 16) & 0xff;
    if (b1 == LF) {
      // ..LF LF, ..CR LF LF? (LF LF covers CRLF LF), ..LF CR LF, ..CR CR LF
      return b2 == LF || b2 == CR && (b3 == LF || b3 == CR);
    }
    // ..CR CR: a bare CR ends a line; a CR after LF is only a boundary once we know no LF follows
    return b1 == CR && b2 == CR;
  }
}
